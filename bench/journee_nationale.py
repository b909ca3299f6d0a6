#!/usr/bin/env python
"""Benchmark « The national day, simulated » and « the year-end worker run » (issue 18).

Builds its own database (``RELAIS_BENCH_DB``, default relais_bench): migrate, the COG, 100 collectivités (one per
département, in Django: a Département structure and a CCAS, ``--lieux`` reception sites, a desk agent, a social
worker with ``--accompagnements`` open supports, a project lead), then in bulk SQL (``INSERT … SELECT
generate_series``) ``--personnes`` persons per collectivité (search keys computed as ``Usager.save`` does) and
``--passages`` passages over last year and this one; the monthly rollups of the project leads' collectivités.

**The national day**: Relais under gunicorn (sync ×``--workers``) with a real Celery worker draining the outbox,
loaded for ``--duree`` seconds at ``--facteur`` × the national peak, in open loop (arrivals on a Poisson schedule,
served by a pool of client threads, one TCP connection per request). The peak: 40,000 passages a day nationally,
14 % of them in the busiest hour (desks open 8:30–12:00 and 13:30–17:30, mornings busier) → 1.56 passages/s; ×10 →
15.6/s. Per passage, the mix adds half a person search (an agent identifying someone), half a support page opened by
a social worker and 3 % of a network dashboard; a fifth of the passages send an orientation (an outbox row, an
e-mail by the worker). Every kind goes to a random collectivité's user (dashboards: five project leads).

It prints the request rate offered and served, p50/p95/p99 per kind, the errors (any answer other than the expected
one), the lost writes (passages answered 302 = rows written; orientations = outbox rows delivered by the worker,
none left), the lag of the schedule, and the CPU of gunicorn, PostgreSQL and the worker during the run (from
/proc: what saturates first).

**The year end**: the yearly indicator computation of last year (``indicateurs.calculer_indicateurs``) then the
funders' report of last year (``indicateurs.generer_rapport``, PDF) for the 100 collectivités, queued through the
outbox as the project leads would, run by a real worker with 1 then 2 processes (prefork); total time of each.

Targets: errors 0, lost writes 0. Always exits 0 when the measurement ran.

    .venv/bin/python bench/journee_nationale.py [--personnes 1000] [--passages 500000] [--duree 60] [--facteur 10]
"""

import argparse
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import passage_charge as pc
from commun import ligne

RACINE = Path(__file__).resolve().parent.parent
os.environ.update(
    DATABASE_URL=pc.DATABASE_URL,
    RELAIS_ENV=os.environ.get("RELAIS_ENV", "test"),
    REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
    CELERY_TASK_ALWAYS_EAGER="false",
    DEBUG="false",
    CONN_MAX_AGE="60",
    DJANGO_SETTINGS_MODULE="config.settings",
    DB_STATEMENT_TIMEOUT_MS="0",
    EMAIL_URL="dummymail://",  # the worker sends the orientations' e-mails to nowhere (no SMTP here)
)
for _role, _nom in (
    ("APP", "relais_app"),
    ("PROPRIETAIRE", "relais_proprietaire"),
    ("TRANSVERSAL", "relais_transversal"),
):
    os.environ.setdefault(f"DB_ROLE_{_role}", _nom)
sys.path.insert(0, str(RACINE))

N_COLLECTIVITES = 100
N_CHEFS = 5  # the project leads who open dashboards during the day
PASSAGES_JOUR, PART_POINTE = 40_000, 0.14  # national passages a day; share of the day in its busiest hour
PAR_PASSAGE = {"recherche": 0.5, "accompagnement": 0.5, "tableau": 0.03}  # other requests per passage
PART_ORIENTATION = 0.2
MOT_DE_PASSE = "Journee-Nationale-2026"
NOMS = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre Leroy Roux".split()
)
PRENOMS = "Marie Jean Pierre Michel Nathalie Isabelle Sylvie Catherine Philippe Alain Nicolas Camille Léa Hugo".split()
WORKER = []  # the Celery worker started here (its own process group)


