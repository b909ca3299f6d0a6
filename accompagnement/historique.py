"""The readable history of a support: who changed what, and when (docs/securite.md §10)."""

from .models import Accompagnement, Action, Entretien, MembreGroupe, Objectif, Theme

TYPES = {"+": "création", "~": "modification", "-": "suppression"}


def _libelle(champ, modele):
    try:
        return str(modele._meta.get_field(champ).verbose_name)
    except Exception:
        return champ


def lignes(accompagnement, limite=40):
    sources = [
        ("Accompagnement", Accompagnement, Accompagnement.historique.model.objects.filter(id=accompagnement.pk)),
        ("Groupe de suivi", MembreGroupe, MembreGroupe.historique.model.objects.filter(accompagnement=accompagnement)),
        ("Thème", Theme, Theme.historique.model.objects.filter(accompagnement=accompagnement)),
        ("Objectif", Objectif, Objectif.historique.model.objects.filter(theme__accompagnement=accompagnement)),
        ("Action", Action, Action.historique.model.objects.filter(objectif__theme__accompagnement=accompagnement)),
        ("Entretien", Entretien, Entretien.historique.model.objects.filter(accompagnement=accompagnement)),
    ]
    resultat = []
    for objet, modele, qs in sources:
        for h in qs.select_related("history_user").order_by("-history_date")[:limite]:
            changes = []
            if h.history_type == "~" and h.prev_record:
                changes = sorted(_libelle(c.field, modele) for c in h.diff_against(h.prev_record).changes)
            resultat.append(
                {
                    "quand": h.history_date,
                    "qui": h.history_user,
                    "objet": objet,
                    "libelle": str(getattr(h, "libelle", "") or ""),
                    "type": TYPES.get(h.history_type, ""),
                    "champs": changes,
                }
            )
    resultat.sort(key=lambda ligne: ligne["quand"], reverse=True)
    return resultat[:limite]
