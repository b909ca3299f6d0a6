"""The tenant context: which collectivité the current request, task or command works for.

Every tenant-owned model has a default manager scoped by django-scopes: a query with no context raises
``ScopeError`` instead of returning every collectivité's rows (docs/securite.md §2). The context is a ContextVar, so it
follows a request, a Celery task or a command and never leaks into the next one.

PostgreSQL row-level security is the second wall (docs/securite.md §30, ``collectivites/rls.py``): entering or
leaving a context sets the connection's ``app.tenant_id`` (and, for the cross-tenant escape hatch, its role) to match,
and a connection opened inside a context gets it when it is created — sent with the connection's next statement, in
the same round trip (``rls.garde``). Requests, Celery tasks and commands all go through ``tenant_context``, so they
all get both walls.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, models
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django_scopes import ScopedManager, scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from . import rls

__all__ = [
    "ScopeError",
    "AucuneCollectiviteActive",
    "CollectiviteIncoherente",
    "tenant_context",
    "current_collectivite",
    "cross_tenant_access",
    "tenant_manager",
    "role_transversal",
]

_collectivite = ContextVar("relais_collectivite", default=None)
# True inside the audited cross-tenant path: the database connection runs as the transversal role.
_transversal = ContextVar("relais_transversal", default=False)
journal = logging.getLogger("relais.transversal")


def _poser_bd(differer=False):
    """Make the open database connections match the context (docs/securite.md §30)."""
    collectivite = _collectivite.get()
    for connection in connections.all(initialized_only=True):
        rls.poser_etat(connection, collectivite.pk if collectivite is not None else None, _transversal.get(), differer)


def tenant_pris_par_un_message(connection, collectivite_id):
    """A message set the database's tenant itself, to ``collectivite_id`` (None: none): the next statement of the
    connection puts back the context's, unless it is the same (``rls.tenant_pris``, docs/performance.md §16)."""
    collectivite = _collectivite.get()
    rls.tenant_pris(
        connection, collectivite_id, collectivite.pk if collectivite is not None else None, _transversal.get()
    )


@receiver(connection_created)
def _nouvelle_connexion(sender, connection, **kwargs):
    # a new session: no tenant, the login role (what was remembered or asked for belonged to the previous one)
    brute = connection.connection
    connection._relais_etat_rls = (id(brute), "", "none") if brute is not None else None
    connection._relais_etat_du = None
    if rls.actif(connection) and rls.garde not in connection.execute_wrappers:
        connection.execute_wrappers.append(rls.garde)
    collectivite = _collectivite.get()
    rls.poser_etat(connection, collectivite.pk if collectivite is not None else None, _transversal.get())


@contextmanager
def _etat_bd(collectivite, transversal):
    """Set both context variables and the database session for the block; restore all three after it.

    The restore is skipped when the block ends on a database error that left the transaction aborted: the rollback
    that follows undoes the setting made inside that transaction.
    """
    jetons = (_collectivite.set(collectivite), _transversal.set(transversal))
    _poser_bd()
    erreur = True
    try:
        yield
        erreur = False
    finally:
        _collectivite.reset(jetons[0])
        _transversal.reset(jetons[1])
        try:
            _poser_bd(differer=True)
        except Exception:
            if not erreur:
                raise


class AucuneCollectiviteActive(ScopeError):
    """Raised when code asks for the current collectivité outside of any tenant context."""


class CollectiviteIncoherente(ValueError):
    """A row would link to a row of another collectivité."""


@contextmanager
def tenant_context(collectivite):
    """Run the block for one collectivité: tenant managers filter on it, new rows belong to it."""
    if collectivite is None or getattr(collectivite, "pk", None) is None:
        # A None scope would mean "no filter" for django-scopes: refuse it outright.
        raise AucuneCollectiviteActive("Un contexte de collectivité exige une collectivité enregistrée.")
    with _etat_bd(collectivite, False), scope(collectivite=collectivite.pk):
        yield collectivite


def current_collectivite(required=True):
    """The collectivité of the current context; raises when there is none and ``required``."""
    value = _collectivite.get()
    if value is None and required:
        raise AucuneCollectiviteActive("Aucune collectivité active : requête hors contexte de collectivité.")
    return value


@contextmanager
def cross_tenant_access(reason):
    """The named, rare escape hatch: queries in this block see every collectivité.

    Only for platform jobs (demo build, national benchmarks, the outbox) and the cross-tenant link check of
    ``TenantModel.verifier_liens``. ``reason`` is required so that every use says why, and can be grepped. It is the
    only way out: a model's base manager is unscoped too, and app code never uses it
    (``tests/collectivites/test_tenancy.py`` scans for it). In the database it is the transversal role
    (``role_transversal``), each use logged with its reason.
    """
    with role_transversal(reason), scopes_disabled():
        yield


@contextmanager
def role_transversal(reason):
    """The database half of the escape hatch: the connection switches to the transversal role, the only one a
    ``relais_transversal`` policy lets see every collectivité (docs/securite.md §30); logged with its reason.

    ``cross_tenant_access`` uses it with the ORM's scopes lifted; the test suite's own fixtures use it alone.
    """
    if not reason or not reason.strip():
        raise ValueError("cross_tenant_access exige une raison.")
    journal.debug("accès transversal : %s", reason)
    with _etat_bd(None, True):
        yield


class ManagerDeBase(models.Manager):
    """The base manager of a tenant model (related objects, ``refresh_from_db``, a save's UPDATE, cascades): inside a
    tenant context it filters on the context's collectivité, so that a lazy ``passage.lieu`` names its collectivité
    and a sharded database routes it to one node (docs/distribution.md); RLS would hide other rows anyway. Outside a
    context (the escape hatch) it is Django's plain base manager."""

    def get_queryset(self):
        queryset = super().get_queryset()
        collectivite = _collectivite.get()
        return queryset if collectivite is None else queryset.filter(collectivite_id=collectivite.pk)


def poser_managers_de_base(models_):
    """Give each concrete tenant model a ``ManagerDeBase`` as its base manager (``collectivites/apps.py`` ready()).

    It is kept out of ``_meta.managers`` so that no migration sees it: it takes the place of the base manager Django
    would build (``Options.base_manager``), once every model is registered. tests/test_distribution.py checks that
    every tenant model has it.
    """
    for model in models_:
        manager = ManagerDeBase()
        manager.name, manager.model, manager.auto_created = "_base_manager", model, True
        model._meta.__dict__["base_manager"] = manager


def tenant_manager(queryset_class=models.QuerySet):
    """The default manager of a tenant-owned model: scoped on the ``collectivite`` field."""
    return ScopedManager(_manager_class=models.Manager.from_queryset(queryset_class), collectivite="collectivite")
