#!/usr/bin/env python
"""Benchmark « Save a passage under load », against its floor measured in the same run.

Relais (config.wsgi) and the floor project (bench/plancher: one 15-field model, one 15-field form with CSRF, one
view that validates and inserts a row) are served by the same gunicorn command (sync workers, CONN_MAX_AGE=60,
DEBUG off) on two free ports of 127.0.0.1, against the database relais_bench (created and dropped here; the floor
lives in its own schema « plancher »). 16 desks (threads) loop GET form + POST for a fixed time after a warm-up;
each Relais desk logs in once. Short rounds alternate floor / Relais so that the machine's drift (another
process) hits both; the throughput ratio is the median of the rounds' ratios.

Prints requests/s, the POST's p50/p95/p99, the passages really written (rows in the database = 302s, no
duplicate), the ratios to the floor and a PASS/FAIL line for the targets of issue 18 (throughput ≥ 0.8 × the
floor's, POST p95 ≤ 1.3 × the floor's; the absolute p95 < 50 ms of issue 3 is printed beside). Always exits 0 when
the measurement ran: it is a measurement, not a test.

    .venv/bin/python bench/passage_charge.py [--desks 16] [--workers 4] [--duree 6] [--chauffe 1] [--tours 8]
                                             [--garder] [--reprendre]
"""

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from commun import ligne

RACINE = Path(__file__).resolve().parent.parent
PLANCHER = RACINE / "bench" / "plancher"
BIN = Path(sys.executable).parent
BASE = os.environ.get("RELAIS_BENCH_DB", "relais_bench")  # one database per concurrent run
PG = "postgres://postgres:postgres@127.0.0.1:5432"
DATABASE_URL = f"{PG}/{BASE}"
EMAIL, MOT_DE_PASSE = "accueil@lot.demo.fr", "Relais-Demo-2026"
PARIS = ZoneInfo("Europe/Paris")
CIBLE_P95_MS = 50.0  # issue 3, below the floor's own p95 on 2 cores: printed, not the verdict
CIBLE_RATIO_DEBIT, CIBLE_RATIO_P95 = 0.8, 1.3  # issue 18: throughput ≥ 0.8× the floor's, POST p95 ≤ 1.3× the floor's
LIMITE_CYCLES = 200_000  # per desk and per round: a bound on the loop besides its duration

PROCESSUS = []  # gunicorn masters started here (each in its own process group)
JOURNAUX = Path(tempfile.mkdtemp(prefix="relais-bench-"))  # gunicorn logs; removed at the end unless a server failed


# --- processes and database ---------------------------------------------------------------------------------------


# Row-level security as in production (docs/securite.md §30, scripts/services.sh creates the roles): the owner
# (here the superuser that created the database) migrates and builds the demo, the application serves as relais_app,
# neither owner nor superuser, so every tenant table's policies apply. --sans-rls serves as the superuser instead.
ROLES_BD = {
    "DB_ROLE_APP": "relais_app",
    "DB_ROLE_PROPRIETAIRE": "relais_proprietaire",
    "DB_ROLE_TRANSVERSAL": "relais_transversal",
}
RLS = "--sans-rls" not in sys.argv