# --- the database -------------------------------------------------------------------------------------------------


def construire(args):
    """Everything the day needs; returns {collectivité id: its users, sites, structures, supports, persons}."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from accompagnement.models import MembreGroupe
    from collectivites.models import Collectivite
    from collectivites.tenancy import cross_tenant_access, tenant_context
    from comptes.models import Utilisateur
    from comptes.roles import Role
    from indicateurs import statistiques
    from reseau.models import LieuAccueil, Membre, Structure
    from territoire.models import Commune, Departement
    from tests import factories as f
    from usagers.models import Usager
    from usagers.recherche import texte_cles, texte_recherche

    call_command("migrate", interactive=False, verbosity=0)
    call_command("importer_cog", verbosity=0)
    t = time.perf_counter()
    mot_de_passe = make_password(MOT_DE_PASSE)  # hashed once for every account (PBKDF2 is slow on purpose)
    rng = random.Random(18)
    donnees = {}
    for i, dep in enumerate(Departement.objects.order_by("code")[:N_COLLECTIVITES]):
        c = Collectivite.objects.create(nom=f"Réseau {dep.nom}", slug=f"nat-{dep.code.lower()}", departement=dep)
        communes = list(Commune.objects.du_departement(dep).order_by("-population")[: args.lieux])
        with tenant_context(c):
            s = Structure.objects.create(collectivite=c, nom="Département", type="departement", commune=communes[0])
            ccas = Structure.objects.create(collectivite=c, nom="CCAS", type="ccas-cias", commune=communes[0])
            lieux = [
                LieuAccueil.objects.create(
                    collectivite=c,
                    nom=f"Accueil {j} {commune.nom}",
                    structure=s,
                    type_accueil="premier_accueil",
                    commune=commune,
                    latitude=commune.latitude,
                    longitude=commune.longitude,
                )
                for j, commune in enumerate(communes)
            ]
            comptes = {}
            for role, nom in (
                (Role.ACCUEIL, "accueil"),
                (Role.TRAVAILLEUR_SOCIAL, "ts"),
                (Role.CHEF_DE_PROJET, "chef"),
            ):
                u = Utilisateur.objects.create(
                    collectivite=c, email=f"{nom}{i}@nationale.test", prenom=nom, nom=f"{i}", password=mot_de_passe
                )
                Membre.objects.create(
                    collectivite=c,
                    utilisateur=u,
                    structure=s,
                    role=role,
                    lieu_habituel=lieux[0] if role == Role.ACCUEIL else None,
                )
                comptes[nom] = u
            Usager.objects.bulk_create(
                [
                    Usager(collectivite=c, prenom=p, nom=n, nom_recherche=r, cles_recherche=texte_cles(r))
                    for p, n in ((rng.choice(PRENOMS), f"{rng.choice(NOMS)}-{k}") for k in range(args.personnes))
                    for r in [texte_recherche(p, n)]
                ],
                batch_size=2000,
            )
            personnes = list(Usager.objects.order_by("pk")[: args.accompagnements])
            supports = []
            type_acc = f.TypeAccompagnementFactory(collectivite=c)
            for personne in personnes:
                a = f.AccompagnementFactory(
                    collectivite=c, structure=s, usager=personne, type=type_acc, referent=comptes["ts"]
                )
                MembreGroupe.objects.create(
                    collectivite=c, accompagnement=a, utilisateur=comptes["ts"], structure=s, referent=True
                )
                supports.append(a.pk)
            noms = list(Usager.objects.order_by("?").values_list("prenom", "nom")[:50])
        donnees[c.pk] = {
            "comptes": {k: u.pk for k, u in comptes.items()},
            "lieu": lieux[0].pk,
            "ccas": ccas.pk,
            "accompagnements": supports,
            "noms": [f"{n} {p}" for p, n in noms],
        }
    print(f"  {N_COLLECTIVITES} collectivités, their accounts, persons and supports in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    with connection.cursor() as cur, cross_tenant_access("banc national : génération des passages"):
        cur.execute("""
            CREATE TEMP TABLE nat AS
            SELECT row_number() OVER (ORDER BY c.id) - 1 AS k, c.id AS cid,
              (SELECT array_agg(id ORDER BY id) FROM reseau_lieuaccueil l WHERE l.collectivite_id = c.id) AS lieux,
              (SELECT array_agg(code ORDER BY code) FROM territoire_commune t
                WHERE t.departement_id = c.departement_id) AS communes,
              (SELECT array_agg(id ORDER BY id) FROM accueil_motif m WHERE m.collectivite_id = c.id) AS motifs,
              (SELECT utilisateur_id FROM reseau_membre m WHERE m.collectivite_id = c.id LIMIT 1) AS agent
            FROM collectivites_collectivite c""")
        # last year and this one up to now: the year end computes last year, the dashboards read both
        cur.execute(
            """
            INSERT INTO accueil_passage (collectivite_id, lieu_id, agent_id, date_heure, canal, statut, repere,
              commune_residence_id, tranche_age, type_foyer, information, jeton, cree_le)
            SELECT n.cid, n.lieux[1 + floor(random() * array_length(n.lieux, 1))::int], n.agent,
              date_trunc('year', now()) - interval '1 year' + random() * (now() - (date_trunc('year', now())
                - interval '1 year')),
              (ARRAY['sur_place', 'sur_place', 'sur_place', 'telephone', 'telephone', 'domicile'])
                [1 + floor(random() * 6)::int],
              'termine', '',
              CASE WHEN random() < 0.7 THEN n.communes[1 + floor(random() * array_length(n.communes, 1))::int] END,
              '', '', '', gen_random_uuid(), now()
            FROM generate_series(0, %s - 1) g JOIN nat n ON n.k = g %% 100
            """,
            [args.passages],
        )
        cur.execute("""
            INSERT INTO accueil_passagemotif (collectivite_id, passage_id, motif_id)
            SELECT p.collectivite_id, p.id, n.motifs[1 + (p.id % array_length(n.motifs, 1))::int]
            FROM accueil_passage p JOIN nat n ON n.cid = p.collectivite_id""")
        cur.execute("ANALYZE")
    print(f"  {args.passages:,} passages and their motifs in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    for c in Collectivite.objects.order_by("pk")[:N_CHEFS]:
        with tenant_context(c):
            statistiques.rafraichir_tout(c)
    print(f"  rollups of the {N_CHEFS} project leads' collectivités in {time.perf_counter() - t:.0f} s")
    return donnees


SESSIONS = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from comptes import second_facteur
from comptes.models import Utilisateur
cles = {{}}
for u in Utilisateur.objects.filter(pk__in={pks!r}):
    s = SessionStore()
    s[SESSION_KEY] = str(u.pk)
    s[BACKEND_SESSION_KEY] = "comptes.backends.EmailBackend"
    s[HASH_SESSION_KEY] = u.get_session_auth_hash()
    s[second_facteur.CLE_SESSION] = str(u.pk)
    s.create()
    cles[u.pk] = s.session_key
print("SESSIONS", json.dumps(cles))
"""


