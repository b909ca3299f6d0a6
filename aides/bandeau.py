"""The aids' section of the person strip (docs/aides.md): that an aid was granted or is being instructed, by which
structure — never its amount nor its content — with a link only for those who may open it."""

from django.urls import reverse

from .access import demandes_visibles_par
from .models import Demande


def section_aides(user, usager, passage_id=None, **contexte):
    demandes = list(
        Demande.objects.filter(usager=usager)
        .select_related("dispositif__structure")
        .order_by("-deposee_le", "-pk")[:10]
    )
    if not demandes and not user.peut("accompagner"):
        return None
    lisibles = set(demandes_visibles_par(user).filter(usager=usager).values_list("pk", flat=True))
    return {
        "titre": "Aides facultatives",
        "modele": "aides/_bandeau.html",
        "lignes": [{"demande": d, "lien": d.pk in lisibles} for d in demandes],
        "usager": usager,
        "peut_demander": user.peut("accompagner"),
        "passage_id": passage_id,
    }


def action_demander(user, usager):
    if not user.peut("accompagner"):
        return None
    return {"libelle": "Demander une aide facultative", "url": f"{reverse('aides:deposer')}?usager={usager.pk}"}


def proposition_demander(user, accompagnement, peut_modifier):
    """« Demander une aide » on a support's page (accompagnement.propositions): for those who may write on an open
    support and apply; the form starts from the person and the support (docs/aides.md §3)."""
    if not (peut_modifier and accompagnement.est_ouvert and user.peut("accompagner")):
        return None
    url = f"{reverse('aides:deposer')}?usager={accompagnement.usager_id}&accompagnement={accompagnement.pk}"
    return {"libelle": "Demander une aide", "url": url}
