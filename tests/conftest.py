"""The fixed cast, reused everywhere.

Collectivité A (the Lot) — structure A (the Département) and structure A2 (a CCAS):
  alice (accueil, A), bob (travailleur social, A), chloe (travailleur social, A2), eric (encadrant, A),
  david (chef de projet, A), emma (partenaire, A2), fanny (administrateur, A)
Collectivité B (the Manche): zoe (administrateur), and every object of B named « Bétaville… ».
"""

import datetime
import inspect
import re
import uuid

import pytest
import time_machine
from django.conf import settings
from django.db.models.expressions import OrderBy
from django.db.models.functions import Random
from django.db.models.sql.compiler import SQLCompiler
from django.template.base import FilterExpression
from django.template.defaultfilters import default
from django.test import Client
from django.utils import timezone

from accompagnement.models import Accompagnement, TypeAccompagnement
from accueil.models import Motif
from collectivites.tenancy import role_transversal, tenant_context
from comptes import second_facteur
from comptes.roles import Role
from config.celery import app as celery_app
from reseau.enums import TypeStructure

from . import factories as f

# Strictness, in the spirit of les emplois de l'inclusion (gip-inclusion/les-emplois, tests/conftest.py): a template
# that reads a variable nobody gave it fails the test, a queryset without ORDER BY comes back in random order, and a
# test whose assertions depend on today's date freezes it with the « date_figee » marker.

DATE_FIGEE_PAR_DEFAUT = "2026-12-01 10:00"


# The role split of docs/securite.md §30: the test database is created and migrated by the owner role, then every
# test connects as the application role (subject to row-level security). The roles are created by
# scripts/services.sh (make test), their passwords are their names. Without DB_ROLE_* nothing changes.


def _connecter_en_tant_que(role):
    from django.db import connections

    for reglages in (settings.DATABASES["default"], connections["default"].settings_dict):
        reglages["USER"] = reglages["PASSWORD"] = role
    connections["default"].close()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_blocker):
    if settings.RELAIS_ROLES_BD["proprietaire"]:
        with django_db_blocker.unblock():
            _rendre_la_base_de_test_au_proprietaire(settings.RELAIS_ROLES_BD["proprietaire"])
        _connecter_en_tant_que(settings.RELAIS_ROLES_BD["proprietaire"])
    # creating (or dropping and recreating) the test databases and migrating them: without the app's timeouts,
    # given back before the first test (django_db_setup below)
    _OPTIONS_DE_L_APP.update(_sans_delais())


def _rendre_la_base_de_test_au_proprietaire(proprietaire):
    """A test database left by a run from before the role split (or by hand) belongs to the administrator: the owner
    role can neither reuse nor drop it, and every database test would error at set-up. Dropped here, with the
    administrator's connection of DATABASE_URL, so that the owner role creates it afresh."""
    from django.db import connections

    reglages = connections["default"].settings_dict
    nom = reglages.get("TEST", {}).get("NAME") or f"test_{reglages['NAME']}"
    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s",
            [nom],
        )
        ligne = cursor.fetchone()
        if ligne and ligne[0] != proprietaire:
            cursor.execute(f'DROP DATABASE "{nom}" WITH (FORCE)')


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test databases, used as the application role; dropped at the end without the app's timeouts."""
    roles = settings.RELAIS_ROLES_BD
    if not roles["app"]:
        _rendre_les_delais()
        yield
        _sans_delais()
        return
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        # tests with transaction=True empty the tables between tests; the application role never gets this right
        cursor.execute(f"GRANT TRUNCATE ON ALL TABLES IN SCHEMA public TO {roles['app']}")
    _rendre_les_delais()
    _connecter_en_tant_que(roles["app"])
    yield
    _connecter_en_tant_que(roles["proprietaire"])
    _sans_delais()


def _sans_delais():
    """``DROP DATABASE`` on a loaded machine (CI runs beside other work) can take longer than the 10 s the app allows
    one statement (docs/securite.md §29); the suite's verdict must not depend on it. Runs before pytest-django's
    teardown."""
    from django.db import connections

    avant = {}
    for connexion in connections.all():
        options = connexion.settings_dict.get("OPTIONS", {})
        if "options" in options:
            avant[connexion.alias] = options["options"]
            gardees = [o for o in re.findall(r"-c \S+", options["options"]) if "timeout" not in o]
            options["options"] = " ".join(gardees)
            connexion.close()
    return avant


