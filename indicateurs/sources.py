"""The sources of the activity statistics: what each rollup counts (docs/performance.md §14).

A source is one function registered with ``@source(nom, libelle)``: given a period it yields the cells
``(mois, lieu_id, dimension, cle, libelle, valeur)`` of that period. Adding a source (e.g. the engineering requests
of ``ingenierie``) is one function; the apps below ``indicateurs`` register theirs from ``sources_aides.py`` and
``sources_developpement.py``. ``indicateurs.statistiques`` writes their cells into the rollups and reads them back.

A source that declares the tables it reads (``suivre=[(Modele, "date"), (Lien, "fk__date")]``) is refreshed
incrementally: database triggers mark the months written to (``indicateurs.suivi``) and
``statistiques.rafraichir_modifie`` recomputes only those. A source without ``suivre`` is recomputed by the nightly
refresh of the last months only.

A source whose cells add up day by day (counts, sums: not distinct persons) may say so with ``par_jour=True``: it is
then called ``fonction(debut, fin, par_jour)`` and, with ``par_jour`` true, yields cells whose first element is a day,
``(jour, lieu_id, dimension, cle, libelle, valeur)`` (a month otherwise). The triggers then mark the days written to.

Distinct persons do not add up day by day. A source of distinct counts says ``par_jour=True, ensemble=compter``: with
``par_jour`` true it yields the rows of a set, ``(jour, lieu_id, usager_id)`` (one per person seen on a day at a site,
the person empty for anonymous passages), and ``compter`` turns such rows into its monthly cells. The incremental
refresh adds the difference of the counts of the persons whose rows changed (``statistiques``), so ``compter`` must
count persons: each cell a sum over the identified persons of its rows, the anonymous rows counting for nothing (as
``compter_personnes``); a count of anything else would drift.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, DateField, F, Min
from django.db.models.functions import TruncDay, TruncMonth
from django.db.models.lookups import In
from django.utils import timezone

from accompagnement.models import Accompagnement
from accueil.enums import Canal, StatutOrientation, StatutPassage
from accueil.models import EvenementOrientation, Orientation, Passage, PassageMotif, PassageReponse
from territoire.models import Commune

SOURCES = {}


def source(nom, libelle, suivre=(), par_jour=False, ensemble=None):
    """Register a rollup source. ``suivre``: the (model, date path) pairs whose writes change its cells;
    ``par_jour``: its cells are counted by day and add up into the month, or, with ``ensemble`` (the function that
    counts a set's rows into monthly cells), its days are sets of persons (see the module's docstring)."""
    if ensemble and any(s["ensemble"] for n, s in SOURCES.items() if n != nom):
        raise ValueError("une seule source d'ensembles : PersonneJour n'a pas de colonne source")

    def enregistrer(fonction):
        SOURCES[nom] = {
            "fonction": fonction,
            "libelle": libelle,
            "suivre": tuple(suivre),
            "par_jour": par_jour or bool(ensemble),
            "ensemble": ensemble,
        }
        return fonction

    return enregistrer


class _DateDeLaBase:
    """A ``Trunc`` whose date PostgreSQL casts itself (``::date``): Django's ``Trunc`` returns a timestamp there and
    converts it in Python, one call per row — a tenth of a day's refresh (docs/performance.md §14). Other databases
    keep Django's conversion."""

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = self.as_sql(compiler, connection, **extra)
        return f"({sql})::date", params

    def get_db_converters(self, connection):
        if connection.vendor == "postgresql":
            return self.output_field.get_db_converters(connection)
        return super().get_db_converters(connection)


class _MoisLocal(_DateDeLaBase, TruncMonth):
    pass


class _JourLocal(_DateDeLaBase, TruncDay):
    pass


class _Parmi(In):
    """``_Parmi(F("champ"), […])``, a filter: ``IN``, sent on PostgreSQL as ``= ANY(%s)`` with one array parameter
    (used as an expression, not registered on a field: no other app's query changes). ``IN`` sends a
    placeholder per value, and psycopg parses again (uncached) every statement of more than 50 parameters: a day's
    residents' communes, ~150 codes, cost ~1 ms each refresh (docs/performance.md §14)."""

    lookup_name = "parmi"  # Django's name for the lookup in its messages; not registered

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():  # a subquery or an expression: ``IN`` as Django writes it
            return self.as_sql(compiler, connection)
        valeurs = [v for v in self.rhs if v is not None]  # as ``IN``: NULL matches nothing
        if not valeurs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, valeurs)


