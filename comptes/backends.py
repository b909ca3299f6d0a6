import datetime
import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.utils import timezone
from django_scopes import scopes_disabled

from collectivites import rls
from config.requete_figee import Preparees, RequeteFigee

from .models import adhesions_en_cours

# the collectivité of the session's user is the database's tenant for the memberships' statement only: the value in
# force before it is kept in this setting and put back by the last statement of the same message
PARAMETRE_AVANT = "app.tenant_id_avant"


class EmailBackend(ModelBackend):
    """Log in with the e-mail, case-insensitively; an inactive collectivité closes its accounts."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()
        return super().authenticate(request, username=email, password=password)

    def get_user(self, user_id):
        """The session's user, their collectivité and their current memberships, which every request needs (tenant
        context, roles): on PostgreSQL in one round trip and without compiling a queryset (``_lecture``,
        docs/performance.md §16); elsewhere (the SQLite demo) by the ORM, the memberships when first asked for."""
        modele = get_user_model()
        connection = connections[router.db_for_read(modele)]
        if connection.vendor == "postgresql":
            user = _lire(connection, user_id)
        else:
            lus = modele._default_manager.select_related("collectivite").filter(pk=user_id).order_by()[:1]
            user = next(iter(lus), None)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and user.collectivite.active


@functools.cache
def _requetes(using):
    """The user's read and the memberships' read, compiled once per process from their querysets (the same ones as
    the ORM path: ``adhesions_en_cours`` is the one definition of « current memberships »)."""
    modele = get_user_model()
    membres = modele._meta.get_field("adhesions").related_model
    with scopes_disabled():  # compiled, not run: the statement is run in the user's own collectivité (``_lire``)
        utilisateur = RequeteFigee(
            lambda pk: modele._default_manager.select_related("collectivite").filter(pk=pk).order_by()[:1],
            using,
            pk=-7_310_401,
        )
        adhesions = RequeteFigee(
            lambda utilisateur, jour: adhesions_en_cours(membres._default_manager, utilisateur, jour),
            using,
            utilisateur=-7_310_402,
            jour=datetime.date(1901, 2, 3),
        )
    return utilisateur, adhesions


_PREPAREES = Preparees("relais_session")


def _lire(connection, user_id):
    """One message: remember the database's tenant and take the user's collectivité as tenant (RLS guards the
    memberships' table); read the user with their collectivité; read their memberships; put the tenant back. A
    failed statement aborts the message's transaction, which undoes the settings with it. The tenant is the user's
    own collectivité whatever the session holds; the memberships' statement also filters on it. The two reads are
    prepared statements of the connection, prepared by the first message that needs them (``Preparees``)."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    utilisateur, adhesions = _requetes(connection.alias)
    table = get_user_model()._meta.db_table
    nom, a_preparer = _PREPAREES.generation(connection)
    instructions = [utilisateur.preparer(f"{nom}_u"), adhesions.preparer(f"{nom}_m")] if a_preparer else []
    instructions += [utilisateur.executer(f"{nom}_u"), adhesions.executer(f"{nom}_m")]
    params = utilisateur.params(pk=user_id) + adhesions.params(utilisateur=user_id, jour=timezone.localdate())
    avec_rls = rls.actif(connection)
    if avec_rls:
        tenant = f"'{rls.PARAMETRE}'"
        instructions.insert(
            len(instructions) - 2,
            f"SELECT set_config('{PARAMETRE_AVANT}', COALESCE(current_setting({tenant}, true), ''), false), "
            f"set_config({tenant}, COALESCE((SELECT collectivite_id::text FROM {table} WHERE id = %s), ''), false)",
        )
        instructions.append(f"SELECT set_config({tenant}, current_setting('{PARAMETRE_AVANT}'), false)")
        params.insert(0, user_id)
    try:
        with connection.cursor() as curseur:
            curseur.execute("; ".join(instructions), params)
            brut = curseur.cursor
            for _ in range(len(instructions) - (3 if avec_rls else 2)):  # the PREPAREs and the tenant's saving
                brut.nextset()
            utilisateurs = utilisateur.instances(brut.fetchall())
            brut.nextset()
            membres = adhesions.instances(brut.fetchall())
            while brut.nextset():  # the tenant put back
                pass
    except BaseException:
        _PREPAREES.oublier(connection)  # how far the message went is unknown: the next one prepares anew
        raise
    if a_preparer:
        _PREPAREES.preparees(connection, nom)
    if not utilisateurs:
        return None
    user = utilisateurs[0]
    cote_utilisateur = membres[0]._meta.get_field("utilisateur") if membres else None
    for membre in membres:  # as the related manager gives them: their user is this one, not read again
        cote_utilisateur.set_cached_value(membre, user)
    user._adhesions_actives = membres
    return user
