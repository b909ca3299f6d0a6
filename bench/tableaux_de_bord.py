#!/usr/bin/env python
"""Benchmark « Dashboards over 10 million passages of 100 collectivités », against floors measured in the same run.

Builds the database relais_bench (migrate, the COG), 100 collectivités (one per département: a structure, 20
reception sites in its most populated communes, a network lead), then generates the passages in SQL
(INSERT … SELECT generate_series: times rising over the last 365 days, the collectivités interleaved — the table's
physical order is the dates', as when desks write day after day: generated collectivité by collectivité, with random
dates, the planner read a day of one collectivité through its whole history, docs/performance.md §14 —, a site and a
resident commune of the collectivité — 30 % unknown —, a channel skewed towards « sur place »; one motif per passage
and a second one for 40 %), ANALYZE. ``--passages`` sets the scale (default 1,000,000 so the run takes a few minutes;
``--passages 10000000`` is the issue's figure) and the scale used is printed.

Then, for one collectivité (1/100 of the passages):
1. the full monthly rollup refresh (``indicateurs.statistiques.rafraichir`` over the 13 months) beside its floor,
   the same five ``GROUP BY`` of the tenant's passages in bare SQL, results fetched and dropped (no write); the
   rollups of the 99 others are built too, so
   the dashboards read a table of realistic size;
2. the network lead's dashboard (``/indicateurs/``, Django test client in-process, session of a chef de projet)
   beside its floor, the bare SQL reads of the same rollup rows (the page's 12 GROUP BY on indicateurs_agregat);
   for information, the same statistics straight from the raw passages (what the rollups avoid);
3. the statistics API (``/api/statistiques/?source=passages&dimension=motif``) beside its one bare SQL read;
4. the cost of row-level security (issue 18, docs/securite.md §30): the dashboard, the statistics API and a desk's
   passage save (in-process), as the application role under RLS against the same requests as before RLS (a
   superuser, no tenant setting), in alternating rounds; the median of the rounds' ratios.
Medians and p95 of ``--requetes`` requests. Targets: dashboard < 150 ms, RLS cost ≤ 10 %. Always exits 0 when the
measurement ran.

    .venv/bin/python bench/tableaux_de_bord.py [--passages 1000000] [--requetes 30] [--garder]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from commun import PLANCHER_API, alterner, chrono
from commun import ligne as ligne_du_banc

RACINE = Path(__file__).resolve().parent.parent
BASE = os.environ.get("RELAIS_BENCH_DB", "relais_bench")  # one database per concurrent run
PG = "postgres://postgres:postgres@127.0.0.1:5432"
CIBLE_MS = 150.0
N_COLLECTIVITES, N_LIEUX = 100, 20

os.environ.update(
    DATABASE_URL=f"{PG}/{BASE}",
    RELAIS_ENV=os.environ.get("RELAIS_ENV", "test"),
    REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
    CELERY_TASK_ALWAYS_EAGER="false",
    DEBUG="false",
    DJANGO_SETTINGS_MODULE="config.settings",
    DB_STATEMENT_TIMEOUT_MS="0",
)
# the roles of row-level security (scripts/services.sh creates them): migrate adds the policies and the grants
for _role, _nom in (
    ("APP", "relais_app"),
    ("PROPRIETAIRE", "relais_proprietaire"),
    ("TRANSVERSAL", "relais_transversal"),
):
    os.environ.setdefault(f"DB_ROLE_{_role}", _nom)
CIBLE_RLS = 0.10
CLES_RLS = {
    "tableau de bord": "rls_tableau_de_bord",
    "API des statistiques": "rls_api",
    "enregistrement d'un passage (en processus)": "rls_passage",
}
sys.path.insert(0, str(RACINE))


def admin_sql(requete):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(requete)


def analyser(*tables):
    """``VACUUM ANALYZE`` of these tables of the benchmark's database, outside any transaction."""
    import psycopg

    with psycopg.connect(f"{PG}/{BASE}", autocommit=True, connect_timeout=5) as conn:
        conn.execute(f"VACUUM ANALYZE {', '.join(tables)}")


