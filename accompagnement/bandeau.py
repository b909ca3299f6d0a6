"""The supports' section of the person strip: that a support exists (type, structure, referent, since when), with a
link only for those who may open it; a confidential one is only « un accompagnement confidentiel existe »."""

from .access import accompagnements_visibles_par
from .models import Accompagnement


def section_accompagnements(user, usager, passage_id=None, **contexte):
    visibles = set(accompagnements_visibles_par(user).filter(usager=usager).values_list("pk", flat=True))
    lignes = []
    for a in Accompagnement.objects.filter(usager=usager).ouverts().select_related("type", "structure", "referent"):
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
