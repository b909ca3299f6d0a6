"""Retention (docs/securite.md §11, §12, docs/retention.md): a schedule per kind of data and per collectivité, and the
daily job that deletes what has reached the end of its period — whole: rows, files and the history rows that hold
the deleted values.

The schedule is ``CATEGORIES`` (default, shortest and longest period, legal basis); a collectivité may shorten a
period within these bounds (``DureeConservation``, the page /parametres/conservation/). Periods count in months:

- for what belongs to a person, from the person's **end of relationship**: their last contact
  (``Usager.dernier_contact``, kept by a passage or an interview; the file's creation when there was none), provided
  no app keeps them (an open support);
- for the rest (anonymous passages, the access log, history rows, the outbox), from the row's own date.

The apps above own their data and register, in their ``AppConfig.ready()``:

- ``enregistrer_purge(code, fonction)``: ``fonction(limite, usagers)`` deletes the data of category ``code`` that
  reached its end — ``usagers`` is the queryset of the persons whose relationship ended before ``limite`` (for the
  person categories), ``limite`` the datetime before which the rows of the other categories go; it returns how many
  rows (or files) it deleted;
- ``enregistrer_conservation(fonction)``: ``fonction(limites)`` returns the ids of the persons whose file must stay
  (a queryset of ``usager_id`` values), ``limites`` being the end date of each category.

When the person's file itself goes (category ``dossier``), whatever of theirs has a shorter or equal period has
already gone; a category that must outlive the file (child-protection evaluations) keeps the file through
``enregistrer_conservation``. The job is idempotent: what is gone is not found again. It logs counts, never content.
"""

import logging
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from collectivites.historique import HistoriqueCollectivite
from collectivites.models import Collectivite, Envoi
from collectivites.tenancy import tenant_context

from .models import DureeConservation, EvenementUsager, JournalAcces, Usager

journal = logging.getLogger("relais.retention")


@dataclass(frozen=True)
class Categorie:
    code: str
    libelle: str
    defaut: int  # months
    minimum: int
    maximum: int
    depuis: str  # what the period counts from, in French for the page
    base: str  # legal basis, in French for the page (docs/retention.md has the full text)
    personne: bool = True  # counted from the person's end of relationship


# The order is the order of the job: what goes with the file comes before the file (docs/retention.md).
CATEGORIES = (
    Categorie(
        "journal",
        "Journal des accès aux dossiers",
        12,
        6,
        12,
        "la consultation",
        "CNIL, délibération 2021-122 (journalisation : six mois à un an)",
        personne=False,
    ),
    Categorie(
        "envois",
        "Courriels et tâches restés dans la boîte d'envoi",
        3,
        1,
        3,
        "leur création",
        "Choix du projet : une tâche non publiée après trois mois n'a plus d'objet",
        personne=False,
    ),
    Categorie(
        "passages_anonymes",
        "Texte libre des passages anonymes et de leurs orientations",
        12,
        1,
        24,
        "le passage",
        "CNIL, délibération 2021-028 ; référentiel des durées 2023-095 (deux ans au plus en base active)",
        personne=False,
    ),
    Categorie(
        "historique",
        "Historique des modifications (sauf l'état actuel)",
        24,
        12,
        24,
        "la modification",
        "CNIL, délibération 2021-028 (traçabilité, deux ans au plus en base active)",
        personne=False,
    ),
    Categorie(
        "notes_privees",
        "Entretiens et notes privées",
        24,
        1,
        24,
        "le dernier contact",
        "CNIL, délibération 2021-028 et référentiel 2023-095 : deux ans après le dernier contact",
    ),
    Categorie(
        "documents",
        "Documents déposés et PDF produits (contrat d'engagement, rapport d'enquête)",
        24,
        1,
        24,
        "le dernier contact",
        "CNIL, délibération 2021-028 et référentiel 2023-095 : deux ans après le dernier contact",
    ),
    Categorie(
        "enquetes_expulsion",
        "Enquêtes de prévention des expulsions",
        24,
        1,
        24,
        "le dernier contact",
        "CNIL, délibération 2021-028 ; CCH art. L.412-5 (enquête sociale) : deux ans après le dernier contact",
    ),
    Categorie(
        "accompagnements",
        "Contenu des accompagnements : plans d'action, commentaires",
        24,
        1,
        24,
        "le dernier contact",
        "CNIL, délibération 2021-028 et référentiel 2023-095 : deux ans après le dernier contact",
    ),
    Categorie(
        "evaluations_ip",
        "Évaluations d'informations préoccupantes (protection de l'enfance)",
        60,
        24,
        72,
        "le dernier contact",
        "CASF L.226-3 ; CNIL, délibération 2022-008 (protection de l'enfance) : durée à fixer par le département",
    ),
    Categorie(
        "dossier",
        "Identité de la personne et texte libre de ses passages et orientations",
        24,
        1,
        24,
        "le dernier contact",
        "CNIL, délibération 2021-028 : deux ans après le dernier contact (docs/securite.md §12)",
    ),
)
PAR_CODE = {c.code: c for c in CATEGORIES}

_CONSERVATIONS = []
_PURGES = {}


def enregistrer_conservation(fonction, categories=None):
    """``categories``: the codes it keeps the person's data for (all when ``None``)."""
    if all(f is not fonction for f, _ in _CONSERVATIONS):  # ready() may run twice
        _CONSERVATIONS.append((fonction, categories))