def construire(n_passages):
    from django.core.management import call_command
    from django.db import connection

    from collectivites.models import Collectivite
    from collectivites.tenancy import tenant_context
    from comptes.roles import Role
    from reseau.models import LieuAccueil, Membre, Structure
    from territoire.models import Commune, Departement
    from tests import factories as f

    call_command("migrate", interactive=False, verbosity=0)
    call_command("importer_cog", verbosity=0)
    chef = None
    for i, dep in enumerate(Departement.objects.order_by("code")[:N_COLLECTIVITES]):
        c = Collectivite.objects.create(nom=f"Banc {dep.nom}", slug=f"banc-{dep.code.lower()}", departement=dep)
        communes = list(Commune.objects.du_departement(dep).order_by("-population")[:N_LIEUX])
        with tenant_context(c):
            s = Structure.objects.create(collectivite=c, nom="Département", type="departement", commune=communes[0])
            for j, commune in enumerate(communes):
                LieuAccueil.objects.create(
                    collectivite=c,
                    nom=f"Accueil {j} {commune.nom}",
                    structure=s,
                    type_accueil="premier_accueil",
                    commune=commune,
                    latitude=commune.latitude + 0.003,
                    longitude=commune.longitude,
                    horaires="Mo-Fr 09:00-12:00,14:00-17:00",
                )
            user = f.UtilisateurFactory(collectivite=c, email=f"chef{i}@banc.test")
            Membre.objects.create(collectivite=c, utilisateur=user, structure=s, role=Role.CHEF_DE_PROJET)
            chef = chef or user
    t = time.perf_counter()
    with connection.cursor() as cur:
        # the generation is a bulk load: no trigger (the marks of the incremental refresh, the foreign keys' checks);
        # every rollup is then computed in full
        cur.execute("SET session_replication_role = replica")
        cur.execute("""
            CREATE TEMP TABLE banc AS
            SELECT row_number() OVER (ORDER BY c.id) - 1 AS k, c.id AS cid,
              (SELECT array_agg(id ORDER BY id) FROM reseau_lieuaccueil l WHERE l.collectivite_id = c.id) AS lieux,
              (SELECT array_agg(code ORDER BY code) FROM territoire_commune t
                WHERE t.departement_id = c.departement_id) AS communes,
              (SELECT array_agg(id ORDER BY id) FROM accueil_motif m WHERE m.collectivite_id = c.id) AS motifs,
              (SELECT utilisateur_id FROM reseau_membre m WHERE m.collectivite_id = c.id LIMIT 1) AS agent
            FROM collectivites_collectivite c""")
        lot = 1_000_000
        for debut in range(0, n_passages, lot):
            fin = min(n_passages, debut + lot)
            cur.execute(
                """
                INSERT INTO accueil_passage (collectivite_id, lieu_id, agent_id, date_heure, canal, statut,
                  commune_residence_id, tranche_age, type_foyer, information, repere, jeton, cree_le)
                SELECT b.cid, b.lieux[1 + floor(random() * array_length(b.lieux, 1))::int], b.agent,
                  now() - interval '365 days' * (1 - (g + random()) / %s),
                  (ARRAY['sur_place', 'sur_place', 'sur_place', 'telephone', 'telephone', 'domicile', 'en_ligne',
                         'courrier'])[1 + floor(random() * 8)::int],
                  'termine',
                  CASE WHEN random() < 0.7 THEN b.communes[1 + floor(random() * array_length(b.communes, 1))::int]
                  END,
                  '', '', '', '', gen_random_uuid(), now()
                FROM generate_series(%s, %s) g JOIN banc b ON b.k = g %% 100 ORDER BY g
                """,
                [n_passages, debut, fin - 1],
            )
            print(f"  … {fin:,} passages ({time.perf_counter() - t:.0f} s)", flush=True)
        cur.execute("""
            INSERT INTO accueil_passagemotif (collectivite_id, passage_id, motif_id)
            SELECT p.collectivite_id, p.id, b.motifs[1 + (p.id % array_length(b.motifs, 1))::int]
            FROM accueil_passage p JOIN banc b ON b.cid = p.collectivite_id""")
        cur.execute("""
            INSERT INTO accueil_passagemotif (collectivite_id, passage_id, motif_id)
            SELECT p.collectivite_id, p.id, b.motifs[1 + ((p.id + 3) % array_length(b.motifs, 1))::int]
            FROM accueil_passage p JOIN banc b ON b.cid = p.collectivite_id WHERE random() < 0.4""")
        cur.execute("SET session_replication_role = origin")
        cur.execute("ANALYZE")
    print(f"  données générées en {time.perf_counter() - t:.0f} s", flush=True)
    return chef


