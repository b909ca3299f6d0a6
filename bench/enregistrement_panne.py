#!/usr/bin/env python
"""Benchmark « A desk saves a passage with Redis down » (docs/securite.md §26, issue 12 point 8).

Builds its database (``--base``, default relais_bench: migrate + the Lot's demo), then posts the desk's form
« Nouveau passage » with an orientation (so the save queues the partner's e-mail through the outbox) as the Lot's
desk agent, through Django's test client (the whole request: middleware, form, transaction, publication after the
commit), in rounds that alternate three brokers:

- **normal**: Redis at ``REDIS_URL`` (the floor: the same save when nothing is wrong);
- **port fermé**: ``REDIS_URL`` on a port nothing listens on (the connection is refused);
- **trou noir**: a listener started by this script that accepts connections and never answers.

In the two outage modes each save is measured twice: the **first** save after the outage (the pause of
``collectivites.envois`` reset, so it pays the bounded wait on the broker: the worst case a desk meets) and the
**next** save (the process pauses its attempts and leaves the row to the beat job). Every save is checked: a 302,
the passage written, its outbox row written (normal: published and gone; outage: waiting). Prints p50/max per mode
against the target **under 2 s**, PASS/FAIL, and exits 0 when it measured.

    .venv/bin/python bench/enregistrement_panne.py [--tours 10] [--base relais_bench] [--garder]
"""

import argparse
import contextlib
import io
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

from commun import ligne

RACINE = Path(__file__).resolve().parent.parent
PG = "postgres://postgres:postgres@127.0.0.1:5432"


def admin_sql(requete):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(requete)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tours", type=int, default=10, help="rounds (each: normal, port fermé, trou noir)")
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
    )
    sys.path.insert(0, str(RACINE))
    admin_sql(f"DROP DATABASE IF EXISTS {args.base} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {args.base}")
    try:
        import logging

        import django

        django.setup()
        logging.getLogger("collectivites.envois").setLevel(logging.ERROR)
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from accueil.models import Motif, Passage
        from collectivites import envois
        from collectivites.models import Collectivite, Envoi
        from collectivites.tenancy import tenant_context
        from comptes import second_facteur
        from comptes.models import Utilisateur
        from config.celery import app
        from reseau.models import LieuAccueil, Structure
        from tests.pannes import port_ferme, trou_noir  # the outages the tests use

        call_command("migrate", interactive=False, verbosity=0)
        with contextlib.redirect_stdout(io.StringIO()):
            call_command("construire_demo", departements="46,50", verbosity=0)
        lot = Collectivite.objects.get(slug="lot")
        agent = Utilisateur.objects.get(email="accueil@lot.demo.fr")
        with tenant_context(lot):
            lieu = LieuAccueil.objects.filter(structure__in=agent.structures_actives_ids()).order_by("pk").first()
            motif = Motif.objects.order_by("pk").first()
            partenaire = Structure.objects.exclude(pk=lieu.structure_id).order_by("pk").first()
            if not partenaire.email:
                partenaire.email = "partenaire@exemple.fr"
                partenaire.save()
        client = Client()
        client.force_login(agent)
        session = client.session  # the second factor passed, as after the challenge page (docs/securite.md §16)
        session[second_facteur.CLE_SESSION] = str(agent.pk)
        session.save()

        def donnees():
            return {
                "jeton": str(uuid.uuid4()),
                "lieu": lieu.pk,
                "date_heure": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "canal": "sur_place",
                "motifs": [motif.pk],
                "information_donnee": "on",
                "orienter": "on",
                "orientation-structure_destinataire": partenaire.pk,
                "orientation-consentement": "recueilli",
            }

        def broker(url):
            app.conf.broker_url = url
            app._pool = None
            app.amqp._producer_pool = None

        def enregistrer(publie_attendu):
            d = donnees()
            t = time.perf_counter()
            reponse = client.post("/accueil/passage/nouveau/", d)
            duree = time.perf_counter() - t
            with tenant_context(lot):
                passage = Passage.objects.filter(jeton=d["jeton"]).first()
                en_attente = Envoi.objects.filter(tache="accueil.notifier_orientation").count()
                Envoi.objects.all().delete()
            ok = reponse.status_code == 302 and passage is not None and (en_attente == 0) == publie_attendu
            return duree, ok

        mesures = {
            m: []
            for m in (
                "normal",
                "port fermé — premier",
                "port fermé — suivant",
                "trou noir — premier",
                "trou noir — suivant",
            )
        }
        erreurs = 0
        charge = os.getloadavg()
        enregistrer(True)  # warm-up: imports, connections
        for tour in range(args.tours):
            broker(settings.REDIS_URL)
            envois._pause_jusqua = 0.0
            duree, ok = enregistrer(True)
            mesures["normal"].append(duree)
            erreurs += not ok
            modes = [("port fermé", contextlib.nullcontext(port_ferme())), ("trou noir", trou_noir())]
            if tour % 2:
                modes.reverse()
            for nom, contexte in modes:
                with contexte as url:
                    broker(url)
                    envois._pause_jusqua = 0.0
                    for quand in ("premier", "suivant"):
                        duree, ok = enregistrer(False)
                        mesures[f"{nom} — {quand}"].append(duree)
                        erreurs += not ok
        broker(settings.REDIS_URL)
        with app.connection_for_write() as c:  # the messages of the normal saves: no worker reads them here
            c.default_channel.queue_purge("celery")

        print(f"Enregistrement d'un passage avec orientation, Redis disponible ou en panne — {args.tours} tours")
        print(
            f"  délai de publication RELAIS_PUBLICATION_DELAI = {settings.RELAIS_PUBLICATION_DELAI} s, "
            f"pause après un échec {settings.RELAIS_PUBLICATION_PAUSE} s"
        )
        print(f"  charge moyenne avant {charge[0]:.2f}, après {os.getloadavg()[0]:.2f}")
        plancher = statistics.median(mesures["normal"])
        for nom, valeurs in mesures.items():
            p50, pire = statistics.median(valeurs), max(valeurs)
            print(
                f"  {nom:<22} p50 {p50 * 1000:7.1f} ms   max {pire * 1000:7.1f} ms   ({p50 / plancher:5.1f}× le normal)"
            )
        pire = max(max(v) for k, v in mesures.items() if k != "normal")
        print(
            f"  enregistrements vérifiés (302, passage écrit, envoi publié ou en attente) : "
            f"{'OK' if erreurs == 0 else f'{erreurs} ÉCARTS'}"
        )
        verdict = "PASS" if pire < 2 and erreurs == 0 else "FAIL"
        print(f"  {verdict} : pire enregistrement Redis en panne {pire:.2f} s (cible < 2 s), rien de perdu")
        ligne("panne_redis", pire * 1000, plancher * 1000, cible="< 2 s, nothing lost", ok=verdict == "PASS")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.garder:
            admin_sql(f"DROP DATABASE IF EXISTS {args.base} WITH (FORCE)")


if __name__ == "__main__":
    main()
