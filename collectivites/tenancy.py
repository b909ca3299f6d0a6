"""The tenant context: which collectivité the current request, task or command works for.

Every tenant-owned model has a default manager scoped by django-scopes: a query with no context raises
``ScopeError`` instead of returning every collectivité's rows (docs/securite.md §2). The context is a ContextVar, so it
follows a request, a Celery task or a command and never leaks into the next one.

Later, PostgreSQL row-level security can be the second wall: ``tenant_context`` is the one place where
``set_config('app.tenant_id', …, true)`` would be issued at the start of each transaction.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django_scopes import ScopedManager, scope, scopes_disabled
from django_scopes.exceptions import ScopeError

__all__ = [
    "ScopeError",
    "AucuneCollectiviteActive",
    "CollectiviteIncoherente",
    "tenant_context",
    "current_collectivite",
    "cross_tenant_access",
    "tenant_manager",
]

_collectivite = ContextVar("relais_collectivite", default=None)


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
    token = _collectivite.set(collectivite)
    try:
        with scope(collectivite=collectivite.pk):
            yield collectivite
    finally:
        _collectivite.reset(token)


def current_collectivite(required=True):
    """The collectivité of the current context; raises when there is none and ``required``."""
    value = _collectivite.get()
    if value is None and required:
        raise AucuneCollectiviteActive("Aucune collectivité active : requête hors contexte de collectivité.")
    return value


@contextmanager
def cross_tenant_access(reason):
    """The named, rare escape hatch: queries in this block see every collectivité.

    Only for platform jobs (demo build, national benchmarks) and the cross-tenant link check of
    ``TenantModel.verifier_liens``. ``reason`` is required so that every use says why, and can be grepped. It is the
    only way out: a model's base manager is unscoped too, and app code never uses it
    (``tests/collectivites/test_tenancy.py`` scans for it).
    """
    if not reason or not reason.strip():
        raise ValueError("cross_tenant_access exige une raison.")
    token = _collectivite.set(None)
    try:
        with scopes_disabled():
            yield
    finally:
        _collectivite.reset(token)


def tenant_manager(queryset_class=models.QuerySet):
    """The default manager of a tenant-owned model: scoped on the ``collectivite`` field."""
    return ScopedManager(_manager_class=models.Manager.from_queryset(queryset_class), collectivite="collectivite")