def ouvrir_sessions(donnees):
    """One signed-in session per account, second factor passed (as bench/passage_charge.py: the day measures the
    work, not the sign-in), written by a separate process with the application's settings."""
    import json

    pks = [pk for d in donnees.values() for pk in d["comptes"].values()]
    sortie = pc.lancer([sys.executable, "manage.py", "shell", "-c", SESSIONS.format(pks=pks)], pc.env_relais(), RACINE)
    return {int(k): v for k, v in json.loads(sortie.split("SESSIONS ", 1)[1]).items()}


# --- the load ------------------------------------------------------------------------------------------------------


class Client(pc.Guichet):
    def __init__(self, port, session):
        super().__init__(port, 0)
        self.cookies = {"sessionid": session}


def passage(port, d, sessions, rng, mesures, ecrits):
    client = Client(port, sessions[d["comptes"]["accueil"]])
    statut, _, page, duree = client.requete("GET", "/accueil/passage/nouveau/")
    mesures.append(("desk GET form", duree, statut == 200, statut))
    if statut != 200:
        return
    motifs = pc.MOTIF.findall(page)
    champs = {
        "csrfmiddlewaretoken": pc.CSRF.search(page).group(1).decode(),
        "jeton": pc.JETON.search(page).group(1).decode(),
        "lieu": str(d["lieu"]),
        "date_heure": pc.datetime.now(pc.PARIS).strftime("%Y-%m-%dT%H:%M"),
        "canal": "sur_place",
        "motifs": [m.decode() for m in rng.sample(motifs, k=rng.choice((1, 1, 2)))],
        "information_donnee": "on",
        "duree_minutes": "10",
    }
    orientation = rng.random() < PART_ORIENTATION
    if orientation:
        champs.update(
            {
                "orienter": "on",
                "orientation-structure_destinataire": str(d["ccas"]),
                "orientation-consentement": "recueilli",
                "orientation-message": "Demande d'aide alimentaire.",
            }
        )
    statut, lieu, page, duree = client.requete("POST", "/accueil/passage/nouveau/", champs)
    ok = statut == 302 and re.match(r"^/accueil/passages/\d+/$", lieu) is not None
    mesures.append(("desk POST passage", duree, ok, statut))
    if ok:
        ecrits.append((champs["jeton"], orientation))