def _mois(d):
    d = timezone.localtime(d).date() if hasattr(d, "hour") else d
    return date(d.year, d.month, 1)


def _mois_local(champ):
    """The month of a datetime in the local time zone, as a date computed by the database (no conversion per row)."""
    return _MoisLocal(champ, output_field=DateField())


def _jour(d):
    return timezone.localtime(d).date() if hasattr(d, "hour") else d


def _jour_local(champ):
    """The local day of a datetime, as a date computed by the database."""
    return _JourLocal(champ, output_field=DateField())


def _bornes_jours(debut, fin):
    """Aware datetimes of [``debut`` 00:00, the day after ``fin`` 00:00), local time."""
    tz = timezone.get_current_timezone()
    suivant = fin + timedelta(days=1)
    return datetime(debut.year, debut.month, debut.day, tzinfo=tz), datetime(*suivant.timetuple()[:3], tzinfo=tz)


def _local(champ, par_jour):
    """The local day (or month) of a date or datetime column, as a date computed by the database."""
    return _jour_local(champ) if par_jour else _mois_local(champ)


def _date(d, par_jour):
    return _jour(d) if par_jour else _mois(d)


def _bornes(debut, fin):
    """Aware datetimes of [first day of ``debut``'s month, first day after ``fin``'s month)."""
    tz = timezone.get_current_timezone()
    a = datetime(debut.year, debut.month, 1, tzinfo=tz)
    suivant = date(fin.year + (fin.month == 12), fin.month % 12 + 1, 1)
    b = datetime(suivant.year, suivant.month, 1, tzinfo=tz)
    return a, b


@source(
    "passages",
    "Passages",
    suivre=[(Passage, "date_heure"), (PassageMotif, "passage__date_heure"), (PassageReponse, "passage__date_heure")],
    par_jour=True,
)
def source_passages(debut, fin, par_jour=False):
    a, b = _bornes_jours(debut, fin)
    passages = Passage.objects.filter(date_heure__gte=a, date_heure__lt=b).annotate(m=_local("date_heure", par_jour))
    cellules = defaultdict(int)
    # total, channel and outcome (received, or left without being received, docs/accueil.md §3) from one GROUP BY
    canaux, issues = dict(Canal.choices), dict(StatutPassage.choices)
    for r in passages.values("m", "lieu_id", "canal", "statut").annotate(n=Count("id")).order_by():
        m, lieu, n = _date(r["m"], par_jour), r["lieu_id"], r["n"]
        cellules[(m, lieu, "total", "total", "Passages")] += n
        cellules[(m, lieu, "canal", r["canal"], canaux.get(r["canal"], r["canal"]))] += n
        cellules[(m, lieu, "issue", r["statut"], issues.get(r["statut"], r["statut"]))] += n
    # residence: not per site (commune × site × month would be as big as the passages themselves); a territory
    # selects these cells by the communes it serves (sectorisation), see ``lire``. The EPCI from the same GROUP BY;
    # names and EPCIs are looked up afterwards for the communes met (joining the 35,000 communes hashed all of them:
    # most of the time of a day's refresh)
    residences = list(passages.values("m", "commune_residence_id").annotate(n=Count("id")).order_by())
    codes = {r["commune_residence_id"] for r in residences} - {None}
    communes = {
        c["code"]: c
        for c in Commune.objects.filter(_Parmi(F("code"), codes)).values("code", "nom", "epci_id", "epci__nom")
    }
    for r in residences:
        m, n = _date(r["m"], par_jour), r["n"]
        c = communes.get(r["commune_residence_id"]) or {}
        cellules[(m, None, "commune", c.get("code") or "inconnue", c.get("nom") or "Non renseignée")] += n
        cellules[(m, None, "epci", c.get("epci_id") or "inconnu", c.get("epci__nom") or "Non renseigné")] += n
    for cle, n in cellules.items():
        yield *cle, n
    yield from _par_nomenclature(PassageMotif, "motif", a, b, par_jour)
    # the responses given, in each collectivité's own words (docs/accueil.md §2)
    yield from _par_nomenclature(PassageReponse, "reponse", a, b, par_jour)