def env_relais(application=False):
    """The environment of Relais's processes: ``application`` (gunicorn, the query count, the sessions' second
    factor) connects as the application role when RLS is on; migrate and the demo build as the owner."""
    env = dict(os.environ)
    if RLS:
        env.update(ROLES_BD)
    env.update(
        DATABASE_URL=f"{PG.replace('postgres:postgres@', 'relais_app:relais_app@')}/{BASE}"
        if RLS and application
        else DATABASE_URL,
        RELAIS_ENV=os.environ.get("RELAIS_ENV", "test"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        CELERY_TASK_ALWAYS_EAGER="false",
        DEBUG="false",
        CONN_MAX_AGE="60",
    )
    return env


def env_plancher():
    env = dict(os.environ)
    env.update(
        BENCH_DATABASE_URL=DATABASE_URL,
        DJANGO_SETTINGS_MODULE="plancher.settings",
        PYTHONPATH=str(PLANCHER),
        CONN_MAX_AGE="60",
    )
    env.pop("DATABASE_URL", None)
    return env


def sql(requete, params=None, base=BASE, autocommit=False):
    import psycopg

    with psycopg.connect(f"{PG}/{base}", autocommit=autocommit, connect_timeout=5) as conn:
        cur = conn.execute(requete, params)
        return cur.fetchall() if cur.description else None


def creer_base():
    sql(f"DROP DATABASE IF EXISTS {BASE} WITH (FORCE)", base="postgres", autocommit=True)
    sql(f"CREATE DATABASE {BASE}", base="postgres", autocommit=True)


def supprimer_base():
    try:
        sql(f"DROP DATABASE IF EXISTS {BASE} WITH (FORCE)", base="postgres", autocommit=True)
    except Exception as e:  # cleanup: say it, do not hide the figures
        print(f"(could not drop {BASE}: {e})")


def lancer(cmd, env, cwd, timeout=600):
    r = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if r.returncode:
        sys.exit(f"Failed: {' '.join(map(str, cmd))}\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
    return r.stdout


def port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demarrer_gunicorn(application, env, cwd, workers):
    port = port_libre()
    cmd = [
        str(BIN / "gunicorn"),
        application,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    journal = open(JOURNAUX / f"gunicorn-{port}.log", "w")  # closed with the process
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=journal, stderr=subprocess.STDOUT, start_new_session=True)
    PROCESSUS.append(p)
    return p, port


def arreter_processus():
    for p in PROCESSUS:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)  # the master and its workers: the group this script created
            except ProcessLookupError:
                continue
    for p in PROCESSUS:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait(timeout=5)
    PROCESSUS.clear()


def attendre(port, chemin, processus, delai=180):
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if processus.poll() is not None:
            sys.exit(f"gunicorn on port {port} stopped (see {JOURNAUX}/gunicorn-{port}.log)")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", chemin)
            if c.getresponse().status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn on port {port} did not answer within {delai} s")


# --- the simulated desk -------------------------------------------------------------------------------------------

# attributes may be split across lines by the template formatter: \s+ between them
CSRF = re.compile(rb'name="csrfmiddlewaretoken"\s+value="([^"]+)"')
JETON = re.compile(rb'name="jeton"\s+value="([^"]+)"')
SELECT_LIEU = re.compile(rb'<select\s+name="lieu"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(rb'<option\s+value="(\d+)"([^>]*)>')
MOTIF = re.compile(rb'name="motifs"\s+value="([^"]+)"')


class Guichet:
    """One desk: its own cookies, one new TCP connection per request (gunicorn sync workers close them)."""

    def __init__(self, port, graine):
        self.port = port
        self.cookies = {}
        self.rng = random.Random(graine)

    def requete(self, methode, chemin, champs=None):
        entetes = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            entetes["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        corps = None
        if champs is not None:
            corps = urlencode(champs, doseq=True).encode()
            entetes["Content-Type"] = "application/x-www-form-urlencoded"
        debut = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(methode, chemin, body=corps, headers=entetes)
            rep = conn.getresponse()
            contenu = rep.read()
        finally:
            conn.close()
        duree = time.perf_counter() - debut
        for entete in rep.headers.get_all("Set-Cookie") or []:
            c = SimpleCookie()
            c.load(entete)
            for nom, m in c.items():
                if m["max-age"] == "0" or m.value in ("", '""'):
                    self.cookies.pop(nom, None)
                else:
                    self.cookies[nom] = m.value
        return rep.status, rep.getheader("Location") or "", contenu, duree

    def connecter(self):
        statut, _, page, _ = self.requete("GET", "/comptes/connexion/")
        jeton = CSRF.search(page)
        if statut != 200 or not jeton:
            raise RuntimeError(f"login page: HTTP {statut}")
        champs = {"csrfmiddlewaretoken": jeton.group(1).decode(), "username": EMAIL, "password": MOT_DE_PASSE}
        statut, lieu, _, _ = self.requete("POST", "/comptes/connexion/", champs)
        if statut != 302 or "connexion" in lieu:
            raise RuntimeError(f"login refused: HTTP {statut} → {lieu}")


SECOND_FACTEUR = """
from django.contrib.sessions.backends.db import SessionStore
from comptes import second_facteur
for cle in {cles!r}:
    session = SessionStore(session_key=cle)
    session[second_facteur.CLE_SESSION] = session["_auth_user_id"]
    session.save()
"""


class Cible:
    """What differs between Relais and its floor: the URL, the form's fields, the success test."""

    def __init__(self, nom, port, chemin, redirection):
        self.nom, self.port, self.chemin, self.redirection = nom, port, chemin, redirection
        self.lieu = None
        self.motifs = []

    def apprendre(self, page):
        select = SELECT_LIEU.search(page)
        options = OPTION.findall(select.group(1)) if select else []
        if not options:
            raise RuntimeError(f"{self.nom}: no <select name=lieu> in the form")
        choisie = [v for v, attrs in options if b"selected" in attrs] or [options[0][0]]
        self.lieu = choisie[0].decode()
        self.motifs = [m.decode() for m in MOTIF.findall(page)]
        if not self.motifs:
            raise RuntimeError(f"{self.nom}: no motif checkbox in the form")

    def champs(self, page, rng):
        csrf, jeton = CSRF.search(page), JETON.search(page)
        return {
            "csrfmiddlewaretoken": csrf.group(1).decode() if csrf else "",
            "jeton": jeton.group(1).decode() if jeton else str(uuid.uuid4()),
            "lieu": self.lieu,
            "date_heure": datetime.now(PARIS).strftime("%Y-%m-%dT%H:%M"),
            "canal": "sur_place",
            "motifs": rng.sample(self.motifs, k=rng.choice((1, 1, 2))),
            "information_donnee": "on",
            "duree_minutes": "10",
        }


def boucle(cible, guichet, fin, mesures, succes, erreurs):
    """GET the form, POST it; until ``fin`` (monotonic clock) or LIMITE_CYCLES."""
    for _ in range(LIMITE_CYCLES):
        if time.monotonic() >= fin:
            return
        try:
            statut, _, page, duree = guichet.requete("GET", cible.chemin)
            mesures.append((time.monotonic(), "GET", duree, statut))
            if statut != 200:
                erreurs.append(f"GET {statut}")
                continue
            champs = cible.champs(page, guichet.rng)
            statut, lieu, page, duree = guichet.requete("POST", cible.chemin, champs)
            mesures.append((time.monotonic(), "POST", duree, statut))
            if statut == 302 and cible.redirection.match(lieu):
                succes.append((champs["jeton"], cible.redirection.match(lieu).group(1)))
            else:
                erreurs.append(f"POST {statut} {lieu or page[:200]!r}")
        except (OSError, http.client.HTTPException) as e:
            erreurs.append(f"{type(e).__name__}: {e}")
            time.sleep(0.05)
        if len(erreurs) > 500:
            return


def charger(cible, guichets, chauffe, duree, cpu=None):
    """One round: every desk loops for chauffe + duree seconds; only the last ``duree`` seconds are kept.
    ``cpu``: a list to which (server CPU seconds, POSTs answered) of the whole round is appended."""
    cpu_avant = cpu_serveurs() if cpu is not None else None
    debut = time.monotonic()
    fenetre = (debut + chauffe, debut + chauffe + duree)
    par_guichet = [([], [], []) for _ in guichets]
    fils = [
        threading.Thread(target=boucle, args=(cible, g, fenetre[1], *listes), daemon=True)
        for g, listes in zip(guichets, par_guichet, strict=True)
    ]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=chauffe + duree + 60)
    mesures = [m for listes in par_guichet for m in listes[0]]
    succes = [s for listes in par_guichet for s in listes[1]]
    erreurs = [e for listes in par_guichet for e in listes[2]]
    if cpu is not None:
        cpu_apres = cpu_serveurs()
        cpu.append(
            (
                sum(t - cpu_avant.get(pid, 0) for pid, t in cpu_apres.items()) / TICKS,
                sum(m[1] == "POST" for m in mesures),
            )
        )
    gardees = [m for m in mesures if fenetre[0] <= m[0] <= fenetre[1]]
    return gardees, succes, erreurs, duree


TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """(ppid, utime + stime in ticks) of a process, from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            champs = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(champs[1]), int(champs[11]) + int(champs[12])


def cpu_serveurs():
    """CPU ticks of the servers under test, by pid: gunicorn masters and workers (started here) and the PostgreSQL
    backends connected to the bench database. Only the target being loaded works during a round, so the delta
    over a round is that target's server-side CPU, whatever else runs on the machine."""
    maitres = {p.pid for p in PROCESSUS}
    backends = {r[0] for r in sql("SELECT pid FROM pg_stat_activity WHERE datname = %s", (BASE,))}
    ticks = {}
    for entree in os.scandir("/proc"):
        if entree.name.isdigit():
            pid = int(entree.name)
            st = _stat(pid)
            if st and (pid in maitres or st[0] in maitres or pid in backends):
                ticks[pid] = st[1]
    return ticks


def centile(valeurs, p):
    if not valeurs:
        return float("nan")
    v = sorted(valeurs)
    return v[min(len(v) - 1, max(0, round(p / 100 * len(v) + 0.5) - 1))]


def resumer(tours):
    mesures = [m for t in tours for m in t[0]]
    duree = sum(t[3] for t in tours)
    post = [m[2] * 1000 for m in mesures if m[1] == "POST"]
    get = [m[2] * 1000 for m in mesures if m[1] == "GET"]
    return {
        "rps": len(mesures) / duree,
        "posts": len(post) / duree,
        "post": [centile(post, p) for p in (50, 95, 99)],
        "get": [centile(get, p) for p in (50, 95, 99)],
        "n_post": len(post),
        "succes": [s for t in tours for s in t[1]],
        "erreurs": [e for t in tours for e in t[2]],
    }


# --- what the server does per request (queries), for the report -------------------------------------------------

COMPTER = r"""
import re, uuid
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
c = Client()
if {connecter}:
    assert c.login(username="{email}", password="{mdp}")
    from comptes import second_facteur
    s = c.session
    s[second_facteur.CLE_SESSION] = s["_auth_user_id"]
    s.save()
c.get("{chemin}")
with CaptureQueriesContext(connection) as q:
    page = c.get("{chemin}").content.decode()
n_get = len(q.captured_queries)
lieu = re.search(r'<select\s+name="lieu"[^>]*>.*?<option\s+value="(\d+)"', page, re.S).group(1)
motif = re.search(r'name="motifs"\s+value="([^"]+)"', page).group(1)
champs = dict(jeton=str(uuid.uuid4()), lieu=lieu, date_heure=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
              canal="sur_place", motifs=[motif], information_donnee="on", duree_minutes="10")
with CaptureQueriesContext(connection) as q:
    r = c.post("{chemin}", champs)
assert r.status_code == 302, r.status_code
print("REQUETES", n_get, len(q.captured_queries), sum("DECLARE" in x["sql"] for x in q.captured_queries))
"""


def compter_requetes(relais):
    code = COMPTER.format(
        connecter=relais,
        email=EMAIL,
        mdp=MOT_DE_PASSE,
        chemin="/accueil/passage/nouveau/" if relais else "/visite/nouvelle/",
    )
    if relais:
        sortie = lancer([sys.executable, "manage.py", "shell", "-c", code], env_relais(True), RACINE)
    else:
        sortie = lancer([sys.executable, "-c", "import django; django.setup()\n" + code], env_plancher(), PLANCHER)
    _, n_get, n_post, _ = re.search(r"REQUETES (\d+) (\d+) (\d+)", sortie).group(0).split()
    return int(n_get), int(n_post)


# --- main -----------------------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--desks", type=int, default=16)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--duree", type=float, default=6.0, help="measured seconds per round and per target")
    ap.add_argument("--chauffe", type=float, default=1.0, help="warm-up seconds before each measure")
    ap.add_argument("--tours", type=int, default=8, help="rounds (floor and Relais, order alternating)")
    ap.add_argument("--garder", action="store_true", help=f"keep the {BASE} database afterwards")
    ap.add_argument("--reprendre", action="store_true", help=f"reuse the {BASE} database kept by --garder (no rebuild)")
    ap.add_argument("--sans-rls", action="store_true", help="serve Relais as the superuser: no row-level security")
    args = ap.parse_args()
    args.desks = max(1, min(args.desks, 64))
    args.duree = max(1.0, min(args.duree, 60.0))
    args.chauffe = max(0.0, min(args.chauffe, 30.0))
    args.tours = max(1, min(args.tours, 16))
    t_debut = time.monotonic()
    charge_avant = os.getloadavg()[0]

    print(
        f"== Save a passage under load: {args.desks} desks, gunicorn sync ×{args.workers}, "
        f"{args.tours} round(s) × ({args.chauffe:g} s warm-up + {args.duree:g} s measured) per target, "
        f"{'row-level security on (served as relais_app)' if RLS else 'no row-level security (--sans-rls)'}"
    )
    if not args.reprendre:
        creer_base()
    try:
        if args.reprendre:
            print(f"database {BASE} reused (--reprendre)")
        else:
            lancer([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env_relais(), RACINE)
            demo = [sys.executable, "manage.py", "construire_demo", "--departements", "46,50", "-v0"]
            lancer(demo, env_relais(), RACINE)
            sql("CREATE SCHEMA plancher")
            lancer([sys.executable, "-m", "django", "migrate", "--noinput", "-v0"], env_plancher(), PLANCHER)
            sql("INSERT INTO plancher.plancher_lieu (nom) SELECT 'Lieu ' || g FROM generate_series(1, 65) g")
            print(f"database {BASE} ready in {time.monotonic() - t_debut:.0f} s (Lot + Manche demo; floor schema)")

        q_relais, q_plancher = compter_requetes(True), compter_requetes(False)
        print(
            f"SQL queries per request: Relais GET {q_relais[0]}, POST {q_relais[1]} | "
            f"floor GET {q_plancher[0]}, POST {q_plancher[1]}"
        )

        p_relais, port_relais = demarrer_gunicorn("config.wsgi:application", env_relais(True), RACINE, args.workers)
        p_plancher, port_plancher = demarrer_gunicorn(
            "plancher.wsgi:application", env_plancher(), PLANCHER, args.workers
        )
        attendre(port_relais, "/comptes/connexion/", p_relais)
        attendre(port_plancher, "/visite/nouvelle/", p_plancher)

        relais = Cible("Relais", port_relais, "/accueil/passage/nouveau/", re.compile(r"^/accueil/passages/(\d+)/$"))
        plancher = Cible("floor", port_plancher, "/visite/nouvelle/", re.compile(r"^/visite/(\d+)/$"))
        guichets = {
            "Relais": [Guichet(port_relais, i) for i in range(args.desks)],
            "floor": [Guichet(port_plancher, 100 + i) for i in range(args.desks)],
        }
        t = time.monotonic()
        erreurs_connexion = []
        fils = [threading.Thread(target=_capturer, args=(g.connecter, erreurs_connexion)) for g in guichets["Relais"]]
        for f in fils:
            f.start()
        for f in fils:
            f.join(timeout=120)
        if erreurs_connexion:
            sys.exit(f"login failed: {erreurs_connexion[0]}")
        # the desks' sessions pass the second factor (docs/securite.md §16) as after the challenge page: what is
        # measured is the save, not the sign-in (a TOTP code is accepted once, and the 16 desks share one account)
        cles = [g.cookies["sessionid"] for g in guichets["Relais"]]
        lancer([sys.executable, "manage.py", "shell", "-c", SECOND_FACTEUR.format(cles=cles)], env_relais(True), RACINE)
        print(f"{args.desks} desks logged in ({time.monotonic() - t:.1f} s, PBKDF2, second factor passed)")
        for cible in (relais, plancher):
            g = guichets[cible.nom][0]
            cible.apprendre(g.requete("GET", cible.chemin)[2])

        for cible in (plancher, relais):  # first warm-up: imports, templates, connections of every worker
            charger(cible, guichets[cible.nom], 0, 5)
        avant_relais = sql("SELECT count(*) FROM accueil_passage")[0][0]
        avant_plancher = sql("SELECT count(*) FROM plancher.plancher_visite")[0][0]
        cpu = {"Relais": [], "floor": []}
        tours = {"Relais": [], "floor": []}
        ratios_tours = []
        for n in range(args.tours):
            ordre = (plancher, relais) if n % 2 == 0 else (relais, plancher)
            colonnes = []
            for cible in ordre:
                tour = charger(cible, guichets[cible.nom], args.chauffe, args.duree, cpu[cible.nom])
                tours[cible.nom].append(tour)
                r = resumer([tour])
                colonnes.append(f"{cible.nom} {r['rps']:6.1f} req/s (POST p95 {r['post'][1]:5.0f} ms)")
            ratios_tours.append(resumer(tours["Relais"][-1:])["rps"] / resumer(tours["floor"][-1:])["rps"])
            print(f"  round {n + 1}: {' | '.join(colonnes)} → {ratios_tours[-1]:.2f}×, load {os.getloadavg()[0]:.1f}")
        res = {nom: resumer(t) for nom, t in tours.items()}

        # what the database really holds
        ecrits = {
            "Relais": (sql("SELECT count(*) FROM accueil_passage")[0][0] - avant_relais),
            "floor": (sql("SELECT count(*) FROM plancher.plancher_visite")[0][0] - avant_plancher),
        }
        jetons = [j for j, _ in res["Relais"]["succes"]]
        trouves, distincts = sql(
            "SELECT count(*), count(DISTINCT jeton) FROM accueil_passage WHERE jeton = ANY(%s::uuid[])", (jetons,)
        )[0]
        doublons = sql("SELECT count(*) - count(DISTINCT (collectivite_id, jeton)) FROM accueil_passage")[0][0]
        ids_distincts = len({i for _, i in res["Relais"]["succes"]})

        print()
        print(
            f"{'':<8}{'req/s':>9}{'passages/s':>12}{'POST p50':>10}{'p95':>8}{'p99':>8}"
            f"{'GET p50':>10}{'p95':>8}{'p99':>8}  (ms; {args.desks} desks)"
        )
        for nom in ("floor", "Relais"):
            r = res[nom]
            print(
                f"{nom:<8}{r['rps']:9.1f}{r['posts']:12.1f}{r['post'][0]:10.1f}{r['post'][1]:8.1f}{r['post'][2]:8.1f}"
                f"{r['get'][0]:10.1f}{r['get'][1]:8.1f}{r['get'][2]:8.1f}"
            )
        ratio_debit = statistics.median(ratios_tours)
        cpu_cycle = {nom: 1000 * sum(c for c, _ in v) / max(1, sum(n for _, n in v)) for nom, v in cpu.items()}
        ratio_p95 = res["Relais"]["post"][1] / res["floor"]["post"][1]
        print(
            f"ratio Relais/floor: throughput {ratio_debit:.2f}× (median of rounds; pooled "
            f"{res['Relais']['rps'] / res['floor']['rps']:.2f}×), POST p95 {ratio_p95:.2f}×, "
            f"POST p50 {res['Relais']['post'][0] / res['floor']['post'][0]:.2f}×"
        )
        print(
            f"server CPU per passage (GET + POST; gunicorn workers + PostgreSQL backends; "
            f"little affected by other load): "
            f"floor {cpu_cycle['floor']:.1f} ms, Relais {cpu_cycle['Relais']:.1f} ms → capacity ratio "
            f"{cpu_cycle['floor'] / cpu_cycle['Relais']:.2f}×"
        )
        for nom in ("floor", "Relais"):
            r = res[nom]
            print(
                f"{nom}: {len(r['succes'])} POST answered 302, {ecrits[nom]} row(s) written, "
                f"{len(r['erreurs'])} error(s){' — first: ' + r['erreurs'][0][:160] if r['erreurs'] else ''}"
            )
        coherent = ecrits["Relais"] == len(jetons) == trouves == distincts == ids_distincts and doublons == 0
        print(
            f"Relais passages check: 302s {len(jetons)}, rows written {ecrits['Relais']}, 302 jetons found "
            f"{trouves} ({distincts} distinct), distinct ids {ids_distincts}, duplicate jetons {doublons} → "
            f"{'OK' if coherent else 'MISMATCH'}"
        )
        ok_p95 = ratio_p95 <= CIBLE_RATIO_P95
        ok_debit = ratio_debit >= CIBLE_RATIO_DEBIT
        verdict = "PASS" if ok_p95 and ok_debit and coherent else "FAIL"
        print(
            f"{verdict}: throughput {ratio_debit:.2f}× floor (target ≥ {CIBLE_RATIO_DEBIT}: "
            f"{'ok' if ok_debit else 'missed'}), POST p95 {ratio_p95:.2f}× the floor's (target ≤ {CIBLE_RATIO_P95}: "
            f"{'ok' if ok_p95 else 'missed'}), passages {'consistent' if coherent else 'INCONSISTENT'}; "
            f"absolute POST p95 {res['Relais']['post'][1]:.1f} ms (issue 3's < {CIBLE_P95_MS:g} ms: "
            f"{'ok' if res['Relais']['post'][1] < CIBLE_P95_MS else 'missed'}; "
            f"the floor's {res['floor']['post'][1]:.1f} ms)"
        )
        note = "" if coherent else "passages INCONSISTENT"
        ligne(
            "passage_debit",
            res["Relais"]["rps"],
            res["floor"]["rps"],
            unite="req/s",
            ratio=ratio_debit,
            cible=f"≥ {CIBLE_RATIO_DEBIT}× floor",
            ok=ok_debit and coherent,
            note=note,
        )
        ligne(
            "passage_p95",
            res["Relais"]["post"][1],
            res["floor"]["post"][1],
            cible=f"≤ {CIBLE_RATIO_P95}× floor",
            ok=ok_p95 and coherent,
            note=note,
        )
        print(
            f"(total {time.monotonic() - t_debut:.0f} s; load average before {charge_avant:.1f}, "
            f"after {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs — a busy machine lowers both sides)"
        )
    finally:
        arreter_processus()
        erreurs_serveur = [f for f in JOURNAUX.glob("*.log") if f.stat().st_size]
        if erreurs_serveur:
            print(f"(gunicorn wrote to {', '.join(map(str, erreurs_serveur))})")
        else:
            shutil.rmtree(JOURNAUX, ignore_errors=True)
        if not args.garder:
            supprimer_base()
    return 0


def _capturer(fonction, erreurs):
    try:
        fonction()
    except Exception as e:
        erreurs.append(e)


def _signal(signum, frame):
    raise SystemExit(f"interrupted (signal {signum})")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _signal)
    sys.exit(main())
