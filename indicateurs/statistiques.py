"""Activity statistics: monthly rollups maintained by the worker, read by the dashboards, exports and API.

What each rollup counts is its source's (``indicateurs.sources``, the registry ``SOURCES``). Here, the writing and
the reading of the cells. ``rafraichir`` replaces a source's cells of the months it recomputes, in one transaction,
so it is idempotent. Reading applies the small-cell rule after summing (``config.secret_statistique``,
docs/securite.md §7).

``rafraichir_modifie`` recomputes only what the triggers marked (docs/performance.md §14). The daily cells
(``AgregatJour``) of a month are written when the incremental refresh first meets a day of a ``par_jour`` source in
that month, and by the full refresh for the current month; from then on the monthly cells of that month are the sums
of its daily cells, and the incremental refresh recomputes only the days marked and adds the difference to the
monthly cells — a day of a collectivité instead of a month of raw rows.

A source of distinct persons (``ensemble``) has its days' rows kept in ``PersonneJour``, where the month is held by
day. The incremental refresh of a day then writes only the day's rows that changed, reads the other rows of the
persons whose rows changed, and adds the difference of their counts — never a month of passages.
"""

import json
from collections import defaultdict
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Min, Sum
from django.utils import timezone

from accompagnement.models import Accompagnement
from accueil.models import Orientation, Passage
from collectivites.models import Collectivite
from config.secret_statistique import proteger

from .models import Agregat, AgregatJour, MoisARafraichir, PersonneJour
from .sources import SOURCES, _jour, _mois


def _premier_du_mois_suivant(d):
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _verrouiller(collectivite):
    """One refresh at a time per collectivité (two overlapping runs would each delete, then both insert). A « no key »
    lock: the desks' inserts (which take a key-share lock on the collectivité for their foreign key) never wait.

    On PostgreSQL a refresh that is its own transaction also commits without waiting for the disk
    (``synchronous_commit`` off for that transaction only): it writes only what can be computed again — the cells,
    and the marks it consumes. A crash in the instant after such a commit loses the whole transaction, marks and cells
    together, and the next run recomputes the same days. The wait was 2.7 ms of a day's refresh (docs/performance.md
    §14). Called inside a caller's transaction, whose other writes may not be recomputable, it changes nothing."""
    if connection.vendor != "postgresql":
        Collectivite.objects.select_for_update(no_key=True).filter(pk=collectivite.pk).first()
        return
    # its own transaction: the only atomic block, which commits on exit (not one opened in a transaction begun by hand)
    propre = connection.commit_on_exit and len(connection.atomic_blocks) == 1
    asynchrone = "SET LOCAL synchronous_commit TO OFF; " if propre else ""
    _executer(
        f"{asynchrone}SELECT 1 FROM {Collectivite._meta.db_table} WHERE id = %s FOR NO KEY UPDATE", [collectivite.pk]
    )