def _par_nomenclature(lien, champ, a, b, par_jour):
    """Cells of one of the desk's nomenclatures (motifs, responses) per day (or month) and site: a passage counts once
    under each entry it carries. The passages are joined within the collectivité: the database then reads them by the
    (collectivité, date) index instead of a month of every collectivité's passages (2.4 s for one month at 10⁷). The
    entries' labels are read afterwards for the entries met: joined before grouping, each of a day's passages looked
    its motif up (2 of a day's refresh's 7 ms for that statement, docs/performance.md §14)."""
    lignes = list(
        lien.objects.filter(
            passage__date_heure__gte=a, passage__date_heure__lt=b, passage__collectivite_id=F("collectivite_id")
        )
        .annotate(m=_local("passage__date_heure", par_jour))
        .values_list("m", "passage__lieu_id", f"{champ}_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    if not lignes:
        return
    entrees = lien._meta.get_field(champ).related_model.objects.filter(pk__in={r[2] for r in lignes})
    libelles = dict(entrees.values_list("pk", "libelle"))
    for m, lieu, entree, n in lignes:
        yield _date(m, par_jour), lieu, champ, str(entree), libelles.get(entree, ""), n


PERSONNES = "Personnes distinctes"
PERSONNES_TOUS_LIEUX = "Personnes distinctes (tous lieux)"


def compter_personnes(lignes):
    """The monthly cells of the rows ``(jour, lieu_id, usager_id)`` of persons seen: distinct persons per month and
    site, and per month across all sites (anonymous rows, ``usager_id`` empty, count for nothing)."""
    par_lieu, par_mois = defaultdict(set), defaultdict(set)
    for j, lieu, usager in lignes:
        if usager is not None:
            m = date(j.year, j.month, 1)
            par_lieu[(m, lieu)].add(usager)
            par_mois[m].add(usager)
    for (m, lieu), personnes in par_lieu.items():
        yield m, lieu, "total", "total", PERSONNES, len(personnes)
    for m, personnes in par_mois.items():
        yield m, None, "mois", "total", PERSONNES_TOUS_LIEUX, len(personnes)


@source("personnes", PERSONNES, suivre=[(Passage, "date_heure")], ensemble=compter_personnes)
def source_personnes(debut, fin, par_jour=False):
    """Distinct identified persons per month and site (a count rollup cannot give them: computed here). By day, the
    set's rows: one per (day, site, person), anonymous passages as one row per (day, site) without a person."""
    if par_jour:
        a, b = _bornes_jours(debut, fin)
        yield from (
            Passage.objects.filter(date_heure__gte=a, date_heure__lt=b)
            .annotate(j=_jour_local("date_heure"))
            .values_list("j", "lieu_id", "usager_id")
            .distinct()
            .order_by()
        )
        return
    a, b = _bornes(debut, fin)
    passages = Passage.objects.filter(date_heure__gte=a, date_heure__lt=b, usager__isnull=False)
    for r in (
        passages.annotate(m=_mois_local("date_heure"))
        .values("m", "lieu_id")
        .annotate(n=Count("usager_id", distinct=True))
        .order_by()
    ):
        yield _mois(r["m"]), r["lieu_id"], "total", "total", PERSONNES, r["n"]
    # the month across all sites: a person seen at two sites counts once
    for r in passages.annotate(m=_mois_local("date_heure")).values("m").annotate(n=Count("usager_id", distinct=True)):
        yield _mois(r["m"]), None, "mois", "total", PERSONNES_TOUS_LIEUX, r["n"]


DELAIS = [(2, "moins de 2 jours"), (7, "2 à 7 jours"), (30, "8 à 30 jours"), (None, "plus de 30 jours")]


@source(
    "orientations",
    "Orientations",
    suivre=[(Orientation, "emise_le"), (EvenementOrientation, "orientation__emise_le")],
    par_jour=True,
)
def source_orientations(debut, fin, par_jour=False):
    a, b = _bornes_jours(debut, fin)
    orientations = Orientation.objects.filter(emise_le__gte=a, emise_le__lt=b)
    statuts = dict(StatutOrientation.choices)
    reponses = dict(
        EvenementOrientation.objects.filter(
            orientation__in=orientations, vers__in=[StatutOrientation.ACCEPTEE, StatutOrientation.REFUSEE]
        )
        .values("orientation_id")
        .annotate(q=Min("quand"))
        .values_list("orientation_id", "q")
    )
    cellules = defaultdict(int)
    for o in orientations.values("pk", "emise_le", "statut", "passage__lieu_id"):
        m, lieu = _date(o["emise_le"], par_jour), o["passage__lieu_id"]
        cellules[(m, lieu, "resultat", o["statut"], statuts.get(o["statut"], o["statut"]))] += 1
        quand = reponses.get(o["pk"])
        if quand is None:
            cellules[(m, lieu, "delai", "sans_reponse", "sans réponse")] += 1
        else:
            jours = (quand - o["emise_le"]).total_seconds() / 86400
            for i, (borne, libelle) in enumerate(DELAIS):
                if borne is None or jours < borne:
                    cellules[(m, lieu, "delai", str(i), libelle)] += 1
                    break
    for (m, lieu, dimension, cle, libelle), n in cellules.items():
        yield m, lieu, dimension, cle, libelle, n


@source(
    "accompagnements",
    "Accompagnements",
    suivre=[(Accompagnement, "date_debut"), (Accompagnement, "date_fin")],
    par_jour=True,
)
def source_accompagnements(debut, fin, par_jour=False):
    a, b = debut, fin + timedelta(days=1)
    ouverts = (
        Accompagnement.objects.filter(date_debut__gte=a, date_debut__lt=b)
        .annotate(m=F("date_debut") if par_jour else TruncMonth("date_debut"))
        .values("m", "type_id", "type__libelle")
        .annotate(n=Count("id"))
        .order_by()
    )
    for r in ouverts:
        yield _date(r["m"], par_jour), None, "ouverts_type", str(r["type_id"]), r["type__libelle"], r["n"]
    clos = Accompagnement.objects.filter(date_fin__gte=a, date_fin__lt=b)
    clos = clos.annotate(m=F("date_fin") if par_jour else TruncMonth("date_fin"))
    for r in clos.values("m", "type_id", "type__libelle").annotate(n=Count("id")).order_by():
        yield _date(r["m"], par_jour), None, "clos_type", str(r["type_id"]), r["type__libelle"], r["n"]
    issues = dict(Accompagnement._meta.get_field("issue").choices)
    for r in clos.values("m", "issue").annotate(n=Count("id")).order_by():
        yield (
            _date(r["m"], par_jour),
            None,
            "clos_issue",
            r["issue"] or "inconnue",
            issues.get(r["issue"], "Non renseignée"),
            r["n"],
        )


@source("ingenierie", "Demandes d'ingénierie", suivre=[("ingenierie.Demande", "deposee_le")], par_jour=True)
def source_ingenierie(debut, fin, par_jour=False):
    """Engineering requests of the municipalities, by the day they were filed: type of project, level, state."""
    from ingenierie.models import Demande

    a, b = _bornes_jours(debut, fin)
    demandes = Demande.objects.filter(deposee_le__gte=a, deposee_le__lt=b).annotate(m=_local("deposee_le", par_jour))
    for dimension, champ in (("type", "type_projet"), ("niveau", "niveau"), ("etat", "statut")):
        libelles = dict(Demande._meta.get_field(champ).choices)
        for r in demandes.values("m", champ).annotate(n=Count("id")).order_by():
            cle = r[champ]
            libelle = libelles.get(cle, "Non qualifié") if cle is not None else "Non qualifié"
            yield _date(r["m"], par_jour), None, dimension, "aucun" if cle is None else str(cle), str(libelle), r["n"]
