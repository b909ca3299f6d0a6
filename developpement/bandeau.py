"""The collective actions a person took part in, on their file (the person strip registry, usagers/bandeau.py): only
for the users who may know the action's participants (``access.participants_visibles_par``); for anyone else the
section is absent, not empty — the desk does not learn that the person attended an action (docs/developpement.md
§8). The file's page is itself logged (usagers.views.fiche)."""

from django.db.models import Count

from .access import participants_visibles_par


def section_actions_collectives(user, usager, **contexte):
    participants = list(
        participants_visibles_par(user)
        .filter(usager=usager)
        .select_related("action")
        .annotate(nb_presences=Count("presences"))
        .order_by("-action__debut", "pk")
    )
    if not participants:
        return None
    return {
        "titre": "Actions collectives",
        "modele": "developpement/_bandeau.html",
        "participants": participants,
    }