def recherche(port, d, sessions, rng, mesures, ecrits):
    client = Client(port, sessions[d["comptes"]["accueil"]])
    statut, _, _, duree = client.requete("GET", f"/usagers/recherche/?{urlencode({'q': rng.choice(d['noms'])})}")
    mesures.append(("person search", duree, statut == 200, statut))


def accompagnement(port, d, sessions, rng, mesures, ecrits):
    client = Client(port, sessions[d["comptes"]["ts"]])
    statut, _, _, duree = client.requete("GET", f"/accompagnements/{rng.choice(d['accompagnements'])}/")
    mesures.append(("support page", duree, statut == 200, statut))


def tableau(port, d, sessions, rng, mesures, ecrits):
    client = Client(port, sessions[d["comptes"]["chef"]])
    statut, _, _, duree = client.requete("GET", "/indicateurs/")
    mesures.append(("network dashboard", duree, statut == 200, statut))


TYPES = {"passage": passage, "recherche": recherche, "accompagnement": accompagnement, "tableau": tableau}


def programme(taux, duree, rng):
    """The arrivals of every kind over ``duree`` seconds (Poisson), sorted: [(offset s, kind)]."""
    arrivees = []
    for nature, par_seconde in taux.items():
        t = rng.expovariate(par_seconde)
        while t < duree:
            arrivees.append((t, nature))
            t += rng.expovariate(par_seconde)
    return sorted(arrivees)


def charger(port, donnees, sessions, taux, duree, clients, graine):
    """Serve the schedule with ``clients`` threads; returns (measures, writes, errors, lags)."""
    rng = random.Random(graine)
    arrivees = programme(taux, duree, rng)
    chefs = sorted(donnees)[:N_CHEFS]
    file = queue.Queue()
    mesures, ecrits, erreurs, retards = [], [], [], []
    debut = time.monotonic()

    def servir(n):
        r = random.Random(graine * 1000 + n)
        while (tache := file.get()) is not None:
            prevu, nature = tache
            attente = debut + prevu - time.monotonic()
            if attente > 0:
                time.sleep(attente)
            retards.append(max(0.0, -attente))
            d = donnees[r.choice(chefs)] if nature == "tableau" else donnees[r.choice(list(donnees))]
            try:
                TYPES[nature](port, d, sessions, r, mesures, ecrits)
            except Exception as e:  # a refused connection, a timeout: an error of the day, counted
                erreurs.append(f"{nature}: {type(e).__name__}: {e}")

    fils = [threading.Thread(target=servir, args=(n,), daemon=True) for n in range(clients)]
    for f in fils:
        f.start()
    for a in arrivees:
        file.put(a)
    for _ in fils:
        file.put(None)
    for f in fils:
        f.join(timeout=duree + 120)
    return mesures, ecrits, erreurs, retards, time.monotonic() - debut, len(arrivees)