def enregistrer_purge(code, fonction):
    if code not in PAR_CODE:
        raise ValueError(f"Catégorie de conservation inconnue : {code}")
    fonctions = _PURGES.setdefault(code, [])
    if all(f is not fonction for f in fonctions):
        fonctions.append(fonction)


def calendrier(collectivite):
    """The collectivité's schedule: ``{code: months}``, its own shortenings over the defaults (bounded again here, so
    a value stored before a maximum was lowered cannot lengthen a period)."""
    with tenant_context(collectivite):
        propres = dict(DureeConservation.objects.values_list("categorie", "mois"))
    return {c.code: min(max(propres.get(c.code, c.defaut), c.minimum), c.maximum) for c in CATEGORIES}


def limites(collectivite, maintenant=None):
    """The end date of each category: what is older goes."""
    maintenant = maintenant or timezone.now()
    durees = calendrier(collectivite)
    resultat = {code: maintenant - relativedelta(months=mois) for code, mois in durees.items()}
    # what belongs to the person goes at the latest with their file (a shorter or equal period)
    for c in CATEGORIES:
        if c.personne and c.code != "evaluations_ip":
            resultat[c.code] = max(resultat[c.code], resultat["dossier"])
    return resultat


def inactifs_avant(limite, conserves=()):
    """The persons whose relationship ended before ``limite``, minus those kept; a file merged into another follows
    the file it was merged into."""
    principaux = Usager.objects.filter(fusionne_dans__isnull=True).filter(
        Q(dernier_contact__lt=limite) | Q(dernier_contact__isnull=True, cree_le__lt=limite)
    )
    if conserves:
        principaux = principaux.exclude(pk__in=list(conserves))
    return Usager.objects.filter(Q(pk__in=principaux) | Q(fusionne_dans__in=principaux))


def _conserves(lims):
    """``{code: ids of the persons kept for that category}``."""
    resultat = {c.code: set() for c in CATEGORIES}
    for conserver, categories in _CONSERVATIONS:
        ids = set(conserver(lims))
        for code in categories or resultat:
            resultat[code] |= ids
    return resultat


# The categories usagers owns.


def purger_journal(limite, usagers=None):
    """The only deletion of access-log rows (docs/securite.md §11): older than the collectivité's period."""
    return JournalAcces.objects.purger_avant(limite)


def purger_envois(limite, usagers=None):
    n, _ = Envoi.objects.filter(cree_le__lt=limite).delete()
    return n


def modeles_historiques():
    """Every history table of the project (they all derive from ``HistoriqueCollectivite``)."""
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, HistoriqueCollectivite)]


def purger_historique(limite, usagers=None):
    """History rows older than ``limite``, except the latest of each object (what it is now, who made it so)."""
    n = 0
    for modele in modeles_historiques():
        derniers = modele.objects.values("id").annotate(dernier=Max("history_id")).values("dernier")
        supprimees, _ = modele.objects.filter(history_date__lt=limite).exclude(history_id__in=derniers).delete()
        n += supprimees
    return n


def anonymiser(usagers, maintenant=None):
    """The file leaves the active base: the identity is cleared, the file becomes « Personne anonymisée n° N » (what
    the rollups count: one person, their commune), its history and its events (which hold the old values) go."""
    n = 0
    for usager in usagers.filter(anonymise_le__isnull=True):
        usager.prenom, usager.nom = "Personne", f"anonymisée n° {usager.pk}"
        usager.nom_naissance = usager.telephone = usager.email = ""
        usager.date_naissance = None
        usager.anonymise_le = maintenant or timezone.now()
        usager.save()
        n += 1
    # idempotent, and also for files anonymised before the history was deleted whole
    ids = list(usagers.filter(anonymise_le__isnull=False).values_list("pk", flat=True))
    Usager.historique.filter(id__in=ids).delete()
    EvenementUsager.objects.filter(usager_id__in=ids).delete()
    return n


_PURGES_USAGERS = {"journal": purger_journal, "envois": purger_envois, "historique": purger_historique}


def appliquer_collectivite(collectivite, maintenant=None, progression=None):
    """Run the schedule of ``collectivite``: returns ``{code: count}``. Idempotent; logs counts, never content."""
    maintenant = maintenant or timezone.now()
    lims = limites(collectivite, maintenant)
    resultats = {}
    with tenant_context(collectivite):
        conserves = _conserves(lims)
        for rang, c in enumerate(CATEGORIES, start=1):
            with transaction.atomic():
                limite = lims[c.code]
                usagers = inactifs_avant(limite, conserves[c.code]) if c.personne else None
                n = 0
                if c.code in _PURGES_USAGERS:
                    n += _PURGES_USAGERS[c.code](limite, usagers)
                for fonction in _PURGES.get(c.code, []):
                    n += fonction(limite, usagers)
                if c.code == "dossier":
                    n += anonymiser(usagers, maintenant)
            resultats[c.code] = n
            journal.info(
                "rétention %s : %s — %d supprimé(s) (%d/%d)", collectivite.slug, c.code, n, rang, len(CATEGORIES)
            )
            if progression:
                progression(rang, len(CATEGORIES), c.code, n)
    return resultats


def appliquer(maintenant=None):
    """Every active collectivité, one after the other (the beat task; the worker runs one per collectivité)."""
    resultats = {}
    for collectivite in Collectivite.objects.filter(active=True):
        resultats[collectivite.slug] = appliquer_collectivite(collectivite, maintenant)
    return resultats