def cout_rls(c1, client, url, url_api, n, tours=6):
    """Issue 18: the same requests with and without row-level security, in alternating rounds.

    Without: the connection as the superuser (RLS does not apply to it) and no role configured, so the tenant
    context sets nothing — the code path before RLS. With: the application role, subject to the policies, the
    tenant setting issued at each context. Returns {name: (median of the rounds' ratios, median with, median without)}.
    """
    import uuid

    from django.conf import settings
    from django.db import connections
    from django.test import Client
    from django.utils import timezone

    from accueil.models import Motif
    from collectivites.tenancy import tenant_context
    from comptes import second_facteur
    from comptes.models import Utilisateur
    from comptes.roles import Role
    from reseau.models import LieuAccueil, Membre
    from tests import factories as f

    with tenant_context(c1):
        lieu = LieuAccueil.objects.order_by("pk").first()
        agent = Utilisateur.objects.filter(email="accueil@banc.test").first()  # kept by an earlier --garder run
        if agent is None:
            agent = f.UtilisateurFactory(collectivite=c1, email="accueil@banc.test")
            Membre.objects.create(
                collectivite=c1, utilisateur=agent, structure=lieu.structure, role=Role.ACCUEIL, lieu_habituel=lieu
            )
        motifs = [str(pk) for pk in Motif.objects.order_by("pk").values_list("pk", flat=True)[:2]]
    guichet = Client()
    guichet.force_login(agent)
    session = guichet.session
    session[second_facteur.CLE_SESSION] = str(agent.pk)
    session.save()

    def saisir():
        reponse = guichet.post(
            "/accueil/passage/nouveau/",
            {
                "jeton": str(uuid.uuid4()),
                "lieu": lieu.pk,
                "date_heure": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "canal": "sur_place",
                "motifs": motifs,
                "information_donnee": "on",
                "information": "Coordonnées de l'ADIL remises.",
                "duree_minutes": "12",
            },
        )
        assert reponse.status_code == 302, reponse.status_code

    reglages = connections["default"].settings_dict
    compte_initial = (reglages["USER"], reglages["PASSWORD"])
    role_app = settings.RELAIS_ROLES_BD["app"]

    def mode(avec_rls):
        connections["default"].close()
        settings.RELAIS_ROLES_BD["app"] = role_app if avec_rls else ""
        reglages["USER"], reglages["PASSWORD"] = (role_app, role_app) if avec_rls else compte_initial

    mesures = {
        "tableau de bord": lambda: client.get(url),
        "API des statistiques": lambda: client.get(url_api),
        "enregistrement d'un passage (en processus)": saisir,
    }
    rondes = {nom: [] for nom in mesures}
    try:
        for tour in range(tours):
            for nom, fonction in mesures.items():
                resultat = {}
                for avec in (True, False) if tour % 2 else (False, True):
                    mode(avec)
                    fonction()  # the connection opens (and the tenant setting is issued) outside the timing
                    resultat[avec] = chrono(fonction, n)[0]
                rondes[nom].append((resultat[True] / resultat[False], resultat[True], resultat[False]))
    finally:
        mode(False)
    return {nom: tuple(statistics.median(r[i] for r in valeurs) for i in range(3)) for nom, valeurs in rondes.items()}


INSERER_PLANCHER = (
    "INSERT INTO plancher_agregat (collectivite_id, source, mois, lieu_id, dimension, cle, libelle, valeur) "
)
MOIS_SQL = "date_trunc('month', p.date_heure AT TIME ZONE 'Europe/Paris')::date"

# The floor of the rollup refresh: the same cells in bare SQL, one INSERT … SELECT … GROUP BY per breakdown, into a
# table shaped (and indexed) like indicateurs_agregat. The link tables are joined within the collectivité, as the ORM's
# tenant filter does (without it the motif join read the 14 million motif rows of every collectivité: 10× slower).
# The sources with no rows in this database (orientations, supports, engineering) are left out of the floor; Relais
# still runs their (empty) queries.
PLANCHER_ROLLUP = [
    ("passages", "'total'", "'total'", "'Passages'", "p.lieu_id", "", ""),
    ("passages", "'canal'", "p.canal", "p.canal", "p.lieu_id", "", ""),
    ("passages", "'issue'", "p.statut", "p.statut", "p.lieu_id", "", ""),
    (
        "passages",
        "'commune'",
        "coalesce(p.commune_residence_id, 'inconnue')",
        "coalesce(c.nom, 'Non renseignée')",
        "NULL::bigint",
        "LEFT JOIN territoire_commune c ON c.code = p.commune_residence_id",
        "",
    ),
    (
        "passages",
        "'epci'",
        "coalesce(e.siren, 'inconnu')",
        "coalesce(e.nom, 'Non renseigné')",
        "NULL::bigint",
        "LEFT JOIN territoire_commune c ON c.code = p.commune_residence_id "
        "LEFT JOIN territoire_epci e ON e.siren = c.epci_id",
        "",
    ),
    (
        "passages",
        "'motif'",
        "pm.motif_id::text",
        "m.libelle",
        "p.lieu_id",
        "JOIN accueil_passagemotif pm ON pm.passage_id = p.id AND pm.collectivite_id = p.collectivite_id "
        "JOIN accueil_motif m ON m.id = pm.motif_id",
        "",
    ),
    (
        "passages",
        "'reponse'",
        "pr.reponse_id::text",
        "r.libelle",
        "p.lieu_id",
        "JOIN accueil_passagereponse pr ON pr.passage_id = p.id AND pr.collectivite_id = p.collectivite_id "
        "JOIN accueil_reponse r ON r.id = pr.reponse_id",
        "",
    ),
]