# --- processes and CPU ----------------------------------------------------------------------------------------------


def demarrer_worker(processus):
    cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "WARNING"]
    cmd += ["--pool", "prefork", "--concurrency", str(processus)]
    journal = open(pc.JOURNAUX / f"worker-{processus}.log", "w")  # closed with the process
    p = subprocess.Popen(
        cmd, env=pc.env_relais(), cwd=RACINE, stdout=journal, stderr=subprocess.STDOUT, start_new_session=True
    )
    WORKER.append(p)
    time.sleep(4)  # the worker imports the project and connects to the broker
    if p.poll() is not None:
        sys.exit(f"the Celery worker stopped (see {pc.JOURNAUX}/worker-{processus}.log)")
    return p


def arreter_worker():
    for p in WORKER:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
    WORKER.clear()


def cpu_par_groupe():
    """CPU ticks by group: gunicorn (masters started here and their workers), the Celery worker's processes, the
    PostgreSQL backends connected to the bench database, and the whole machine (/proc/stat)."""
    maitres = {p.pid for p in pc.PROCESSUS}
    workers = {p.pid for p in WORKER}
    backends = {r[0] for r in pc.sql("SELECT pid FROM pg_stat_activity WHERE datname = %s", (pc.BASE,))}
    ticks = {"gunicorn": 0, "worker": 0, "postgres": {}}
    for entree in os.scandir("/proc"):
        if entree.name.isdigit():
            pid = int(entree.name)
            st = pc._stat(pid)
            if not st:
                continue
            if pid in maitres or st[0] in maitres:
                ticks["gunicorn"] += st[1]
            elif pid in workers or st[0] in workers:
                ticks["worker"] += st[1]
            elif pid in backends:
                ticks["postgres"][pid] = st[1]
    with open("/proc/stat") as f:
        champs = [int(x) for x in f.readline().split()[1:]]
    ticks["machine"] = sum(champs) - champs[3] - champs[4]  # all but idle and iowait
    return ticks


# --- the year end ---------------------------------------------------------------------------------------------------


def fin_annee(processus, delai=900):
    """Queue last year's computation for every collectivité, wait; then its funders' report, wait. Seconds each."""
    from django.db import transaction

    from collectivites.models import Collectivite
    from collectivites.tenancy import cross_tenant_access, tenant_context
    from comptes.models import Utilisateur
    from indicateurs import actions
    from indicateurs.models import Calcul, RapportCharte

    annee = time.localtime().tm_year - 1
    chefs = {}
    with cross_tenant_access("banc national : les chefs de projet de chaque collectivité"):
        for u in Utilisateur.objects.filter(email__startswith="chef").select_related("collectivite"):
            chefs[u.collectivite_id] = u
    collectivites = list(Collectivite.objects.filter(pk__in=chefs).order_by("pk"))
    demarrer_worker(processus)
    durees = {}
    for nom, demander, modele, fait in (
        ("indicators", actions.do_demander_calcul, Calcul, {"statut": "termine"}),
        ("reports", actions.do_demander_rapport, RapportCharte, {"genere_le__isnull": False}),
    ):
        t = time.perf_counter()
        ids = []
        for c in collectivites:
            with tenant_context(c), transaction.atomic():
                ids.append(demander(chefs[c.pk], annee).pk)
        fin = time.monotonic() + delai
        with cross_tenant_access("banc national : attendre la fin du travail de l'année"):
            while (faits := modele.objects.filter(pk__in=ids, **fait).count()) < len(ids) and time.monotonic() < fin:
                time.sleep(0.5)
        durees[nom] = (time.perf_counter() - t, faits, len(ids))
    arreter_worker()
    return durees


# --- main -----------------------------------------------------------------------------------------------------------


