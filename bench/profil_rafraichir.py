#!/usr/bin/env python
"""Where the incremental refresh of a day spends its time, in-process.

Against the database kept by ``bench/tableaux_de_bord.py --garder`` (RELAIS_BENCH_DB): each round adds a day of the
measured collectivité's desks (``tableaux_de_bord.ajouter_une_journee``: its passages of a year ÷ 365, a person named
in 40 % of them) to a day of last month — the days before its end in turn, as the benchmark does — and times
``statistiques.rafraichir_modifie``. Prints the median wall time
and Python CPU (``time.process_time``), each statement's median time (every ``execute`` of a psycopg cursor), and with
``--profil`` a cProfile on the CPU clock (read the shares, not the milliseconds). A measurement for
docs/performance.md §14, not a benchmark with a floor: the floor is ``tableaux_de_bord.py``'s.

    RELAIS_BENCH_DB=relais_bench_x .venv/bin/python bench/profil_rafraichir.py [--tours 20] [--recul 5] [--profil]
"""

import argparse
import cProfile
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import django
import tableaux_de_bord as banc
from commun import (
    chronometrer_les_instructions,
    chronometrer_les_tours,
    imprimer_le_profil,
    imprimer_les_instructions,
)

INSTRUCTIONS = []


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tours", type=int, default=20)
    ap.add_argument("--recul", type=int, default=3, help="the first day: this many days before the end of last month")
    ap.add_argument("--profil", action="store_true", help="cProfile on the CPU clock, the 40 costliest")
    args = ap.parse_args()
    django.setup()

    from django.db import connection

    from collectivites.models import Collectivite
    from collectivites.tenancy import tenant_context
    from comptes.models import Utilisateur
    from indicateurs import statistiques

    c1 = Collectivite.objects.get(pk=Utilisateur.objects.get(email="chef0@banc.test").collectivite_id)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM accueil_passage WHERE collectivite_id = %s", [c1.pk])
        par_jour = max(1, round(cur.fetchone()[0] / 365))

    def rafraichir():
        with tenant_context(c1):
            statistiques.rafraichir_modifie(c1)

    jours = iter(range(10**6))

    def nouveau_jour():
        # each round a day of its own (a deleted passage would stay in the day's index until a VACUUM, and this
        # machine's PostgreSQL runs without autovacuum): the days before the end of last month, in turn
        banc.ajouter_une_journee(c1, par_jour, recul=args.recul + next(jours) % 24)

    rafraichir()  # marks left by an earlier run
    nouveau_jour()
    rafraichir()  # the month to days, if the full refresh wrote it by month
    chronometrer_les_instructions(INSTRUCTIONS)
    print(f"{banc.BASE}, {par_jour} passages a day, load average {os.getloadavg()[0]:.1f}")
    murs, cpus, par_instruction = chronometrer_les_tours(rafraichir, args.tours, INSTRUCTIONS, preparer=nouveau_jour)
    print(
        f"incremental refresh: wall {statistics.median(murs):.1f} ms (rounds {', '.join(f'{x:.0f}' for x in murs)}), "
        f"CPU {statistics.median(cpus):.1f} ms, {len(par_instruction)} statements (load {os.getloadavg()[0]:.1f})"
    )
    imprimer_les_instructions(par_instruction)
    if args.profil:
        profil = cProfile.Profile(time.process_time)
        chronometrer_les_tours(rafraichir, args.tours, INSTRUCTIONS, preparer=nouveau_jour, profil=profil)
        imprimer_le_profil(profil)


if __name__ == "__main__":
    main()
