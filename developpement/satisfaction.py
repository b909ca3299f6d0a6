"""Charter indicator 5 measured (docs/developpement.md §6): which engaged structures « measure user satisfaction ».

A structure measures it over a period when one of its satisfaction questionnaires received at least N answers
during the period (N: ``ParametresDeveloppement.reponses_minimum_satisfaction`` of the collectivité, 20 by default) —
its own questionnaire, or the network's published at one of its reception sites — or, failing that, when it declared
another method in the census (``Structure.mesure_satisfaction`` with the method described, in force at the end of
the period). The snapshot keeps, per structure, which of the two applied.
"""

from django.db.models import Count, Q

from .enums import Nature
from .models import ParametresDeveloppement, PreuveSatisfaction, Reponse

REPONSES_MINIMUM_PAR_DEFAUT = 20


def reponses_minimum():
    parametres = ParametresDeveloppement.objects.first()
    return parametres.reponses_minimum_satisfaction if parametres else REPONSES_MINIMUM_PAR_DEFAUT


def par_questionnaire(structures, debut, fin, minimum):
    """{structure id: answers of its best questionnaire} for the structures that reached ``minimum``."""
    ids = set(structures.values_list("pk", flat=True))
    reponses = Reponse.objects.entre(debut, fin).filter(version__questionnaire__nature=Nature.SATISFACTION)
    meilleures = {}
    # a structure's own questionnaire (any of its links), and the network's at the structure's sites
    for cle in ("version__questionnaire__structure_id", "diffusion__lieu__structure_id"):
        filtre = Q(version__questionnaire__structure__isnull=True) if cle.startswith("diffusion") else Q()
        for ligne in (
            reponses.filter(filtre, **{f"{cle}__in": ids})
            .values(cle, "version__questionnaire_id")
            .annotate(n=Count("id"))
            .order_by(cle, "version__questionnaire_id")
        ):
            if ligne["n"] >= minimum:
                structure = ligne[cle]
                meilleures[structure] = max(meilleures.get(structure, 0), ligne["n"])
    return meilleures


def mesure_de_la_satisfaction(engagees, debut, fin):
    """The fields of indicator 5's result (``indicateurs.calcul.Resultat``) for the engaged structures."""
    minimum = reponses_minimum()
    questionnaires = par_questionnaire(engagees, debut, fin, minimum)
    declarees = {
        s.pk: s
        for s in engagees.filter(mesure_satisfaction=True)
        .exclude(satisfaction_methode="")
        .filter(Q(satisfaction_depuis__isnull=True) | Q(satisfaction_depuis__lte=fin))
    }
    preuves = {}
    for structure_id, nom in (
        PreuveSatisfaction.objects.filter(structure__in=declarees, deposee_le__date__lte=fin)
        .order_by("deposee_le", "pk")
        .values_list("structure_id", "nom")
    ):
        preuves.setdefault(structure_id, []).append(nom)
    structures = []
    for s in engagees.filter(pk__in=set(questionnaires) | set(declarees)).order_by("nom", "pk"):
        if s.pk in questionnaires:
            structures.append({"nom": s.nom, "source": "questionnaire", "reponses": questionnaires[s.pk]})
        else:
            ligne = {"nom": s.nom, "source": "declaration", "methode": s.satisfaction_methode}
            if s.pk in preuves:  # the files deposited as evidence (docs/developpement.md §6)
                ligne["preuves"] = preuves[s.pk]
            structures.append(ligne)
    total, n = engagees.count(), len(structures)
    return {
        "valeur": round(100.0 * n / total, 1) if total else 0.0,
        "methode": "Part des structures engagées dans le réseau qui mesurent la satisfaction des usagers : un "
        f"questionnaire de satisfaction ayant reçu au moins {minimum} réponses pendant la période, ou une autre "
        "méthode déclarée et décrite au recensement.",
        "parametres": {"reponses_minimum": minimum},
        "entrees": {"engagees": total, "mesurent": n},
        "detail": {
            "methodes": sorted({s["methode"] for s in structures if s["source"] == "declaration"}),
            "par_questionnaire": sum(1 for s in structures if s["source"] == "questionnaire"),
            "par_declaration": sum(1 for s in structures if s["source"] == "declaration"),
            "structures": structures,
        },
    }
