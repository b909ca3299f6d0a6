#!/usr/bin/env python
"""Benchmark « Note de restitution » (issue 6): a 4-page note rendered by a real Celery worker, against its floor.

Builds its database (migrate + Lot/Manche demo), takes the demo's « restituée » request of the Lot and fills its
advisor's texts so that the note runs to four A4 pages (profile, nearest sites, structures, reception activity by
motif with its SVG chart, steps, partners, methodology, recommendations). Starts a real worker
(``celery -A config worker --pool solo``, Redis broker) and then, alternately:

- Relais: ``do_demander_note`` (a new version, queued after the commit through the outbox); the worker renders it
  (``ingenierie.tasks.rediger_note``: queries, template, WeasyPrint layout and PDF, file saved). Measured twice: the
  duration the worker records (``NoteRestitution.duree_ms``) and the round trip seen by the advisor (request →
  note ready, polled every 10 ms);
- the floor: the same WeasyPrint path (``config.pdf.rendre_html``, same URL fetcher, same fonts) on a minimal one-page
  document, in this process, warm; and, to tell layout from the rest (queries, template, file, queue), the same call
  on the note's own HTML.

Prints the medians and p95, the number of pages, the ratio note / floor and PASS/FAIL for the target: a 4-page note
in under 2 s in the worker. Always exits 0 when the measurement ran.

    .venv/bin/python bench/note_restitution.py [--notes 10] [--base relais_bench] [--garder]
"""

import argparse
import contextlib
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from commun import ligne

RACINE = Path(__file__).resolve().parent.parent
PG = "postgres://postgres:postgres@127.0.0.1:5432"
CIBLE_S = 2.0

PARAGRAPHE = (
    "Le groupe projet réunit l'adjointe aux affaires sociales, la directrice du CCAS, deux bénévoles du Secours "
    "populaire, la conseillère en économie sociale et familiale du pôle et un représentant de la CAF. Il se réunit "
    "chaque mois jusqu'à la décision du conseil municipal ; chaque réunion donne lieu à un compte rendu partagé."
)
MINIMAL = "<html lang='fr'><body><h1>Plancher</h1><p>Une page A4, une ligne de texte.</p></body></html>"


def admin_sql(requete):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(requete)


def centiles(valeurs):
    valeurs = sorted(valeurs)
    return statistics.median(valeurs), valeurs[min(len(valeurs) - 1, round(0.95 * (len(valeurs) - 1)))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notes", type=int, default=10)
    ap.add_argument(
        "--base",
        default=os.environ.get("RELAIS_BENCH_DB", "relais_bench"),
        help="its own database (dropped and created)",
    )
    ap.add_argument("--garder", action="store_true", help="keep the database afterwards")
    args = ap.parse_args()
    os.environ.update(
        DATABASE_URL=f"{PG}/{args.base}",
        RELAIS_ENV=os.environ.get("RELAIS_ENV", "test"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        CELERY_TASK_ALWAYS_EAGER="false",
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="config.settings",
        MEDIA_ROOT=os.environ.get("MEDIA_ROOT", f"/tmp/{args.base}-media"),
    )
    sys.path.insert(0, str(RACINE))
    print(f"== Note de restitution: {args.notes} notes by a real worker, floor = WeasyPrint on a minimal page")
    charge_avant = os.getloadavg()[0]
    admin_sql(f"DROP DATABASE IF EXISTS {args.base} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {args.base}")
    worker = None
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from collectivites.models import Collectivite
        from collectivites.tenancy import tenant_context
        from config import pdf
        from ingenierie import actions
        from ingenierie import note as redaction
        from ingenierie.models import Demande, NoteRestitution

        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            call_command("migrate", interactive=False, verbosity=0)
            call_command("construire_demo", departements="46,50", verbosity=0)
        lot = Collectivite.objects.get(slug="lot")
        with tenant_context(lot):
            demande = Demande.objects.get(statut="restituee")
            Demande.objects.filter(pk=demande.pk).update(
                partenaires="\n\n".join([PARAGRAPHE] * 3),
                methodologie="\n\n".join([PARAGRAPHE] * 4),
                recommandations="\n\n".join([PARAGRAPHE] * 4),
            )
            demande.refresh_from_db()
            conseiller = demande.conseiller

        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING"],
            cwd=RACINE,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def une_note():
            debut = time.perf_counter()
            with tenant_context(lot):
                note = actions.do_demander_note(conseiller, demande)
                while True:
                    note.refresh_from_db()
                    if note.statut in ("prete", "erreur") or time.perf_counter() - debut > 120:
                        break
                    time.sleep(0.01)
            if note.statut != "prete":
                raise RuntimeError(f"note non rendue : {note.statut} {note.erreur}")
            return time.perf_counter() - debut, note.duree_ms / 1000, note.pages

        def plancher(html=MINIMAL):
            debut = time.perf_counter()
            pdf.rendre_html(html)
            return time.perf_counter() - debut

        with tenant_context(lot):
            html_note = redaction.html(demande, 1)

        une_note()  # warm-up: the worker imports WeasyPrint (~0.5 s) on its first note
        plancher()
        aller_retour, dans_le_worker, planchers, mises_en_page, pages = [], [], [], [], set()
        for _ in range(args.notes):
            total, worker_s, n = une_note()
            aller_retour.append(total)
            dans_le_worker.append(worker_s)
            pages.add(n)
            planchers.append(plancher())
            mises_en_page.append(plancher(html_note))
        with tenant_context(lot):
            versions = NoteRestitution.objects.filter(demande=demande).count()

        w50, w95 = centiles(dans_le_worker)
        a50, a95 = centiles(aller_retour)
        p50, p95 = centiles(planchers)
        m50, m95 = centiles(mises_en_page)
        print(f"note ({'/'.join(map(str, sorted(pages)))} pages), {versions} versions kept")
        print(f"  in the worker     p50 {w50 * 1000:7.0f} ms   p95 {w95 * 1000:7.0f} ms")
        print(f"  round trip        p50 {a50 * 1000:7.0f} ms   p95 {a95 * 1000:7.0f} ms   (request → ready, outbox)")
        print(f"floor (1 page)      p50 {p50 * 1000:7.0f} ms   p95 {p95 * 1000:7.0f} ms")
        print(
            f"WeasyPrint alone on the note's HTML, in this process: p50 {m50 * 1000:.0f} ms   p95 {m95 * 1000:.0f} ms"
        )
        print(f"ratio note / floor (p50, worker): {w50 / p50:.1f}×; note / its own layout: {w50 / m50:.2f}×")
        print(f"load average: {charge_avant:.2f} before, {os.getloadavg()[0]:.2f} after")
        ok = w95 < CIBLE_S and max(pages) >= 4
        print(f"{'PASS' if ok else 'FAIL'}: 4-page note in the worker p95 {w95:.2f} s (target < {CIBLE_S:.0f} s)")
        ligne("note_restitution", w95 * 1000, p95 * 1000, cible=f"< {CIBLE_S:g} s", ok=ok)
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
        from django.db import connections

        connections.close_all()
        if not args.garder:
            admin_sql(f"DROP DATABASE IF EXISTS {args.base} WITH (FORCE)")


if __name__ == "__main__":
    main()