# The residence cells of a day: grouped by commune code first, the names (and EPCIs) of the communes met looked up
# by key afterwards. Joined before grouping, as above, a day of ~300 passages made PostgreSQL hash the 35,000 communes
# (a seq scan per breakdown: most of the day's floor, docs/performance.md §14); a month's passages amortise that hash.
PAR_COMMUNE = (
    f"SELECT {MOIS_SQL} AS m, p.commune_residence_id AS code, count(*) AS n FROM accueil_passage p "
    "WHERE {bornes} GROUP BY 1, 2"
)
PLANCHER_RESIDENCE_JOUR = [
    f"{INSERER_PLANCHER}SELECT %s, 'passages', x.m, NULL, 'commune', coalesce(x.code, 'inconnue'), "
    "coalesce((SELECT c.nom FROM territoire_commune c WHERE c.code = x.code), 'Non renseignée'), x.n "
    f"FROM ({PAR_COMMUNE}) x",
    f"{INSERER_PLANCHER}SELECT %s, 'passages', x.m, NULL, 'epci', coalesce(e.siren, 'inconnu'), "
    "coalesce(min(e.nom), 'Non renseigné'), sum(x.n) "
    f"FROM ({PAR_COMMUNE}) x LEFT JOIN LATERAL (SELECT e.siren, e.nom FROM territoire_commune c "
    "JOIN territoire_epci e ON e.siren = c.epci_id WHERE c.code = x.code) e ON true GROUP BY x.m, e.siren",
]


