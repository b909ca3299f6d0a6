"""The supports' section of the person strip: that a support exists (type, structure, since when) and every member of
its groupe de suivi (structure, role in the group, since when, work phone and e-mail) — never its content — with a
link only for those who may open it; a confidential one is only « un accompagnement confidentiel existe ».
See docs/accompagnement.md."""

from django.db.models import Prefetch

from .access import accompagnements_visibles_par
from .models import Accompagnement, MembreGroupe


def section_accompagnements(user, usager, passage_id=None, **contexte):
    visibles = set(accompagnements_visibles_par(user).filter(usager=usager).values_list("pk", flat=True))
    lignes = []
    membres = MembreGroupe.objects.actifs().select_related("utilisateur", "structure")
    ouverts = (
        Accompagnement.objects.filter(usager=usager)
        .ouverts()
        .select_related("type", "structure", "referent")
        .prefetch_related(Prefetch("groupe", queryset=membres, to_attr="membres_actifs"))
    )
    for a in ouverts:
        if a.type.confidentiel and a.pk not in visibles:
            lignes.append({"confidentiel": True})
        else:
            lignes.append({"accompagnement": a, "lien": a.pk in visibles})
    return {
        "titre": "Accompagnements en cours",
        "modele": "accompagnement/_bandeau.html",
        "lignes": lignes,
        "usager": usager,
        "peut_ouvrir": user.peut("accompagner"),
        "passage_id": passage_id,
    }


def marque_suivi_en_cours(user, usager_ids):
    """« suivi en cours » beside a person in the search results, as the strip would tell it to this user: an open
    support that is not confidential, or a confidential one the user may read."""
    ouverts = Accompagnement.objects.filter(usager_id__in=usager_ids).ouverts()
    visibles = accompagnements_visibles_par(user).filter(usager_id__in=usager_ids).ouverts()
    suivis = set(ouverts.filter(type__confidentiel=False).values_list("usager_id", flat=True))
    suivis |= set(visibles.values_list("usager_id", flat=True))
    return {pk: "suivi en cours" for pk in suivis}
