"""The aids in a person's file as exported (the encadrant's export and the right-of-access answer, portail/export.py,
docs/securite.md §14): read through ``demandes_visibles_par`` like the pages; what the reader may not open is written
as the person strip shows it — that an aid was asked, of which scheme and structure, never its content nor amount."""

from .access import demandes_visibles_par
from .models import Demande


def _demande(d, complet):
    ligne = {
        "dispositif": d.dispositif.nom,
        "structure": d.dispositif.structure.nom,
        "deposee_le": d.deposee_le,
        "statut": d.get_statut_display(),
    }
    if complet:
        s = d.situation
        ligne.update(
            {
                "objet": d.objet,
                "montant_demande": d.montant_demande,
                "situation_du_foyer": {
                    "au": s.date,
                    "source": s.get_source_display(),
                    "composition": s.get_type_foyer_display(),
                    "ressources_mensuelles": s.ressources,
                    "charges_mensuelles": s.charges,
                },
                "reste_a_vivre_par_jour_et_unite": d.reste_a_vivre,
                "regles": [f"{'Respectée' if r['respectee'] else 'Non respectée'} — {r['libelle']}" for r in d.regles],
                "evaluation": d.evaluation,
                "decisions": [
                    {
                        "le": x.decidee_le,
                        "decision": x.get_sens_display(),
                        "montant": x.montant,
                        "duree_mois": x.duree_mois,
                        "conditions": x.conditions,
                        "objectifs": x.objectifs,
                        "motif": x.motif,
                        "manquant": x.manquant,
                        "derogation_au_plafond": x.derogation,
                        "versements": [
                            {"date": v.date, "montant": v.montant, "moyen": v.get_moyen_display()}
                            for v in x.versements.all()
                        ],
                        "achats_epicerie": [
                            {"date": a.date, "montant": a.montant, "participation": a.participation}
                            for a in x.achats.all()
                        ],
                        "epreuves_du_permis": [
                            {"le": e.date, "epreuve": e.get_epreuve_display(), "resultat": e.get_resultat_display()}
                            for e in x.examens.all()
                        ],
                        "heures_de_contrepartie": [
                            {
                                "le": h.date,
                                "heures": h.heures,
                                "structure_d_accueil": h.lieu,
                                "etat": h.get_statut_display(),
                                "motif_du_refus": h.motif_refus,
                            }
                            for h in x.heures.all()
                        ],
                        "revue_des_objectifs": [
                            {"le": r.date, "resultat": r.get_resultat_display(), "commentaire": r.commentaire}
                            for r in x.revues.all()
                        ],
                    }
                    for x in d.decisions.all()
                ],
            }
        )
    return ligne


def _demandes(qs):
    return (
        qs.select_related("dispositif__structure", "situation")
        .prefetch_related("decisions__versements", "decisions__achats", "decisions__revues", "decisions__examens")
        .prefetch_related("decisions__heures__structure_hote")
        .order_by("deposee_le", "pk")
    )


def aides_lisibles(user, usager):
    lues = set(demandes_visibles_par(user).filter(usager=usager).values_list("pk", flat=True))
    return [_demande(d, d.pk in lues) for d in _demandes(Demande.objects.filter(usager=usager))]


def aides_de_structure(user, usager, structure):
    qs = demandes_visibles_par(user).filter(usager=usager, dispositif__structure=structure)
    return [_demande(d, True) for d in _demandes(qs)]


def structures_des_aides(usager):
    return set(Demande.objects.filter(usager=usager).values_list("dispositif__structure_id", flat=True))
