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
import types
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
    PLANCHER_API,
    alterner,
    chronometrer_les_instructions,
    chronometrer_les_tours,
    imprimer_le_profil,
    imprimer_les_instructions,
)

INSTRUCTIONS = []

# ``borne``: the middlewares without which the API request would not be the same request (who, which collectivité,
# the second factor, the session's end); every other one of settings.MIDDLEWARE is left out
GARDES = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "comptes.middleware.InactiviteMiddleware",
    "comptes.middleware.SecondFacteurMiddleware",
    "collectivites.middleware.CollectiviteMiddleware",
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "pages", nargs="*", default=["tdb", "api"], help="tdb (dashboard), api (statistics API), borne (see above)"
    )
    ap.add_argument("--requetes", type=int, default=60)
    ap.add_argument("--tours", type=int, default=8, help="borne: rounds alternated with the floor")
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

    def client_du_chef():
        client = Client()
        client.force_login(chef)
        session = client.session
        session[second_facteur.CLE_SESSION] = str(chef.pk)
        session.save()
        return client

    client = client_du_chef()
    annee = timezone.localdate().year
    url_api = f"/api/statistiques/?source=passages&dimension=motif&annee={annee}"
    requetes = {
        "tdb": lambda: client.get(f"/indicateurs/?annee={annee}"),
        "api": lambda: client.get(url_api),
    }
    print(f"{BASE}, load average {os.getloadavg()[0]:.1f}")
    for nom in args.pages:
        if nom == "borne":
            borne(client_du_chef, url_api, chef.collectivite_id, annee, args)
            continue
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


def borne(client_du_chef, url, collectivite_id, annee, args):
    """``borne`` (the module's docstring): the API request as served, then trimmed to its guards, against the floor."""
    from django.conf import settings
    from django.db import connection
    from django.test import override_settings

    from indicateurs.api import StatistiquesViewSet

    # the same URLconf, the API's patterns first
    urls = types.ModuleType("banc_urls_api_d_abord")
    base = __import__(settings.ROOT_URLCONF, fromlist=["urlpatterns"])
    d_abord = [p for p in base.urlpatterns if str(p.pattern).startswith("api/")]
    urls.urlpatterns = d_abord + [p for p in base.urlpatterns if p not in d_abord]
    urls.handler404 = base.handler404
    sys.modules[urls.__name__] = urls
    limites = StatistiquesViewSet.throttle_classes
    variantes = {
        "la requête servie": ({}, limites),
        "ses seules gardes": ({"MIDDLEWARE": GARDES, "ROOT_URLCONF": urls.__name__}, []),
    }

    def plancher():
        with connection.cursor() as cur:
            cur.execute(PLANCHER_API, [collectivite_id, f"{annee}-01-01", f"{annee}-12-31"])
            cur.fetchall()

    for nom, (reglages, limites_de_debit) in variantes.items():
        with override_settings(**reglages):
            StatistiquesViewSet.throttle_classes = limites_de_debit
            try:
                client = client_du_chef()  # its handler loads the middlewares of the settings at its first request
                for _ in range(5):
                    assert client.get(url).status_code == 200, nom
                cpus = []

                def requete(client=client, cpus=cpus):
                    c = time.process_time()
                    client.get(url)
                    cpus.append((time.process_time() - c) * 1000)

                ratio, mesure, plancher_ms = alterner(requete, plancher, args.tours, args.requetes)
            finally:
                StatistiquesViewSet.throttle_classes = limites
        print(
            f"{nom} : {mesure:.2f} ms, plancher {plancher_ms:.2f} ms, {ratio:.2f}× ; "
            f"CPU {statistics.median(cpus):.2f} ms (charge {os.getloadavg()[0]:.1f})",
            flush=True,
        )


if __name__ == "__main__":
    main()
