#!/usr/bin/env python
"""Benchmark « The charter PDF report », beside a minimal WeasyPrint page measured in the same run.

Builds the database relais_bench (migrate + Lot/Manche demo, whose snapshots of last year are computed), then
renders the Lot's report of last year (``indicateurs.rapport.rendre_rapport``: the five indicators with their
method, the trends table, three SVG charts, through the app's WeasyPrint helper and its static-only URL fetcher)
``--repetitions`` times, interleaved with the floor: a one-paragraph HTML page rendered by WeasyPrint with the same
fetcher. Both warm (WeasyPrint imported and a first document rendered before measuring). Prints medians, the
ratio and the report's page count. Always exits 0 when the measurement ran.

    .venv/bin/python bench/rapport_pdf.py [--repetitions 10] [--garder]
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

from commun import ligne

RACINE = Path(__file__).resolve().parent.parent
BASE = os.environ.get("RELAIS_BENCH_DB", "relais_bench")  # one database per concurrent run
PG = "postgres://postgres:postgres@127.0.0.1:5432"

os.environ.update(
    DATABASE_URL=f"{PG}/{BASE}",
    RELAIS_ENV=os.environ.get("RELAIS_ENV", "test"),
    REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
    CELERY_TASK_ALWAYS_EAGER="false",
    DEBUG="false",
    DJANGO_SETTINGS_MODULE="config.settings",
)
sys.path.insert(0, str(RACINE))


def admin_sql(requete):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(requete)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repetitions", type=int, default=10)
    ap.add_argument("--garder", action="store_true", help=f"keep the {BASE} database afterwards")
    args = ap.parse_args()
    admin_sql(f"DROP DATABASE IF EXISTS {BASE} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {BASE}")
    try:
        import logging

        import django

        django.setup()
        for nom in ("weasyprint", "fontTools"):
            logging.getLogger(nom).setLevel(logging.WARNING)
        from django.core.management import call_command
        from django.utils import timezone
        from pypdf import PdfReader

        from collectivites.models import Collectivite
        from collectivites.tenancy import tenant_context
        from config.pdf import rendre_html
        from indicateurs.rapport import rendre_rapport

        call_command("migrate", interactive=False, verbosity=0)
        call_command("construire_demo", departements="46,50", verbosity=0)
        lot = Collectivite.objects.get(slug="lot")
        annee = timezone.localdate().year - 1
        minimal = "<!DOCTYPE html><html lang='fr'><meta charset='utf-8'><body><p>Rapport minimal.</p></body></html>"

        def plancher():
            return rendre_html(minimal)

        with tenant_context(lot):
            pdf = rendre_rapport(lot, annee)
            plancher()
            t_rapport, t_plancher = [], []
            for _ in range(args.repetitions):
                t = time.perf_counter()
                rendre_rapport(lot, annee)
                t_rapport.append(time.perf_counter() - t)
                t = time.perf_counter()
                plancher()
                t_plancher.append(time.perf_counter() - t)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        r, p = statistics.median(t_rapport), statistics.median(t_plancher)
        print(f"Rapport PDF des indicateurs de la charte ({annee}, Lot de démonstration) — {args.repetitions} rendus")
        print(f"  rapport : médiane {r * 1000:.0f} ms ({pages} pages, {len(pdf) / 1024:.0f} Kio)")
        print(f"  plancher (page WeasyPrint minimale) : médiane {p * 1000:.0f} ms ; ratio {r / p:.1f}×")
        print(f"  par page : {r / pages * 1000:.0f} ms (docs/performance.md §3 : ≈ 0,2 s/page, rapport de 3 pages)")
        par_page = r / pages * 1000
        ligne("rapport_pdf", r * 1000, p * 1000, cible="≈ 0.2 s a page or less", ok=par_page <= 200)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.garder:
            admin_sql(f"DROP DATABASE IF EXISTS {BASE} WITH (FORCE)")


if __name__ == "__main__":
    main()