def centiles(valeurs):
    return [pc.centile(valeurs, p) for p in (50, 95, 99)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--personnes", type=int, default=1000, help="persons per collectivité")
    ap.add_argument("--accompagnements", type=int, default=20, help="open supports per collectivité")
    ap.add_argument("--lieux", type=int, default=5, help="reception sites per collectivité")
    ap.add_argument("--passages", type=int, default=500_000, help="passages over last year and this one, in all")
    ap.add_argument("--duree", type=float, default=60.0, help="seconds of the day's load")
    ap.add_argument("--facteur", type=float, default=10.0, help="× the national peak")
    ap.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    ap.add_argument("--clients", type=int, default=48, help="client threads serving the schedule")
    ap.add_argument("--sans-fin-annee", action="store_true", help="skip the year-end worker run")
    ap.add_argument("--garder", action="store_true", help=f"keep the {pc.BASE} database afterwards")
    args = ap.parse_args()
    t_debut = time.monotonic()
    charge_avant = os.getloadavg()[0]
    pointe = PASSAGES_JOUR * PART_POINTE / 3600
    taux = {"passage": pointe * args.facteur}
    taux.update({k: v * taux["passage"] for k, v in PAR_PASSAGE.items()})
    print(
        f"== National day: {N_COLLECTIVITES} collectivités, {args.facteur:g}× the national peak "
        f"({PASSAGES_JOUR:,} passages a day, {PART_POINTE:.0%} in the busiest hour → {pointe:.2f} passages/s; "
        f"here {taux['passage']:.1f}/s), {args.duree:g} s, gunicorn sync ×{args.workers}, a real worker"
    )
    print(
        "   offered per second: "
        + ", ".join(f"{k} {v:.2f}" for k, v in taux.items())
        + f" → {2 * taux['passage'] + sum(v for k, v in taux.items() if k != 'passage'):.1f} requests/s"
    )
    pc.creer_base()
    try:
        donnees = construire(args)
        print(f"database {pc.BASE} built in {time.monotonic() - t_debut:.0f} s")
        sessions = ouvrir_sessions(donnees)
        from django.db import connections

        from accueil.models import Orientation, Passage
        from collectivites.models import Envoi
        from collectivites.tenancy import cross_tenant_access

        connections.close_all()
        p_relais, port = pc.demarrer_gunicorn("config.wsgi:application", pc.env_relais(), RACINE, args.workers)
        pc.attendre(port, "/comptes/connexion/", p_relais)
        demarrer_worker(1)
        with cross_tenant_access("banc national : état avant la journée"):
            avant = (Passage.objects.count(), Orientation.objects.count())
        charger(port, donnees, sessions, {k: v / 4 for k, v in taux.items()}, 5, args.clients, 1)  # warm-up
        with cross_tenant_access("banc national : état avant la journée"):
            avant = (Passage.objects.count(), Orientation.objects.count())
        connections.close_all()
        cpu_avant = cpu_par_groupe()
        mesures, ecrits, erreurs, retards, ecoule, offertes = charger(
            port, donnees, sessions, taux, args.duree, args.clients, 2
        )
        cpu_apres = cpu_par_groupe()
        # the worker drains the outbox: every orientation notified, no row left
        fin = time.monotonic() + 120
        with cross_tenant_access("banc national : vérification des écritures"):
            while time.monotonic() < fin and (
                Envoi.objects.exists() or Orientation.objects.filter(notifiee_le__isnull=True).exists()
            ):
                time.sleep(0.5)
            drainage = time.monotonic() - (fin - 120)
            jetons = [j for j, _ in ecrits]
            trouves = Passage.objects.filter(jeton__in=jetons).count()
            apres = (Passage.objects.count(), Orientation.objects.count())
            non_notifiees = Orientation.objects.filter(notifiee_le__isnull=True).count()
            en_attente = Envoi.objects.count()
        arreter_worker()
        pc.arreter_processus()
        connections.close_all()

        ok_mesures = [m for m in mesures if m[2]]
        ko = [m for m in mesures if not m[2]]
        orientations = sum(o for _, o in ecrits)
        print(
            f"\nserved {len(mesures)} requests in {ecoule:.1f} s → {len(mesures) / ecoule:.1f} requests/s "
            f"({offertes} arrivals scheduled; {len(ecrits)} passages saved → {len(ecrits) / ecoule:.1f}/s); "
            f"schedule lag p50 {pc.centile(retards, 50) * 1000:.0f} ms, p95 {pc.centile(retards, 95) * 1000:.0f} ms"
        )
        print(f"{'kind':<20}{'n':>7}{'p50':>9}{'p95':>9}{'p99':>9}  (ms, seen by the client)")
        for nature in sorted({m[0] for m in mesures}):
            d = [m[1] * 1000 for m in mesures if m[0] == nature]
            p50, p95, p99 = centiles(d)
            print(f"{nature:<20}{len(d):>7}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}")
        n_erreurs = len(ko) + len(erreurs)
        premiere = (erreurs or [f"{ko[0][0]}: HTTP {ko[0][3]}" if ko else ""])[0][:200]
        print(f"errors: {n_erreurs}" + (f" — first: {premiere}" if n_erreurs else ""))
        perdus = (len(ecrits) - trouves) + (apres[0] - avant[0] - len(ecrits))
        perdus += (apres[1] - avant[1] - orientations) + non_notifiees + en_attente
        print(
            f"writes: {len(ecrits)} POSTs answered 302, {apres[0] - avant[0]} passage rows added, {trouves} of their "
            f"jetons found; {orientations} orientations sent, {apres[1] - avant[1]} rows added, {non_notifiees} not "
            f"notified by the worker, {en_attente} outbox rows left (drained {drainage:.1f} s after the load) → "
            f"lost writes {perdus}"
        )
        # a backend opened during the load counts from 0; one closed during it is lost (CONN_MAX_AGE keeps them)
        cpu_apres["postgres"] = sum(t - cpu_avant["postgres"].get(pid, 0) for pid, t in cpu_apres["postgres"].items())
        cpu_avant["postgres"] = 0
        secondes = {k: (cpu_apres[k] - cpu_avant[k]) / pc.TICKS for k in cpu_avant}
        print(
            f"CPU during the {ecoule:.0f} s (cores busy on average, {os.cpu_count()} in the machine): "
            + ", ".join(f"{k} {v / ecoule:.2f}" for k, v in secondes.items())
            + "; what saturates first: "
            + max(("gunicorn", "postgres", "worker"), key=lambda k: secondes[k])
            + (" (the machine is saturated)" if secondes["machine"] / ecoule > 0.9 * os.cpu_count() else "")
        )
        ok_jour = n_erreurs == 0 and perdus == 0
        p95_post = pc.centile([m[1] * 1000 for m in ok_mesures if m[0] == "desk POST passage"], 95)
        print(f"{'PASS' if ok_jour else 'FAIL'}: errors {n_erreurs} (target 0), lost writes {perdus} (target 0)")
        ligne(
            "journee_nationale",
            len(mesures) / ecoule,
            None,
            unite="req/s",
            cible="0 errors, 0 lost writes",
            ok=ok_jour,
            note=f"{n_erreurs} errors, {perdus} lost, passage POST p95 {p95_post:.0f} ms",
        )

        if not args.sans_fin_annee:
            print("\n== Year end: last year's indicators, then the funders' report, for every collectivité")
            for processus in (1, 2):
                durees = fin_annee(processus)
                total = sum(d for d, _, _ in durees.values())
                detail = ", ".join(f"{nom} {d:.1f} s ({faits}/{n} done)" for nom, (d, faits, n) in durees.items())
                print(f"  {processus} worker process(es): {total:.1f} s — {detail}")
                complet = all(faits == n for _, faits, n in durees.values())
                ligne(f"fin_annee_{processus}", total, None, unite="s", cible="every one done", ok=complet, note=detail)
        print(
            f"(total {time.monotonic() - t_debut:.0f} s; load average before {charge_avant:.1f}, "
            f"after {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
        )
    finally:
        arreter_worker()
        pc.arreter_processus()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # django not set up yet: nothing to close
            pass
        if not args.garder:
            pc.supprimer_base()
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, pc._signal)
    sys.exit(main())