def plancher_rafraichir(cid, premier, dernier, jour=False):
    """The floor of a refresh of [premier, dernier) (months, or one day with ``jour``: the residence cells grouped by
    commune before the names are looked up): delete the cells, insert them again, one transaction."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "DELETE FROM plancher_agregat WHERE collectivite_id = %s AND mois >= %s AND mois < %s",
            [cid, premier, dernier],
        )
        bornes = "p.collectivite_id = %s AND p.date_heure >= %s AND p.date_heure < %s"
        a, b = (f"{d.isoformat()} 00:00 Europe/Paris" for d in (premier, dernier))
        if jour:
            for requete in PLANCHER_RESIDENCE_JOUR:
                cur.execute(requete.format(bornes=bornes), [cid, cid, a, b])
        for source, dimension, cle, libelle, lieu, jointure, _ in PLANCHER_ROLLUP:
            if jour and dimension in ("'commune'", "'epci'"):
                continue
            cur.execute(
                f"{INSERER_PLANCHER}SELECT p.collectivite_id, '{source}', {MOIS_SQL}, {lieu}, {dimension}, {cle}, "
                f"min({libelle}), "
                f"count(*) FROM accueil_passage p {jointure} WHERE {bornes} "
                "GROUP BY 1, 3, 4, 6",
                [cid, a, b],
            )
        for lieu in ("p.lieu_id", "NULL::bigint"):
            dimension = "'total'" if lieu == "p.lieu_id" else "'mois'"
            cur.execute(
                f"{INSERER_PLANCHER}SELECT p.collectivite_id, 'personnes', {MOIS_SQL}, {lieu}, {dimension}, "
                "'total', 'Personnes', "
                f"count(DISTINCT p.usager_id) FROM accueil_passage p WHERE {bornes} AND p.usager_id IS NOT NULL "
                "GROUP BY 1, 3, 4",
                [cid, a, b],
            )


PART_NOMMEE = 0.4  # the share of passages that name a person: a desk logs a passage anonymous unless one is chosen
REPERE_AJOUT = "banc-journee"  # the passages added by ``ajouter_une_journee``: removed when a kept database is reused


def donner_des_personnes(c1, n_personnes, part=PART_NOMMEE):
    """Persons for the measured collectivité, each seen several times a year: ``n_personnes`` persons, and one of them
    named in ``part`` of its passages of the history, so that the refreshes count distinct persons by day, month and
    site as they would for real desks (docs/performance.md §14). Done once (a kept database already has them)."""
    from django.db import connection

    from collectivites.tenancy import tenant_context
    from usagers.models import Usager
    from usagers.recherche import texte_cles, texte_recherche

    with tenant_context(c1):
        if Usager.objects.exists():
            return
        Usager.objects.bulk_create(
            [
                Usager(collectivite=c1, prenom=p, nom=n, nom_recherche=r, cles_recherche=texte_cles(r))
                for p, n in ((f"Prénom{k % 97}", f"Personne-{k}") for k in range(n_personnes))
                for r in [texte_recherche(p, n)]
            ],
            batch_size=5000,
        )
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE accueil_passage p SET usager_id = u.ids[1 + floor(random() * array_length(u.ids, 1))::int] "
                "FROM (SELECT array_agg(id) AS ids FROM usagers_usager WHERE collectivite_id = %(c)s) u "
                "WHERE p.collectivite_id = %(c)s AND random() < %(part)s",
                {"c": c1.pk, "part": part},
            )
            cur.execute("ANALYZE accueil_passage")


def ajouter_une_journee(c1, n, recul=2, part=PART_NOMMEE):
    """A day of one collectivité's desks: ``n`` passages (a motif each, a person named in ``part`` of them, drawn from
    its persons) dated ``recul`` days before the end of last month (a month the full refresh wrote by month, not the
    current one), written as the application role under the collectivité's context, so that the triggers mark the
    day as a real day would."""
    from django.db import connection, transaction

    from collectivites.tenancy import tenant_context

    with tenant_context(c1), transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            """
            WITH b AS (
              SELECT (SELECT array_agg(id ORDER BY id) FROM reseau_lieuaccueil WHERE collectivite_id = %(c)s) AS lieux,
                (SELECT array_agg(id ORDER BY id) FROM accueil_motif WHERE collectivite_id = %(c)s) AS motifs,
                (SELECT utilisateur_id FROM reseau_membre WHERE collectivite_id = %(c)s ORDER BY id LIMIT 1) AS agent,
                (SELECT array_agg(id) FROM usagers_usager WHERE collectivite_id = %(c)s) AS usagers
            ), nouveaux AS (
              INSERT INTO accueil_passage (collectivite_id, lieu_id, agent_id, date_heure, canal, statut,
                commune_residence_id, tranche_age, type_foyer, information, repere, jeton, cree_le, usager_id)
              SELECT %(c)s, b.lieux[1 + floor(random() * array_length(b.lieux, 1))::int], b.agent,
                date_trunc('month', now()) - %(recul)s * interval '1 day' + interval '8 hours'
                  + random() * interval '8 hours', 'sur_place',
                'termine', NULL, '', '', '',
                %(repere)s, gen_random_uuid(), now(),
                CASE WHEN random() < %(part)s THEN b.usagers[1 + floor(random() * array_length(b.usagers, 1))::int] END
              FROM generate_series(1, %(n)s) g, b
              RETURNING id
            )
            INSERT INTO accueil_passagemotif (collectivite_id, passage_id, motif_id)
            SELECT %(c)s, n.id, b.motifs[1 + (n.id %% array_length(b.motifs, 1))::int] FROM nouveaux n, b
            """,
            {"c": c1.pk, "n": n, "recul": recul, "part": part, "repere": REPERE_AJOUT},
        )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--passages", type=int, default=1_000_000)
    ap.add_argument("--requetes", type=int, default=10, help="requests per side and round")
    ap.add_argument("--tours", type=int, default=6, help="alternating rounds per row")
    ap.add_argument("--garder", action="store_true", help=f"keep the {BASE} database afterwards")
    ap.add_argument(
        "--reprendre",
        action="store_true",
        help=f"reuse the {BASE} database kept by --garder (migrate only, no generation): a change measured in minutes",
    )
    ap.add_argument("--sans-rls", action="store_true", help="skip section 4 (the cost of row-level security)")
    args = ap.parse_args()

    if not args.reprendre:
        admin_sql(f"DROP DATABASE IF EXISTS {BASE} WITH (FORCE)")
        admin_sql(f"CREATE DATABASE {BASE}")
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from collectivites.models import Collectivite
        from collectivites.tenancy import tenant_context
        from comptes import second_facteur
        from comptes.models import Utilisateur
        from config import bornes
        from indicateurs import calcul, statistiques
        from indicateurs.enums import Periodicite

        charge_debut = os.getloadavg()
        if args.reprendre:
            call_command("migrate", interactive=False, verbosity=0)
            chef = Utilisateur.objects.get(email="chef0@banc.test")
            # the days an earlier run added, removed: otherwise each rerun measures the same days grown by a day's
            # passages (the full refresh below consumes the marks of their deletion)
            with connection.cursor() as cur:
                cur.execute(
                    "DELETE FROM accueil_passagemotif WHERE passage_id IN "
                    "(SELECT id FROM accueil_passage WHERE repere = %s)",
                    [REPERE_AJOUT],
                )
                cur.execute("DELETE FROM accueil_passage WHERE repere = %s", [REPERE_AJOUT])
                retires = cur.rowcount
            analyser("accueil_passage", "accueil_passagemotif")
            print(f"  passages ajoutés par une exécution précédente, retirés : {retires:,}", flush=True)
        else:
            chef = construire(args.passages)
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM accueil_passage")
            n_passages = cur.fetchone()[0]
        echelle = n_passages / 10_000_000
        print(
            f"Tableaux de bord — {n_passages:,} passages sur {N_COLLECTIVITES} collectivités (échelle {echelle:g} du "
            f"chiffre de l'issue : 10 000 000) ; {args.tours} tours alternés de {args.requetes} requêtes par côté ; "
            f"charge au départ {charge_debut[0]:.1f}",
            flush=True,
        )
        aujourd_hui = timezone.localdate()
        debut = (aujourd_hui.replace(day=1) - timezone.timedelta(days=365)).replace(day=1)
        premier, dernier = debut, statistiques._premier_du_mois_suivant(aujourd_hui)
        c1 = Collectivite.objects.get(pk=chef.collectivite_id)
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM accueil_passage WHERE collectivite_id = %s", [c1.pk])
            n1 = cur.fetchone()[0]
        donner_des_personnes(c1, max(1, n1 // 10))  # before the full refresh, which counts them
        with connection.cursor() as cur:
            cur.execute(
                "SELECT count(usager_id), count(DISTINCT usager_id) FROM accueil_passage WHERE collectivite_id = %s",
                [c1.pk],
            )
            nommes, personnes = cur.fetchone()
        print(f"  collectivité mesurée : {nommes:,} passages nommant {personnes:,} personnes", flush=True)
        with connection.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS plancher_agregat (LIKE indicateurs_agregat INCLUDING ALL)")
            cur.execute("SELECT count(DISTINCT collectivite_id) FROM indicateurs_agregat")
            deja = cur.fetchone()[0]
        lignes = []  # (row, measured, floor, ratio, target, passed, load)

        def ligne(nom, mesure, plancher, ratio, cible, reussi, cle):
            lignes.append((nom, mesure, plancher, ratio, cible, reussi, os.getloadavg()[0]))
            print(f"  … {nom} : {mesure:.1f} ms, plancher {plancher:.1f} ms, {ratio:.2f}×", flush=True)
            ligne_du_banc(cle, mesure, plancher, ratio=ratio, cible=cible, ok=reussi)  # make bench's table

        # 1. the full monthly rollup refresh of one collectivité (13 months, every source), and its floor
        def relais_rollup():
            with tenant_context(c1):
                statistiques.rafraichir(c1, debut, aujourd_hui)

        ratio, mesure, plancher = alterner(
            relais_rollup, lambda: plancher_rafraichir(c1.pk, premier, dernier), max(2, args.tours // 2), 1
        )
        nom = "rafraîchissement complet, 1 collectivité, 13 mois"
        ligne(nom, mesure, plancher, ratio, "≤ 1,5×", ratio <= 1.5, "rollup_complet")
        if deja < N_COLLECTIVITES:
            t = time.perf_counter()
            for c in Collectivite.objects.exclude(pk=c1.pk):
                with tenant_context(c):
                    statistiques.rafraichir(c, debut, aujourd_hui)
            print(f"  agrégats des 99 autres collectivités : {time.perf_counter() - t:.0f} s", flush=True)
            with tenant_context(c1):
                for annee in (aujourd_hui.year - 1, aujourd_hui.year):
                    calcul.calculer(c1, *calcul.periode_annuelle(annee), Periodicite.ANNUELLE)
            with connection.cursor() as cur:
                cur.execute("ANALYZE indicateurs_agregat")

        # 1b. the incremental refresh after a day of the collectivité's desks (its passages of a year ÷ 365), written
        # into last month, each round a new day (docs/performance.md §14). Last month was written by month by the
        # full refresh: the first day met recomputes it whole, by day (printed apart); the next ones are days. The
        # floor: the same cells of that day in bare SQL; for information, the month's in bare SQL (what a refresh
        # by month recomputed).
        par_jour = max(1, round(n1 / 365))
        mois_courant = aujourd_hui.replace(day=1)
        mois_precedent = (mois_courant - timezone.timedelta(days=1)).replace(day=1)

        def relais_incremental():
            with tenant_context(c1):
                statistiques.rafraichir_modifie(c1)

        with connection.cursor() as cur:
            cur.execute(
                "DELETE FROM indicateurs_agregatjour WHERE collectivite_id = %s AND jour >= %s AND jour < %s",
                [c1.pk, mois_precedent, mois_courant],
            )  # a rerun (--reprendre): last month back to its state after a full refresh
        ajouter_une_journee(c1, par_jour, recul=2)
        t_entree = chrono(relais_incremental, 1)[0]
        print(f"  … premier jour d'un mois écrit par mois (le mois recalculé par jour) : {t_entree:.1f} ms", flush=True)
        # what autovacuum would have done by now: this machine's PostgreSQL runs without it (its CI configuration),
        # so the daily tables, filled by the full refreshes above, still had the statistics of the empty tables of
        # the migration, and a kept database the dead rows of earlier runs (docs/performance.md §14)
        analyser("indicateurs_agregatjour", "indicateurs_personnejour", "indicateurs_agregat")
        incrementaux, planchers_jour, recul = [], [], 2
        for tour in range(args.tours):
            for cote in ("plancher", "relais") if tour % 2 == 0 else ("relais", "plancher"):
                recul += 1
                ajouter_une_journee(c1, par_jour, recul)
                jour = mois_courant - timezone.timedelta(days=recul)
                if cote == "relais":
                    incrementaux.append(chrono(relais_incremental, 1)[0])
                else:
                    relais_incremental()  # the marks of this day consumed outside the timing
                    planchers_jour.append(
                        chrono(
                            lambda jour=jour: plancher_rafraichir(
                                c1.pk, jour, jour + timezone.timedelta(days=1), jour=True
                            ),
                            1,
                        )[0]
                    )
        t_mois = chrono(lambda: plancher_rafraichir(c1.pk, mois_precedent, mois_courant), 1)[0]
        mesure, plancher = statistics.median(incrementaux), statistics.median(planchers_jour)
        print(
            f"  … incrémental : tours {', '.join(f'{x:.0f}' for x in incrementaux)} ms ; pour mémoire, le mois "
            f"entier en SQL nu : {t_mois:.0f} ms",
            flush=True,
        )
        ligne(
            f"rafraîchissement incrémental, une journée ({par_jour} passages)",
            mesure,
            plancher,
            mesure / plancher,
            "≤ 50 ms",
            mesure <= 50,
            "rollup_incremental",
        )
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM indicateurs_agregat")
            n_agregats = cur.fetchone()[0]

        # 2. the network lead's dashboard
        settings.ALLOWED_HOSTS = ["testserver"]
        client = Client()
        client.force_login(chef)
        session = client.session  # the second factor passed, as after the challenge page (docs/securite.md §16)
        session[second_facteur.CLE_SESSION] = str(chef.pk)
        session.save()
        url = f"/indicateurs/?annee={aujourd_hui.year}"
        assert client.get(url).status_code == 200
        periode = [aujourd_hui.replace(month=1, day=1), aujourd_hui]

        def plancher_12_lectures():
            """The floor of earlier runs, for memory: 12 of the page's reads (no engineering requests, no sites, the
            two monthly series grouped by key), without the snapshots."""
            with connection.cursor() as cur:
                for source, dimension in [("passages", d) for d in ("total", "motif", "canal", "commune", "epci")] + [
                    ("passages", "total"),
                    ("personnes", "mois"),
                    ("orientations", "resultat"),
                    ("orientations", "delai"),
                    ("accompagnements", "ouverts_type"),
                    ("accompagnements", "clos_type"),
                    ("accompagnements", "clos_issue"),
                ]:
                    cur.execute(
                        "SELECT cle, min(libelle), sum(valeur) FROM indicateurs_agregat WHERE collectivite_id = %s "
                        "AND source = %s AND dimension = %s AND mois BETWEEN %s AND %s GROUP BY cle",
                        [c1.pk, source, dimension, *periode],
                    )
                    cur.fetchall()

        from indicateurs.tableaux import TABLEAUX

        def plancher_page():
            """The page's reads in bare SQL, one query each: every table of ``indicateurs.tableaux.TABLEAUX`` (a
            monthly series grouped by month, the sites' table summed by site then joined to the sites' names, the
            others by key), and the collectivité's indicator snapshots (the cards and the trends)."""
            with connection.cursor() as cur:
                for _, _, source, dimension, genre, _ in TABLEAUX:
                    if genre == "mois":
                        sql = (
                            "SELECT mois, sum(valeur) FROM indicateurs_agregat WHERE collectivite_id = %s "
                            "AND source = %s AND dimension = %s AND mois BETWEEN %s AND %s AND cle = 'total' "
                            "GROUP BY mois"
                        )
                    elif genre == "lieu":
                        sql = (
                            "SELECT a.lieu_id, l.nom, a.n FROM (SELECT lieu_id, sum(valeur) AS n "
                            "FROM indicateurs_agregat WHERE collectivite_id = %s AND source = %s AND dimension = %s "
                            "AND mois BETWEEN %s AND %s GROUP BY lieu_id) a "
                            "JOIN reseau_lieuaccueil l ON l.id = a.lieu_id"
                        )
                    else:
                        sql = (
                            "SELECT cle, min(libelle), sum(valeur) FROM indicateurs_agregat WHERE collectivite_id = %s "
                            "AND source = %s AND dimension = %s AND mois BETWEEN %s AND %s GROUP BY cle"
                        )
                    cur.execute(sql, [c1.pk, source, dimension, *periode])
                    cur.fetchall()
                cur.execute(
                    "SELECT indicateur, periodicite, debut, fin, valeur FROM indicateurs_instantane "
                    "WHERE collectivite_id = %s",
                    [c1.pk],
                )
                cur.fetchall()

        ratio, mesure, plancher = alterner(lambda: client.get(url), plancher_page, args.tours, args.requetes)
        ancien = statistics.median(chrono(plancher_12_lectures, args.requetes * 3))
        print(
            f"  … pour mémoire, le plancher des exécutions précédentes (12 des {len(TABLEAUX)} lectures, sans les "
            f"instantanés) : {ancien:.1f} ms ; ratio contre lui {mesure / ancien:.2f}×",
            flush=True,
        )
        ligne("tableau de bord du chef de projet", mesure, plancher, ratio, "≤ 2×", ratio <= 2, "tableau_de_bord")

        # 3. the statistics API
        url_api = f"/api/statistiques/?source=passages&dimension=motif&annee={aujourd_hui.year}"
        assert client.get(url_api).status_code == 200

        def plancher_api():
            with connection.cursor() as cur:
                cur.execute(PLANCHER_API, [c1.pk, *periode])
                cur.fetchall()

        ratio, mesure, plancher = alterner(lambda: client.get(url_api), plancher_api, args.tours, args.requetes)
        ligne("API des statistiques", mesure, plancher, ratio, "≤ 2×", ratio <= 2, "api_statistiques")
        # What the request costs around its read (docs/performance.md §12): the same request for a year without data,
        # whose statement is sent and run but finds no row. Alternated with the same floor (which reads the current
        # year), in rounds of its own.
        url_vide = url_api.replace(f"annee={aujourd_hui.year}", f"annee={bornes.ANNEE_MIN}")
        assert client.get(url_vide).json()["cellules"] == []
        ratio_vide, vide, plancher_vide = alterner(
            lambda: client.get(url_vide), plancher_api, args.tours, args.requetes
        )
        print(
            f"  … pour mémoire, la même requête sur une année sans données ({bornes.ANNEE_MIN}), dont la lecture ne "
            f"trouve rien : {vide:.1f} ms, soit {ratio_vide:.2f}× le plancher ({plancher_vide:.1f} ms, qui lit "
            f"l'année) ; les lignes de l'année (agrégation, secret statistique, JSON) ajoutent {mesure - vide:.1f} ms "
            "(différence des médianes de deux séries de tours)",
            flush=True,
        )

        def brut():
            with connection.cursor() as cur:
                for colonne in ("canal", "commune_residence_id", "lieu_id", "date_trunc('month', date_heure)"):
                    cur.execute(
                        f"SELECT {colonne}, count(*) FROM accueil_passage WHERE collectivite_id = %s "
                        "AND date_heure >= %s GROUP BY 1",
                        [c1.pk, periode[0]],
                    )
                    cur.fetchall()

        t_brut, _ = chrono(brut, 3)
        couts_rls = {} if args.sans_rls else cout_rls(c1, client, url, url_api, max(5, args.requetes // 2))
        for nom, (ratio, avec, sans) in couts_rls.items():
            ligne(f"coût de la RLS, {nom}", avec, sans, ratio, "≤ +10 %", ratio - 1 <= CIBLE_RLS, CLES_RLS[nom])

        print(
            f"  collectivité mesurée : {n1:,} passages ; table des agrégats : {n_agregats:,} lignes ; pour mémoire, "
            f"les comptes du tableau de bord sur les passages bruts : {t_brut:.0f} ms"
        )
        print(f"\n| mesure | Relais | plancher | ratio | cible | résultat | charge |\n|{' --- |' * 7}")
        for nom, mesure, plancher, ratio, cible, reussi, charge in lignes:
            print(
                f"| {nom} | {mesure:.1f} ms | {plancher:.1f} ms | {ratio:.2f}× | {cible} | "
                f"{'PASS' if reussi else 'FAIL'} | {charge:.1f} |"
            )
        print(f"  charge (load average) : {charge_debut[0]:.1f} au départ, {os.getloadavg()[0]:.1f} à la fin")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.garder and not args.reprendre:
            admin_sql(f"DROP DATABASE IF EXISTS {BASE} WITH (FORCE)")


if __name__ == "__main__":
    main()