def _executer(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def _mois_de(premier, dernier):
    mois = []
    while premier < dernier:
        mois.append(premier)
        premier = _premier_du_mois_suivant(premier)
    return mois


def _coupees(nom, cellules):
    """Rows ``(source, date, lieu, dimension, cle, libelle, valeur)`` cut to the columns' lengths."""
    return [
        (nom, m, lieu, dimension, str(cle)[:60], str(libelle)[:200], n)
        for m, lieu, dimension, cle, libelle, n in cellules
    ]


def _calculer(nom, premier, dernier, par_jour=False):
    """The cells of source ``nom`` over the days [premier, dernier), as rows ``(source, date, lieu, dimension, cle,
    libelle, valeur)`` cut to the columns' lengths (``date``: a day with ``par_jour``, else a month)."""
    options = {"par_jour": par_jour} if SOURCES[nom]["par_jour"] else {}
    return _coupees(nom, SOURCES[nom]["fonction"](premier, dernier - timedelta(days=1), **options))


def _membres(nom, premier, dernier):
    """The set rows ``(jour, lieu_id, usager_id)`` of source ``nom`` (``ensemble``) over the days [premier,
    dernier)."""
    return [(_jour(j), lieu, u) for j, lieu, u in SOURCES[nom]["fonction"](premier, dernier - timedelta(days=1), True)]


def _sommes_du_mois(jours):
    """The monthly cells of daily cells: summed by (source, month, site, dimension, key, label)."""
    sommes = defaultdict(int)
    for nom, j, lieu, dimension, cle, libelle, n in jours:
        sommes[(nom, date(j.year, j.month, 1), lieu, dimension, cle, libelle)] += n
    return [(*cle, n) for cle, n in sommes.items()]


INSERER = (
    "INSERT INTO {table} (collectivite_id, source, {date}, lieu_id, dimension, cle, libelle, valeur) "
    "SELECT %s, c.* FROM json_to_recordset(%s::json) AS c(s text, m date, l bigint, d text, k text, b text, v int)"
)


def _inserer(modele, champ_date, collectivite, lignes):
    """Every cell in one statement, sent as one JSON document (bulk_create would build a model instance per cell and
    send batches; arrays bound client-side are quoted value by value)."""
    if not lignes:
        return
    if connection.vendor != "postgresql":  # the SQLite demo: the ORM
        modele.objects.bulk_create(
            [
                modele(
                    collectivite=collectivite,
                    source=nom,
                    lieu_id=lieu,
                    dimension=d,
                    cle=c,
                    libelle=lb,
                    valeur=n,
                    **{champ_date: m},
                )
                for nom, m, lieu, d, c, lb, n in lignes
            ],
            batch_size=2000,
        )
        return
    _executer(
        INSERER.format(table=modele._meta.db_table, date=champ_date),
        [collectivite.pk, json.dumps([dict(zip("smldkbv", ligne, strict=True)) for ligne in lignes], default=str)],
    )


INSERER_MEMBRES = (
    f"INSERT INTO {PersonneJour._meta.db_table} (collectivite_id, jour, lieu_id, usager_id) "
    "SELECT %s, c.* FROM json_to_recordset(%s::json) AS c(j date, l bigint, u bigint)"
)


def _json_membres(lignes):
    """The set rows ``(jour, lieu_id, usager_id)`` as the JSON that ``INSERER_MEMBRES`` reads."""
    return json.dumps([dict(zip("jlu", ligne, strict=True)) for ligne in lignes], default=str)


def _jours(premier, dernier):
    """The days [premier, dernier)."""
    return [premier + timedelta(days=k) for k in range((dernier - premier).days)]


def _inserer_membres(collectivite, lignes):
    """The set rows ``(jour, lieu_id, usager_id)`` into ``PersonneJour``, in one statement."""
    if not lignes:
        return
    if connection.vendor != "postgresql":
        PersonneJour.objects.bulk_create(
            [PersonneJour(collectivite=collectivite, jour=j, lieu_id=lieu, usager_id=u) for j, lieu, u in lignes],
            batch_size=2000,
        )
        return
    _executer(INSERER_MEMBRES, [collectivite.pk, _json_membres(lignes)])


def _remplacer(collectivite, plages, jours_depuis=None):
    """Recompute each source of ``plages`` ({source: [(premier, dernier)]}, months [premier, dernier)) and replace
    its cells of those months: one DELETE and one INSERT per table for every source together. For a source counted
    by day, the months from ``jours_depuis`` on are computed by day — their daily cells (or set rows) written, the
    monthly ones their sums (or counts) —, the earlier ones by month, their daily rows deleted (a daily rollup of every
    month would be as big as the raw rows, docs/performance.md §14). Inside the caller's transaction, the lock held.
    Returns the number of monthly cells written."""
    lignes, jours, membres, sources, mois = [], [], [], [], []
    for nom, intervalles in plages.items():
        ensemble = SOURCES[nom]["ensemble"]
        for premier, dernier in intervalles:
            coupure = dernier
            if SOURCES[nom]["par_jour"] and jours_depuis is not None:
                coupure = min(dernier, max(premier, jours_depuis))
            if premier < coupure:
                lignes += _calculer(nom, premier, coupure)
            if coupure < dernier and ensemble:
                rangs = _membres(nom, coupure, dernier)
                membres += rangs
                lignes += _coupees(nom, ensemble(rangs))
            elif coupure < dernier:
                cellules = _calculer(nom, coupure, dernier, par_jour=True)
                jours += cellules
                lignes += _sommes_du_mois(cellules)
            for m in _mois_de(premier, dernier):
                sources.append(nom)
                mois.append(m)
    if not mois:
        return 0
    par_jour = [nom for nom in plages if SOURCES[nom]["par_jour"] and not SOURCES[nom]["ensemble"]]
    mois_ensemble = sorted({m for nom, m in zip(sources, mois, strict=True) if SOURCES[nom]["ensemble"]})
    if connection.vendor != "postgresql":  # the SQLite demo: the ORM, source by source
        for nom, intervalles in plages.items():
            for premier, dernier in intervalles:
                Agregat.objects.filter(source=nom, mois__gte=premier, mois__lt=dernier).delete()
                AgregatJour.objects.filter(source=nom, jour__gte=premier, jour__lt=dernier).delete()
                if SOURCES[nom]["ensemble"]:
                    PersonneJour.objects.filter(jour__gte=premier, jour__lt=dernier).delete()
    else:
        table, table_jours = Agregat._meta.db_table, AgregatJour._meta.db_table
        _executer(
            f"DELETE FROM {table} WHERE collectivite_id = %s AND source = ANY(%s) AND mois BETWEEN %s AND %s "
            "AND (source, mois) IN (SELECT * FROM unnest(%s::text[], %s::date[]))",
            [collectivite.pk, list(plages), min(mois), max(mois), sources, mois],
        )
        if par_jour:
            _executer(
                f"DELETE FROM {table_jours} WHERE collectivite_id = %s AND source = ANY(%s) "
                "AND jour >= %s AND jour < %s "
                "AND (source, date_trunc('month', jour)::date) IN (SELECT * FROM unnest(%s::text[], %s::date[]))",
                [collectivite.pk, par_jour, min(mois), _premier_du_mois_suivant(max(mois)), sources, mois],
            )
        if mois_ensemble:
            _executer(
                f"DELETE FROM {PersonneJour._meta.db_table} WHERE collectivite_id = %s AND jour >= %s AND jour < %s "
                "AND date_trunc('month', jour)::date = ANY(%s::date[])",
                [collectivite.pk, mois_ensemble[0], _premier_du_mois_suivant(mois_ensemble[-1]), mois_ensemble],
            )
    _inserer(AgregatJour, "jour", collectivite, jours)
    _inserer_membres(collectivite, membres)
    _inserer(Agregat, "mois", collectivite, lignes)
    return len(lignes)


def _mois_sans_jours(collectivite, paires):
    """Among (source, month) pairs, those with no daily row: their monthly cells are not (yet) the sums (or counts)
    of daily rows — rolled up before the daily rows existed, or never —, so the month is recomputed in full. The
    daily rows of a source of sets are in ``PersonneJour`` (its anonymous rows make a month with passages hold
    rows)."""
    if not paires:
        return []
    noms, mois = zip(*paires, strict=True)
    ensembles = [bool(SOURCES[nom]["ensemble"]) for nom in noms]
    return _executer(
        f"SELECT s.source, s.mois FROM unnest(%s::text[], %s::date[], %s::boolean[]) AS s(source, mois, ensemble) "
        "WHERE CASE WHEN s.ensemble THEN NOT EXISTS ("
        f"SELECT 1 FROM {PersonneJour._meta.db_table} p WHERE p.collectivite_id = %s "
        "AND p.jour >= s.mois AND p.jour < (s.mois + interval '1 month')::date"
        f") ELSE NOT EXISTS (SELECT 1 FROM {AgregatJour._meta.db_table} j WHERE j.collectivite_id = %s "
        "AND j.source = s.source AND j.jour >= s.mois AND j.jour < (s.mois + interval '1 month')::date) END",
        [list(noms), list(mois), ensembles, collectivite.pk, collectivite.pk],
    )


# New values of cells by id, as two arrays: the planner knows how many rows ``unnest`` of an array gives, and finds
# the cells by primary key; of a JSON document it assumed 100 rows, and with statistics taken before the month's
# daily cells were written it read all of the collectivité's daily cells to find 240 (docs/performance.md §14).
PAR_ID = "unnest(%s::bigint[], %s::int[]) AS c(i, v)"


def _par_id(paires):
    """The parameters of ``PAR_ID`` for the pairs (id, new value)."""
    return [[i for i, _ in paires], [v for _, v in paires]]


def _ecarts_jours(collectivite, plages):
    """Sources counted by day: recompute the days of ``plages`` ({source: [(premier, dernier)]}, days [premier,
    dernier)), replace their daily cells, and return the difference (new daily cells minus the ones replaced) per
    monthly cell."""
    nouvelles, sources, jours = [], [], []
    for nom, intervalles in plages.items():
        for premier, dernier in intervalles:
            nouvelles += _calculer(nom, premier, dernier, par_jour=True)
            for jour in _jours(premier, dernier):
                sources.append(nom)
                jours.append(jour)
    # the day's cells as they are, then only what changed written, in one statement: the cells gone deleted, those
    # whose count moved updated, the new ones inserted — a refresh every ten minutes meets a few new passages in a day
    # of hundreds, and rewriting all of its cells was most of its writes
    table = AgregatJour._meta.db_table
    lignes = _executer(
        f"SELECT id, source, jour, lieu_id, dimension, cle, libelle, valeur FROM {table} WHERE collectivite_id = %s "
        "AND source = ANY(%s) AND jour BETWEEN %s AND %s AND (source, jour) IN (SELECT * FROM unnest(%s::text[], "
        "%s::date[]))",
        [collectivite.pk, list(plages), min(jours), max(jours), sources, jours],
    )
    voulues = defaultdict(int)
    for *cle, n in nouvelles:
        voulues[tuple(cle)] += n
    vues, supprimees, mises_a_jour = set(), [], []
    for pk, *cle, valeur in lignes:
        cle = tuple(cle)
        if cle not in voulues or cle in vues:
            supprimees.append(pk)
        elif voulues[cle] != valeur:
            mises_a_jour.append((pk, voulues[cle]))
        vues.add(cle)
    ajoutees = [(*cle, n) for cle, n in voulues.items() if cle not in vues]
    if supprimees or mises_a_jour or ajoutees:
        _executer(
            f"WITH supprimees AS (DELETE FROM {table} WHERE collectivite_id = %s AND id = ANY(%s)), "
            f"mises_a_jour AS (UPDATE {table} t SET valeur = c.v FROM {PAR_ID} "
            "WHERE t.id = c.i AND t.collectivite_id = %s) " + INSERER.format(table=table, date="jour"),
            [
                collectivite.pk,
                supprimees,
                *_par_id(mises_a_jour),
                collectivite.pk,
                collectivite.pk,
                json.dumps([dict(zip("smldkbv", ligne, strict=True)) for ligne in ajoutees], default=str),
            ],
        )
    anciennes = [tuple(r[1:]) for r in lignes]
    ecarts = defaultdict(int)
    for (nom, m, lieu, dimension, cle, libelle, n), signe in [(c, 1) for c in nouvelles] + [(c, -1) for c in anciennes]:
        ecarts[(nom, date(m.year, m.month, 1), lieu, dimension, cle, libelle)] += signe * n
    return ecarts


def _ecarts_ensemble(collectivite, nom, intervalles):
    """A source of sets (distinct persons): recompute the set rows of the days of ``intervalles`` ([(premier,
    dernier)], days), write in ``PersonneJour`` only the rows that changed, and return the difference of the monthly
    counts. Only the persons whose rows of those days changed can change a count: their rows of the other days of
    those months are read (by the (collectivité, person, day) index), and their counts with the old rows are
    subtracted from their counts with the new ones — nothing month-wide is read."""
    nouvelles, jours = [], []
    for premier, dernier in intervalles:
        nouvelles += _membres(nom, premier, dernier)
        jours += _jours(premier, dernier)
    table = PersonneJour._meta.db_table
    existantes = _executer(
        f"SELECT id, jour, lieu_id, usager_id FROM {table} WHERE collectivite_id = %s AND jour BETWEEN %s AND %s "
        "AND jour = ANY(%s::date[])",
        [collectivite.pk, min(jours), max(jours), jours],
    )
    # the days' rows as they are, then only what changed written: a refresh every ten minutes meets a few new
    # passages in a day of hundreds, and rewriting every row of the day left as many dead rows each time, which the
    # persons' reads then went through (docs/performance.md §14)
    voulues = set(nouvelles)
    anciennes, vues, supprimees, retirees = [], set(), [], []
    for pk, *ligne in existantes:
        ligne = tuple(ligne)
        anciennes.append(ligne)
        if ligne in vues:
            supprimees.append(pk)  # a duplicate: the set is the same without it
        elif ligne not in voulues:
            supprimees.append(pk)
            retirees.append(ligne)
        vues.add(ligne)
    ajoutees = [ligne for ligne in dict.fromkeys(nouvelles) if ligne not in vues]
    if not supprimees and not ajoutees:
        return {}
    personnes = sorted({u for _, _, u in retirees + ajoutees if u is not None})
    # one statement: the rows gone deleted, the new ones inserted, and the rows of the persons whose rows changed, as
    # they were before the statement (its snapshot: the deleted rows in, the inserted ones out). Read person by
    # person by the (collectivité, person, day) index: given the month's bounds (and freshly written rows the
    # statistics had not seen), the planner read the month's rows by the day index and compared each to every person,
    # 60–700 ms for 400 persons; ``OFFSET 0`` keeps the lateral read a read per person, where pulled up into a join
    # with statistics older than the month's rows it read all of the collectivité's rows (docs/performance.md §14)
    lignes = _executer(
        f"WITH supprimees AS (DELETE FROM {table} WHERE collectivite_id = %s AND id = ANY(%s)), "
        f"ajoutees AS ({INSERER_MEMBRES}) "
        "SELECT p.jour, p.lieu_id, p.usager_id FROM unnest(%s::bigint[]) AS u(id) CROSS JOIN LATERAL ("
        f"SELECT jour, lieu_id, usager_id FROM {table} WHERE collectivite_id = %s AND usager_id = u.id OFFSET 0) p",
        [collectivite.pk, supprimees, collectivite.pk, _json_membres(ajoutees), personnes, collectivite.pk],
    )
    marques, mois, concernees = set(jours), {date(j.year, j.month, 1) for j in jours}, set(personnes)
    # the other days of those months: the persons' other visits
    autres = [tuple(r) for r in lignes if r[0] not in marques and date(r[0].year, r[0].month, 1) in mois]
    compter = SOURCES[nom]["ensemble"]
    ecarts = defaultdict(int)
    for lignes, signe in ((nouvelles, 1), (anciennes, -1)):
        lignes = autres + [ligne for ligne in lignes if ligne[2] in concernees]
        for _, m, lieu, dimension, cle, libelle, n in _coupees(nom, compter(lignes)):
            ecarts[(nom, m, lieu, dimension, cle, libelle)] += signe * n
    return ecarts


def _ajouter_ecarts(collectivite, ecarts):
    """Add the differences ({(source, month, site, dimension, key, label): n}) to the monthly cells: an ``UPDATE`` by
    id of the cells that change, a ``DELETE`` of those that fall to zero (a full refresh would not write them), an
    ``INSERT`` of the new ones. Returns the number of cells touched."""
    ecarts = {cle: n for cle, n in ecarts.items() if n}
    if not ecarts:
        return 0
    table = Agregat._meta.db_table
    # the monthly cells the differences fall on, read by the (collectivité, source, dimension, month) index; the keys
    # met narrow it (a month holds hundreds of communes, a day meets a few)
    existantes = _executer(
        f"SELECT id, source, mois, lieu_id, dimension, cle, libelle, valeur FROM {table} WHERE collectivite_id = %s "
        "AND source = ANY(%s) AND dimension = ANY(%s) AND mois = ANY(%s) AND cle = ANY(%s)",
        [
            collectivite.pk,
            sorted({c[0] for c in ecarts}),
            sorted({c[3] for c in ecarts}),
            sorted({c[1] for c in ecarts}),
            sorted({c[4] for c in ecarts}),
        ],
    )
    par_cle = {tuple(r[1:7]): (r[0], r[7]) for r in existantes}
    mises_a_jour, supprimees, ajoutees = [], [], []
    for cle, n in ecarts.items():
        if cle in par_cle:
            pk, valeur = par_cle[cle]
            if valeur + n > 0:
                mises_a_jour.append((pk, valeur + n))
            else:
                supprimees.append(pk)
        elif n > 0:
            ajoutees.append((*cle, n))
    if mises_a_jour:
        _executer(
            f"UPDATE {table} a SET valeur = c.v FROM {PAR_ID} WHERE a.id = c.i AND a.collectivite_id = %s",
            [*_par_id(mises_a_jour), collectivite.pk],
        )
    if supprimees:
        _executer(f"DELETE FROM {table} WHERE collectivite_id = %s AND id = ANY(%s)", [collectivite.pk, supprimees])
    _inserer(Agregat, "mois", collectivite, ajoutees)
    return len(ecarts)


def _appliquer_jours(collectivite, plages):
    """The incremental refresh of sources counted by day: recompute the days of ``plages`` ({source: [(premier,
    dernier)]}, days [premier, dernier)), replace their daily rows and add the difference to the monthly cells: a
    monthly cell stays the sum of its daily cells (or the count of its set), and one that falls to zero is deleted,
    as a full refresh would not write it. Inside the caller's transaction, the lock held (the daily rows are only
    written under it)."""
    additives = {nom: p for nom, p in plages.items() if not SOURCES[nom]["ensemble"]}
    ecarts = _ecarts_jours(collectivite, additives) if additives else {}
    for nom, intervalles in plages.items():
        if SOURCES[nom]["ensemble"]:
            ecarts = {**ecarts, **_ecarts_ensemble(collectivite, nom, intervalles)}
    return _ajouter_ecarts(collectivite, ecarts)


def rafraichir(collectivite, debut, fin, sources=None):
    """Recompute the cells of the months from ``debut`` to ``fin`` (inclusive) for the given sources (all by
    default), in one transaction; the marks of those months (and of their days) are consumed."""
    premier, dernier = _mois(debut), _premier_du_mois_suivant(fin)
    noms = list(sources or SOURCES)
    with transaction.atomic():
        _verrouiller(collectivite)
        # the marks first, then the months recomputed: a write committed after this statement keeps its mark for the
        # next refresh (docs/performance.md §14)
        _executer(
            f"DELETE FROM {MoisARafraichir._meta.db_table} WHERE collectivite_id = %s "
            f"AND source IN ({', '.join(['%s'] * len(noms))}) AND mois >= %s AND mois < %s",
            [collectivite.pk, *noms, premier, dernier],
        )
        # the current month by day: the desks write there, the incremental refresh then recomputes their days only
        return _remplacer(
            collectivite, {nom: [(premier, dernier)] for nom in noms}, jours_depuis=_mois(timezone.localdate())
        )


def _plages(mois):
    """Contiguous runs of months: [(first, first day after the last)]."""
    plages = []
    for m in sorted(mois):
        if plages and plages[-1][1] == m:
            plages[-1][1] = _premier_du_mois_suivant(m)
        else:
            plages.append([m, _premier_du_mois_suivant(m)])
    return [tuple(p) for p in plages]


def _plages_jours(jours):
    """Contiguous runs of days: [(first, the day after the last)]."""
    plages = []
    for j in sorted(jours):
        if plages and plages[-1][1] == j:
            plages[-1][1] = j + timedelta(days=1)
        else:
            plages.append([j, j + timedelta(days=1)])
    return [tuple(p) for p in plages]


def rafraichir_modifie(collectivite):
    """The incremental refresh: recompute only what was marked since the last run, in one transaction — the days
    written to of a source counted by day (their difference added to the monthly cells), the months of the others.

    The marks are deleted first, then the days and months recomputed (each statement sees every write committed
    before it): a write committed before the deletion is in the recomputed cells; one committed after keeps its mark,
    so the next run takes it. A day is always recomputed whole from the raw rows, never incremented: recomputing it
    again gives the same cells and a zero difference. Idempotent; run again with no new write, it does nothing.
    Returns {source: [months touched]}."""
    with transaction.atomic():
        _verrouiller(collectivite)
        lignes = _executer(
            f"DELETE FROM {MoisARafraichir._meta.db_table} WHERE collectivite_id = %s RETURNING source, mois, jour",
            [collectivite.pk],
        )
        mois, jours = defaultdict(set), defaultdict(set)
        for nom, m, j in lignes or ():
            if nom not in SOURCES:
                continue
            if j is not None and SOURCES[nom]["par_jour"]:
                jours[nom].add(j)
            else:
                mois[nom].add(m)
        # a day of a month recomputed whole is in it; a month without daily cells yet is recomputed whole (and on
        # SQLite, where no trigger marks anything, a day marked by hand stands for its month)
        candidats = {(nom, _mois(j)) for nom, js in jours.items() for j in js if _mois(j) not in mois[nom]}
        sans_jours = (
            _mois_sans_jours(collectivite, sorted(candidats)) if connection.vendor == "postgresql" else candidats
        )
        for nom, m in sans_jours:
            mois[nom].add(m)
        jours = {nom: {j for j in js if _mois(j) not in mois[nom]} for nom, js in jours.items()}
        jours = {nom: js for nom, js in jours.items() if js}
        mois = {nom: ms for nom, ms in mois.items() if ms}
        if mois:  # a month recomputed whole: by day for a source counted by day, the next days are differences
            _remplacer(collectivite, {nom: _plages(ms) for nom, ms in mois.items()}, jours_depuis=date.min)
        if jours:
            _appliquer_jours(collectivite, {nom: _plages_jours(js) for nom, js in jours.items()})
    touches = defaultdict(set)
    for nom, ms in mois.items():
        touches[nom] |= ms
    for nom, js in jours.items():
        touches[nom] |= {_mois(j) for j in js}
    return {nom: sorted(ms) for nom, ms in touches.items()}


def rafraichir_tout(collectivite, sources=None):
    """Every month that has activity (from the first passage or support to today)."""
    debuts = [
        Passage.objects.aggregate(d=Min("date_heure"))["d"],
        Orientation.objects.aggregate(d=Min("emise_le"))["d"],
    ]
    debuts = [timezone.localtime(d).date() for d in debuts if d]
    d_acc = Accompagnement.objects.aggregate(d=Min("date_debut"))["d"]
    if d_acc:
        debuts.append(d_acc)
    aujourd_hui = timezone.localdate()
    return rafraichir(collectivite, min(debuts, default=aujourd_hui), aujourd_hui, sources)


# Reading


DIMENSIONS_DE_RESIDENCE = ("commune", "epci")


def lire(source_, dimension, debut, fin, seuil, lieux=None, communes=None):
    """Rows ``{cle, libelle, valeur}`` summed over the period, the small cells hidden.

    ``lieux`` keeps the cells of those sites; for the residence dimensions (not counted per site) ``communes``
    keeps the residents of those communes, and without it a selection of sites gets nothing."""
    qs = Agregat.objects.filter(source=source_, dimension=dimension, mois__gte=_mois(debut), mois__lte=fin)
    if dimension == "commune" and communes is not None:
        qs = qs.filter(cle__in=communes)
    elif dimension in DIMENSIONS_DE_RESIDENCE and lieux is not None:
        return []
    elif lieux is not None:
        qs = qs.filter(lieu_id__in=lieux)
    lignes = qs.values("cle").annotate(libelle=Min("libelle"), total=Sum("valeur")).order_by("-total", "libelle")
    return proteger([{"cle": r["cle"], "libelle": r["libelle"], "valeur": r["total"]} for r in lignes], seuil)


def par_mois(source_, dimension, debut, fin, seuil, lieux=None, cle="total"):
    qs = Agregat.objects.filter(source=source_, dimension=dimension, cle=cle, mois__gte=_mois(debut), mois__lte=fin)
    if lieux is not None:
        qs = qs.filter(lieu_id__in=lieux)
    lignes = qs.values("mois").annotate(total=Sum("valeur")).order_by("mois")
    protegees = proteger([{"mois": r["mois"], "valeur": r["total"]} for r in lignes], seuil, cle_tri="mois")
    return sorted(protegees, key=lambda r: r["mois"])  # a time series stays in time order


def par_lieu(source_, debut, fin, seuil, lieux=None):
    qs = Agregat.objects.filter(
        source=source_, dimension="total", lieu__isnull=False, mois__gte=_mois(debut), mois__lte=fin
    )
    if lieux is not None:
        qs = qs.filter(lieu_id__in=lieux)
    lignes = qs.values("lieu_id", "lieu__nom").annotate(total=Sum("valeur")).order_by("-total", "lieu__nom")
    return proteger(
        [{"cle": str(r["lieu_id"]), "libelle": r["lieu__nom"], "valeur": r["total"]} for r in lignes], seuil
    )
