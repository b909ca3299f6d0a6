#!/usr/bin/env python
"""What a request costs before its view runs: round trips to PostgreSQL and Python CPU, in-process.

Against the database kept by ``bench/passage_charge.py --garder`` (RELAIS_BENCH_DB, the Lot and Manche demo), served
as the application role (row-level security on, as in production), with Django's test client: the desk's GET form
and POST passage (accueil@lot.demo.fr), the statistics API and the network lead's dashboard
(chef-de-projet@lot.demo.fr). For each request it prints

- the round trips to PostgreSQL (every ``execute`` of a psycopg cursor: Django's queries and the ``set_config`` of
  row-level security, which Django's query log does not show), those before the view (the middleware stack and the
  ``process_view`` hooks) and after it, and the statements before the view;
- the Python CPU (``time.process_time``) of the whole request and of its part before the view, median of
  ``--requetes`` requests.

It is a measurement for docs/performance.md §5 and §15, not a benchmark with a floor: the floors are those of
``passage_charge.py`` and ``tableaux_de_bord.py``.

    RELAIS_BENCH_DB=relais_bench_x .venv/bin/python bench/avant_la_vue.py [--requetes 40] [--profil]
"""

import argparse
import os
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
BASE = os.environ.get("RELAIS_BENCH_DB", "relais_bench")
os.environ.update(
    DATABASE_URL=f"postgres://relais_app:relais_app@127.0.0.1:5432/{BASE}",
    RELAIS_ENV=os.environ.get("RELAIS_ENV", "test"),
    REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
    CELERY_TASK_ALWAYS_EAGER="false",
    DEBUG="false",
    DJANGO_SETTINGS_MODULE="config.settings",
    DB_ROLE_APP="relais_app",
    DB_ROLE_PROPRIETAIRE="relais_proprietaire",
    DB_ROLE_TRANSVERSAL="relais_transversal",
)
sys.path.insert(0, str(RACINE))

import django  # noqa: E402
import psycopg  # noqa: E402

ETAT = {"actif": False, "sql": [], "vue": None, "cpu_vue": None}


class Repere:
    """The last middleware: its ``process_view`` runs after every other one's, right before the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, vue, args, kwargs):
        etat = sys.modules["__main__"].ETAT  # this module is imported again under its own name by the middleware
        etat["vue"] = len(etat["sql"])
        etat["cpu_vue"] = time.process_time()


_execute = psycopg.Cursor.execute


def _compter(self, query, params=None, **kwargs):
    if ETAT["actif"]:
        ETAT["sql"].append(query if isinstance(query, str) else str(query))
    return _execute(self, query, params, **kwargs)


def mesurer(requete):
    ETAT.update(actif=True, sql=[], vue=None, cpu_vue=None)
    debut = time.process_time()
    reponse = requete()
    fin = time.process_time()
    ETAT["actif"] = False
    avant = ETAT["vue"] if ETAT["vue"] is not None else len(ETAT["sql"])
    cpu_avant = (ETAT["cpu_vue"] or fin) - debut
    return reponse, {
        "total": len(ETAT["sql"]),
        "avant": avant,
        "sql": list(ETAT["sql"]),
        "cpu": fin - debut,
        "cpu_avant": cpu_avant,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requetes", type=int, default=40)
    ap.add_argument("--profil", action="store_true", help="cProfile (CPU clock) of the desk's GET + POST")
    args = ap.parse_args()

    from django.conf import settings

    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "avant_la_vue.Repere"]
    sys.path.insert(0, str(RACINE / "bench"))
    django.setup()
    psycopg.Cursor.execute = _compter
    settings.ALLOWED_HOSTS = ["testserver"]

    from django.test import Client
    from django.utils import timezone

    from comptes import second_facteur

    def client_de(email):
        c = Client()
        assert c.login(username=email, password="Relais-Demo-2026"), email
        s = c.session
        s[second_facteur.CLE_SESSION] = s["_auth_user_id"]
        s.save()
        return c

    guichet = client_de("accueil@lot.demo.fr")
    chef = client_de("chef-de-projet@lot.demo.fr")
    annee = timezone.localdate().year
    page = guichet.get("/accueil/passage/nouveau/").content.decode()
    lieu = re.search(r'<select\s+name="lieu"[^>]*>.*?<option\s+value="(\d+)"', page, re.S).group(1)
    motif = re.search(r'name="motifs"\s+value="([^"]+)"', page).group(1)

    def poster():
        champs = dict(
            jeton=str(uuid.uuid4()),
            lieu=lieu,
            date_heure=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            canal="sur_place",
            motifs=[motif],
            information_donnee="on",
            duree_minutes="10",
        )
        r = guichet.post("/accueil/passage/nouveau/", champs)
        assert r.status_code == 302, r.status_code
        return r

    cas = {
        "desk GET form": lambda: guichet.get("/accueil/passage/nouveau/"),
        "desk POST passage": poster,
        "statistics API": lambda: chef.get(f"/api/statistiques/?source=passages&dimension=motif&annee={annee}"),
        "dashboard": lambda: chef.get(f"/indicateurs/?annee={annee}"),
    }
    print(f"== Before the view: round trips and CPU, in-process, {BASE}, RLS on, load {os.getloadavg()[0]:.2f}")
    for nom, requete in cas.items():
        for _ in range(3):  # warm: templates, connection, caches
            requete()
        mesures = [mesurer(requete)[1] for _ in range(args.requetes)]
        m = mesures[-1]
        print(
            f"{nom:<18} round trips {m['total']:3d} (before the view {m['avant']:2d}) · CPU median "
            f"{1000 * statistics.median(x['cpu'] for x in mesures):6.2f} ms, before the view "
            f"{1000 * statistics.median(x['cpu_avant'] for x in mesures):5.2f} ms"
        )
        for sql in m["sql"][: m["avant"]]:
            print(f"      {' '.join(sql.split())[:150]}")
    if args.profil:
        import cProfile
        import pstats

        profil = cProfile.Profile(time.process_time)
        profil.enable()
        for _ in range(args.requetes):
            cas["desk GET form"]()
            cas["desk POST passage"]()
        profil.disable()
        stats = pstats.Stats(profil).sort_stats("cumulative")
        stats.print_stats(r"middleware|sessions|contrib/auth|backends\.py|csp|locale|messages|signing|rls|tenancy", 40)
        stats.print_callees(r"backends\.py.*get_user")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
