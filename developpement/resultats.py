"""The results of a questionnaire, as its readers see them (docs/developpement.md §5).

Every count goes through the small-cell rule (``config.secret_statistique.proteger``, the collectivité's threshold):
below the threshold of answers nothing is shown but the fact; each distribution hides its small cells. Free texts
are given only when the caller says the reader may read them, and never below the threshold either: at a small site
the team could recognise who just answered.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from config import graphiques
from config.secret_statistique import proteger

from .enums import ECHELLE, TYPES_A_CHOIX, TYPES_TEXTE, TypeQuestion
from .models import Reponse, Valeur

SANS_REPONSE = "Sans réponse"


@dataclass
class ResultatQuestion:
    question: object
    repondants: int | None
    lignes: list = field(default_factory=list)  # [{"libelle", "valeur"}], protected
    graphique: str = ""
    moyenne: float | None = None
    mediane: float | None = None
    textes: list = field(default_factory=list)


@dataclass
class Resultats:
    total: int
    seuil: int
    suffisant: bool
    par_lieu: list
    questions: list


def calculer(version, seuil, *, diffusion=None, avec_textes=False):
    reponses = Reponse.objects.filter(version=version)
    if diffusion is not None:
        reponses = reponses.filter(diffusion=diffusion)
    total = reponses.count()
    par_lieu = [
        {"libelle": str(r["diffusion__lieu__nom"] or "Tous les lieux"), "valeur": r["n"]}
        for r in reponses.values("diffusion__lieu__nom").annotate(n=Count("id")).order_by("diffusion__lieu__nom")
    ]
    suffisant = total >= seuil
    if not suffisant:
        return Resultats(total, seuil, False, [], [])
    valeurs = list(
        Valeur.objects.filter(reponse__in=reponses, question__version=version).values_list(
            "question_id", "reponse_id", "choix", "nombre", "texte"
        )
    )
    resultats = [
        _question(q, [v for v in valeurs if v[0] == q.pk], total, seuil, avec_textes)
        for q in version.questions.select_related("section")
    ]
    return Resultats(total, seuil, True, proteger(par_lieu, seuil), resultats)


def _question(q, valeurs, total, seuil, avec_textes):
    repondants = len({v[1] for v in valeurs})
    r = ResultatQuestion(question=q, repondants=repondants)
    if q.type in TYPES_A_CHOIX or q.type == TypeQuestion.ECHELLE:
        if q.type == TypeQuestion.ECHELLE:
            comptes = Counter(v[3] for v in valeurs)
            lignes = [{"libelle": libelle, "valeur": comptes.get(n, 0)} for n, libelle in ECHELLE.items()]
            notes = [v[3] for v in valeurs]
            if len(notes) >= seuil:
                r.moyenne = round(statistics.fmean(notes), 1)
        else:
            comptes = Counter(v[2] for v in valeurs)
            lignes = [{"libelle": c, "valeur": comptes.get(c, 0)} for c in q.choix]
        lignes.append({"libelle": SANS_REPONSE, "valeur": total - repondants})
        # A multiple choice counts people per box: its cells do not add up, each is protected on its own.
        r.lignes = (
            proteger(lignes, seuil) if q.type != TypeQuestion.CHOIX_MULTIPLE else _cellule_par_cellule(lignes, seuil)
        )
        r.graphique = graphiques.barres([(lig["libelle"], lig["valeur"]) for lig in r.lignes], q.libelle, tableau=True)
    elif q.type == TypeQuestion.NOMBRE:
        nombres = [v[3] for v in valeurs]
        if len(nombres) >= seuil:
            r.moyenne = round(statistics.fmean(nombres), 1)
            r.mediane = statistics.median(nombres)
    elif q.type in TYPES_TEXTE and avec_textes:
        # alphabetical order: the order of arrival would say who wrote what at a small site
        r.textes = sorted(v[4] for v in valeurs if v[4])
    return r


def _cellule_par_cellule(lignes, seuil):
    return [{**lig, "valeur": None if 0 < lig["valeur"] < seuil else lig["valeur"]} for lig in lignes]


def lignes_export(resultats):
    """The table of an export: one row per answer of each question (counts only, never a free text)."""
    yield ["Toutes les questions", "Réponses reçues", resultats.total]
    for lieu in resultats.par_lieu:
        yield ["Réponses par lieu", lieu["libelle"], lieu["valeur"]]
    for r in resultats.questions:
        for lig in r.lignes:
            yield [r.question.libelle, lig["libelle"], lig["valeur"]]
        if r.moyenne is not None:
            yield [r.question.libelle, "Moyenne", r.moyenne]
        if r.mediane is not None:
            yield [r.question.libelle, "Médiane", r.mediane]