_OPTIONS_DE_L_APP = {}


def _rendre_les_delais():
    """The tests run with the app's own timeouts (docs/securite.md §29)."""
    from django.db import connections

    for alias, options in _OPTIONS_DE_L_APP.items():
        connections[alias].settings_dict["OPTIONS"]["options"] = options
        connections[alias].close()


@pytest.fixture
def proprietaire_bd():
    """A test that runs migrations itself does it as the owner role, as ``migrate`` does; the policies of the tables
    it recreated are put back afterwards (collectivites/rls.py)."""
    from collectivites import rls

    roles = settings.RELAIS_ROLES_BD
    if not roles["app"]:
        yield
        return
    from collectivites import tenancy

    # the owner is not a member of the transversal role: no context at all, its own policy lets it see every row
    with tenancy._etat_bd(None, False):
        _connecter_en_tant_que(roles["proprietaire"])
        try:
            yield
        finally:
            rls.appliquer()
            from django.db import connection

            with connection.cursor() as cursor:  # the tables it recreated: the flush between tests empties them too
                cursor.execute(f"GRANT TRUNCATE ON ALL TABLES IN SCHEMA public TO {roles['app']}")
            _connecter_en_tant_que(roles["app"])


@pytest.fixture(autouse=True)
def _donnees_de_test_transversales():
    """A test's own arrangement (factories, checks on what was written) is the named cross-tenant path of the suite;
    the code under test still runs under its own tenant context (requests, tasks, commands), so under RLS.
    tests/test_rls.py leaves that path (``role_applicatif``) once its data is built."""
    with role_transversal("données de test : fabriques et vérifications du test"):
        yield


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "variables_inconnues_permises: the templates of this test may read undefined variables"
    )
    config.addinivalue_line(
        "markers",
        f"date_figee(quand): today is that day for the whole test (default {DATE_FIGEE_PAR_DEFAUT}, Europe/Paris)",
    )


class VariableInconnue:
    """``string_if_invalid`` of the test settings: rendering an undefined variable fails the test.

    It is falsy, so ``{% if objet.absent %}`` stays false (a missing one-to-one row resolves to it) and
    ``{{ x|default:"…" }}`` still gives the default. A name missing from the context altogether fails even in
    ``{% if %}`` (see ``_resolve_strict``).
    """

    actif = True

    def __bool__(self):
        return False

    def __iter__(self):
        return iter(())

    def __str__(self):
        if not self.actif:
            return ""
        self.echouer()

    __html__ = __str__

    @staticmethod
    def echouer(variable=None):
        gabarit = next(
            (
                str(getattr(cadre.frame.f_locals.get("self"), "origin", None) or "")
                for cadre in inspect.stack()[1:]
                if cadre.function == "render" and getattr(cadre.frame.f_locals.get("self"), "origin", None)
            ),
            "?",
        )
        nom = f" « {variable} »" if variable else ""
        pytest.fail(f"Variable de gabarit inconnue{nom} dans {gabarit}", pytrace=False)


VARIABLE_INCONNUE = VariableInconnue()


@pytest.fixture(autouse=True, scope="session")
def _gabarits_stricts():
    from django.template import engines

    for moteur in settings.TEMPLATES:
        if moteur["BACKEND"] == "django.template.backends.django.DjangoTemplates":
            moteur.setdefault("OPTIONS", {})["string_if_invalid"] = VARIABLE_INCONNUE
    for moteur in engines.all():
        if hasattr(moteur, "engine"):
            moteur.engine.string_if_invalid = VARIABLE_INCONNUE


_resolve = FilterExpression.resolve


def _resolve_strict(self, context, ignore_failures=False):
    """A name the context does not hold at all fails even where Django is lenient (``{% if absent %}``,
    ``{% for … in absent %}``), as in les emplois; ``|default`` is the way to say a variable is optional."""
    if (
        VARIABLE_INCONNUE.actif
        and self.is_var
        and self.var.lookups is not None
        and self.var.lookups[0] not in context
        and not any(filtre is default for filtre, _ in self.filters)
    ):
        VARIABLE_INCONNUE.echouer(self.var)
    return _resolve(self, context, ignore_failures)


