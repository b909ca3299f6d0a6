#!/usr/bin/env python
"""Where a request of the network lead's dashboard and of the statistics API spends its time, in-process.

Against the database kept by ``bench/tableaux_de_bord.py --garder`` (RELAIS_BENCH_DB), served as that benchmark
serves it (Django's test client, the session of its network lead ``chef0@banc.test``), for each request it prints
the median wall time and Python CPU (``time.process_time``) of ``--requetes`` requests, the round trips to PostgreSQL
(every ``execute`` of a psycopg cursor, the row-level-security ``set_config`` riding with its statement) with the
median time of each statement, and with ``--profil`` a cProfile on the CPU clock (which inflates every figure: read
the shares, not the milliseconds). A measurement for docs/performance.md §15, not a benchmark with a floor: the
floors are ``tableaux_de_bord.py``'s.

    RELAIS_BENCH_DB=relais_bench_x .venv/bin/python bench/profil_tableaux.py [--requetes 60] [--profil] [tdb] [api]
"""

import argparse
import cProfile
import os
import statistics
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
BASE = os.environ.get("RELAIS_BENCH_DB", "relais_bench")
os.environ.update(
    DATABASE_URL=f"postgres://postgres:postgres@127.0.0.1:5432/{BASE}",
    RELAIS_ENV=os.environ.get("RELAIS_ENV", "test"),
    REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
    CELERY_TASK_ALWAYS_EAGER="false",
    DEBUG="false",
    DJANGO_SETTINGS_MODULE="config.settings",
    DB_STATEMENT_TIMEOUT_MS="0",
    DB_ROLE_APP="relais_app",
    DB_ROLE_PROPRIETAIRE="relais_proprietaire",
    DB_ROLE_TRANSVERSAL="relais_transversal",
)
sys.path.insert(0, str(RACINE))

import django  # noqa: E402
from commun import (  # noqa: E402
    chronometrer_les_instructions,
    chronometrer_les_tours,
    imprimer_le_profil,
    imprimer_les_instructions,
)

INSTRUCTIONS = []


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="*", default=["tdb", "api"], help="tdb (dashboard), api (statistics API)")
    ap.add_argument("--requetes", type=int, default=60)
    ap.add_argument("--profil", action="store_true", help="cProfile on the CPU clock, the 40 costliest by cumulative")
    args = ap.parse_args()
    django.setup()
    chronometrer_les_instructions(INSTRUCTIONS)

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from comptes import second_facteur
    from comptes.models import Utilisateur

    settings.ALLOWED_HOSTS = ["testserver"]
    chef = Utilisateur.objects.get(email="chef0@banc.test")
    client = Client()
    client.force_login(chef)
    session = client.session
    session[second_facteur.CLE_SESSION] = str(chef.pk)
    session.save()
    annee = timezone.localdate().year
    requetes = {
        "tdb": lambda: client.get(f"/indicateurs/?annee={annee}"),
        "api": lambda: client.get(f"/api/statistiques/?source=passages&dimension=motif&annee={annee}"),
    }
    print(f"{BASE}, load average {os.getloadavg()[0]:.1f}")
    for nom in args.pages:
        requete = requetes[nom]
        for _ in range(3):  # warm: templates, connection, memoised tables
            assert requete().status_code == 200
        murs, cpus, par_instruction = chronometrer_les_tours(requete, args.requetes, INSTRUCTIONS)
        print(
            f"{nom}: wall {statistics.median(murs):.2f} ms, CPU {statistics.median(cpus):.2f} ms, "
            f"{len(par_instruction)} round trips (load {os.getloadavg()[0]:.1f})"
        )
        imprimer_les_instructions(par_instruction, largeur=140)
        if args.profil:
            profil = cProfile.Profile(time.process_time)
            chronometrer_les_tours(requete, args.requetes, INSTRUCTIONS, profil=profil)
            imprimer_le_profil(profil)


if __name__ == "__main__":
    main()
