"""What every benchmark shares: the one machine-readable line per measured row, collected by ``bench/tout.py``.

A script prints its figures for people as it likes, then one ``ligne(…)`` per row of ``make bench``'s table (the
rows of issue 18, ``LIGNES`` below). The line starts with ``PREFIXE`` and carries JSON, so ``tout.py`` reads it
whatever else the script prints:

    from commun import ligne  # bench/ is on sys.path when a script runs as bench/x.py
    ligne("tableau_de_bord", mediane_ms, plancher_ms, cible="≤ 2× floor", ok=mediane_ms <= 2 * plancher_ms)

``ratio`` defaults to ``mesure / plancher``; pass it when the script computes it otherwise (the median of
alternating rounds). ``plancher`` is None when a row has no floor (an absolute target).
"""

import json
import statistics
import time

PREFIXE = "BENCH-LIGNE "

# key → label, in the order of the table (issue 18); tout.py names a row missing from a run
LIGNES = {
    "tableau_de_bord": "network lead's dashboard, server time",
    "api_statistiques": "statistics API",
    "rollup_complet": "full monthly rollup refresh, one collectivité",
    "rollup_incremental": "incremental rollup refresh, a day of one collectivité",
    "passage_debit": "save a passage, 16 desks: throughput",
    "passage_p95": "save a passage, 16 desks: POST p95",
    "recherche_p95": "person search, p95",
    "couverture": "coverage, France",
    "rls_tableau_de_bord": "RLS cost: dashboard",
    "rls_api": "RLS cost: statistics API",
    "rls_passage": "RLS cost: passage save",
    "journee_nationale": "national day: 10× the peak, 60 s",
    "fin_annee_1": "year end, 100 collectivités: 1 worker process",
    "fin_annee_2": "year end, 100 collectivités: 2 worker processes",
    # the other benchmarks' targets (earlier issues)
    "panne_redis": "save a passage with Redis down, worst",
    "note_restitution": "4-page note de restitution in the worker, p95",
    "rapport_pdf": "charter PDF report, median",
}


# The statistics API's floor (``/api/statistiques/?source=passages&dimension=motif``): its one read in bare SQL, for
# the collectivité's id and the period's first and last days
PLANCHER_API = (
    "SELECT cle, min(libelle), sum(valeur) FROM indicateurs_agregat WHERE collectivite_id = %s "
    "AND source = 'passages' AND dimension = 'motif' AND mois BETWEEN %s AND %s GROUP BY cle"
)


def ligne(cle, mesure, plancher, *, cible, ok, unite="ms", ratio=None, note=""):
    """Print the machine-readable line of one row (see the module's docstring)."""
    if ratio is None and plancher:
        ratio = mesure / plancher
    donnees = {
        "cle": cle,
        "libelle": LIGNES.get(cle, cle),
        "mesure": mesure,
        "plancher": plancher,
        "unite": unite,
        "ratio": ratio,
        "cible": cible,
        "ok": bool(ok),
        "note": note,
    }
    print(PREFIXE + json.dumps(donnees, ensure_ascii=False), flush=True)


def chronometrer_les_instructions(instructions):
    """For the profilers: every ``execute`` of a psycopg cursor (the row-level-security ``set_config`` riding with its
    statement) and every commit appends ``(milliseconds, statement)`` to the list ``instructions``."""
    import time

    import psycopg

    execute, commit = psycopg.Cursor.execute, psycopg.Connection.commit

    def executer(self, query, params=None, **kwargs):
        debut = time.perf_counter()
        try:
            return execute(self, query, params, **kwargs)
        finally:
            instructions.append(((time.perf_counter() - debut) * 1000, query if isinstance(query, str) else str(query)))

    def valider(self):
        debut = time.perf_counter()
        try:
            return commit(self)
        finally:
            instructions.append(((time.perf_counter() - debut) * 1000, "COMMIT"))

    psycopg.Cursor.execute, psycopg.Connection.commit = executer, valider


def chronometrer_les_tours(mesure, tours, instructions, preparer=None, profil=None):
    """For the profilers: ``tours`` rounds of ``preparer()`` (not timed) then ``mesure()``, timed: wall and Python CPU
    (``time.process_time``) in milliseconds, and the statements that ``chronometrer_les_instructions`` recorded into
    ``instructions`` during ``mesure()``. ``profil``: a ``cProfile.Profile`` enabled around ``mesure()`` only.
    Returns (walls, CPUs, ``{position: [statement, [milliseconds of each round]]}``)."""
    import time

    murs, cpus, par_instruction = [], [], {}
    for _ in range(tours):
        if preparer:
            preparer()
        instructions.clear()
        t, c = time.perf_counter(), time.process_time()
        if profil:
            profil.enable()
        mesure()
        if profil:
            profil.disable()
        murs.append((time.perf_counter() - t) * 1000)
        cpus.append((time.process_time() - c) * 1000)
        for i, (duree, sql) in enumerate(instructions):
            par_instruction.setdefault(i, [sql, []])[1].append(duree)
    return murs, cpus, par_instruction


def imprimer_les_instructions(par_instruction, largeur=150):
    """Each statement's median time, in the order of the rounds' statements."""
    import statistics

    for sql, durees in par_instruction.values():
        print(f"   {statistics.median(durees):6.2f} ms  {' '.join(sql.split())[:largeur]}")


def imprimer_le_profil(profil):
    """The 40 costliest functions of a cProfile, by ``TRI`` (environment; cumulative by default), then the callers of
    the functions matching ``APPELANTS`` if set."""
    import io
    import os
    import pstats

    sortie = io.StringIO()
    stats = pstats.Stats(profil, stream=sortie).sort_stats(os.environ.get("TRI", "cumulative"))
    stats.print_stats(40)
    if os.environ.get("APPELANTS"):
        stats.print_callers(os.environ["APPELANTS"])
    print(sortie.getvalue())


def chrono(fonction, n):
    durees = []
    for _ in range(n):
        t = time.perf_counter()
        fonction()
        durees.append((time.perf_counter() - t) * 1000)
    durees.sort()
    return statistics.median(durees), durees[min(len(durees) - 1, int(0.95 * len(durees)))]


def alterner(relais, plancher, tours, n):
    """``tours`` rounds of ``n`` calls per side, the order alternating (floor first, then Relais first, …): a burst of
    outside load hits both sides of a round. Returns (median of the rounds' ratios, median Relais, median floor)."""
    rondes = []
    for tour in range(tours):
        resultat = {}
        for cote in ("plancher", "relais") if tour % 2 == 0 else ("relais", "plancher"):
            resultat[cote] = chrono(relais if cote == "relais" else plancher, n)[0]
        rondes.append((resultat["relais"] / resultat["plancher"], resultat["relais"], resultat["plancher"]))
    return tuple(statistics.median(r[i] for r in rondes) for i in range(3))