@pytest.fixture(autouse=True)
def _variables_inconnues(request):
    VARIABLE_INCONNUE.actif = request.node.get_closest_marker("variables_inconnues_permises") is None
    FilterExpression.resolve = _resolve_strict
    yield
    FilterExpression.resolve = _resolve
    VARIABLE_INCONNUE.actif = True


_order_by_pairs = SQLCompiler._order_by_pairs


def _ordre_aleatoire(self):
    """A query with no ORDER BY (none asked, no Meta.ordering) gets ORDER BY RANDOM(): a page or a test that relied
    on the order rows happen to come in fails now rather than on the day PostgreSQL changes its plan."""
    requete = self.query
    meta = requete.get_meta()
    if (
        not requete.extra_order_by
        and requete.default_ordering
        and not requete.order_by
        and not (meta and meta.ordering)
        and not requete.distinct
        and not requete.combinator
    ):
        yield OrderBy(Random()), False
        return
    yield from _order_by_pairs(self)


@pytest.fixture(autouse=True, scope="session")
def _requetes_sans_ordre_melangees():
    SQLCompiler._order_by_pairs = _ordre_aleatoire
    yield
    SQLCompiler._order_by_pairs = _order_by_pairs


@pytest.fixture(autouse=True)
def _date_figee(request):
    """``@pytest.mark.date_figee("2026-03-02 09:30")`` sets the clock there for the test: today is that day, and time
    still moves on from there (``tick``) so that what happens in order keeps its order (history, logs). Python's
    clock only: PostgreSQL's now() is not moved, and the app does not use it."""
    marque = request.node.get_closest_marker("date_figee")
    if marque is None:
        yield None
        return
    quand = datetime.datetime.fromisoformat(marque.args[0] if marque.args else DATE_FIGEE_PAR_DEFAUT)
    quand = timezone.make_aware(quand) if timezone.is_naive(quand) else quand
    with time_machine.travel(quand, tick=True):
        yield quand


@pytest.fixture(autouse=True)
def _reglages_de_test(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = "/tmp/relais-tests-media"


@pytest.fixture(autouse=True)
def _taches_en_ligne():
    """Tasks run in-process by default; the worker tests start a real worker against Redis."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


_login_sans_second_facteur = Client._login


def connexion_sans_second_facteur(client, user):
    """The password step only: the session reaches nothing but the second-factor pages (docs/securite.md §16)."""
    _login_sans_second_facteur(client, user, "comptes.backends.EmailBackend")


def _login_second_facteur_passe(client, user, backend=None):
    """``client.force_login(user)`` and ``client.login(...)`` in every test: logged in *with the second factor
    passed*, as after the challenge page (the session flag of comptes.second_facteur). The challenge itself is tested
    in tests/comptes/test_second_facteur.py and by the browser journeys, which type a real TOTP code."""
    _login_sans_second_facteur(client, user, backend)
    session = client.session
    session[second_facteur.CLE_SESSION] = str(user.pk)
    session.save()


Client._login = _login_second_facteur_passe


@pytest.fixture
def lot(db):
    dep = f.DepartementFactory(code="46", nom="Lot")
    return f.CollectiviteFactory(nom="Département du Lot", slug="lot", departement=dep)


@pytest.fixture
def manche(db):
    dep = f.DepartementFactory(code="50", nom="Manche")
    return f.CollectiviteFactory(nom="Département de la Manche", slug="manche", departement=dep)


@pytest.fixture
def cahors(db):
    return f.CommuneFactory(
        code="46042",
        nom="Cahors",
        population=19000,
        codes_postaux="46000",
        latitude=44.4491,
        longitude=1.4366,
    )


@pytest.fixture
def structure_a(lot, cahors):
    return f.StructureFactory(collectivite=lot, nom="Département du Lot — Solidarités", commune=cahors)


@pytest.fixture
def structure_a2(lot, cahors):
    return f.StructureFactory(collectivite=lot, nom="CCAS de Cahors", type=TypeStructure.CCAS_CIAS, commune=cahors)


@pytest.fixture
def lieu_a(lot, structure_a, cahors):
    return f.LieuAccueilFactory(collectivite=lot, structure=structure_a, nom="MSD de Cahors", commune=cahors)


def _personne(collectivite, structure, role, prenom, email):
    return f.utilisateur(collectivite, structure, role, prenom=prenom, email=email)


@pytest.fixture
def alice(lot, structure_a):
    return _personne(lot, structure_a, Role.ACCUEIL, "Alice", "alice@lot.test")


@pytest.fixture
def bob(lot, structure_a):
    return _personne(lot, structure_a, Role.TRAVAILLEUR_SOCIAL, "Bob", "bob@lot.test")


@pytest.fixture
def chloe(lot, structure_a2):
    return _personne(lot, structure_a2, Role.TRAVAILLEUR_SOCIAL, "Chloé", "chloe@lot.test")


@pytest.fixture
def eric(lot, structure_a):
    return _personne(lot, structure_a, Role.ENCADRANT, "Éric", "eric@lot.test")


@pytest.fixture
def david(lot, structure_a):
    return _personne(lot, structure_a, Role.CHEF_DE_PROJET, "David", "david@lot.test")


@pytest.fixture
def emma(lot, structure_a2):
    return _personne(lot, structure_a2, Role.PARTENAIRE, "Emma", "emma@lot.test")


@pytest.fixture
def fanny(lot, structure_a):
    return _personne(lot, structure_a, Role.ADMINISTRATEUR, "Fanny", "fanny@lot.test")


@pytest.fixture
def cast_a(alice, bob, chloe, eric, david, emma, fanny):
    return {
        "accueil": alice,
        "travailleur_social": bob,
        "travailleur_social_autre_structure": chloe,
        "encadrant": eric,
        "chef_de_projet": david,
        "partenaire": emma,
        "administrateur": fanny,
    }


@pytest.fixture
def zoe(manche):
    commune = f.CommuneFactory(code="50502", nom="Saint-Lô", departement=manche.departement)
    structure = f.StructureFactory(collectivite=manche, nom="Bétaville Solidarités", commune=commune)
    return _personne(manche, structure, Role.ADMINISTRATEUR, "Zoé", "zoe@manche.test")


@pytest.fixture
def dans_le_lot(lot):
    with tenant_context(lot):
        yield lot


# The reception desk's fixtures, shared by accueil, usagers and accompagnement tests.


@pytest.fixture
def motifs(lot):
    with tenant_context(lot):
        return {m.code: m for m in Motif.objects.all()}


@pytest.fixture
def jeanne(lot, cahors):
    with tenant_context(lot):
        return f.UsagerFactory(
            prenom="Jeanne",
            nom="Dupont",
            date_naissance="1980-03-14",
            telephone="06 12 34 56 78",
            commune=cahors,
        )


@pytest.fixture
def saisie(lieu_a, motifs):
    """A valid anonymous passage form, as the desk posts it."""

    def construire(**autres):
        donnees = {
            "jeton": str(uuid.uuid4()),
            "lieu": lieu_a.pk,
            "date_heure": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "canal": "sur_place",
            "motifs": [motifs["logement-hebergement"].pk, motifs["gestion-financiere"].pk],
            "information_donnee": "on",
            "information": "Coordonnées de l'ADIL remises.",
            "duree_minutes": "12",
        }
        donnees.update(autres)
        return donnees

    return construire


@pytest.fixture
def orientation_vers(structure_a2):
    def construire(**autres):
        donnees = {
            "orienter": "on",
            "orientation-structure_destinataire": structure_a2.pk,
            "orientation-service": "Aide alimentaire",
            "orientation-message": "Demande d'aide alimentaire d'urgence.",
            "orientation-contact": "06 00 00 00 00",
            "orientation-consentement": "recueilli",
        }
        donnees.update(autres)
        return donnees

    return construire


# Supports.


@pytest.fixture
def types(lot):
    with tenant_context(lot):
        return {t.code: t for t in TypeAccompagnement.objects.all()}


@pytest.fixture
def helene(lot, structure_a):
    """Child-protection role, structure A."""
    return f.utilisateur(lot, structure_a, Role.PROTECTION_ENFANCE, prenom="Hélène", email="helene@lot.test")


@pytest.fixture
def soutien(client, bob, jeanne, types, structure_a, lot):
    """A support opened by Bob (travailleur social, structure A) for Jeanne."""
    client.force_login(bob)
    reponse = client.post(
        "/accompagnements/nouveau/",
        {"usager": jeanne.pk, "type": types["budgetaire"].pk, "structure": structure_a.pk, "date_debut": "2026-09-01"},
    )
    assert reponse.status_code == 302, reponse.content.decode()
    client.logout()
    with tenant_context(lot):
        return Accompagnement.objects.get(type=types["budgetaire"])
