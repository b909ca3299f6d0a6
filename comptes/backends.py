import datetime
import functools
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Subquery
from django.utils import timezone
from django_scopes import scopes_disabled

from collectivites import rls
from collectivites.tenancy import tenant_pris_par_un_message
from config.requete_figee import Instruction, Preparees, RequeteFigee

from .models import SessionOuverte, adhesions_en_cours

_MARQUEUR_CLE = "relais-marqueur-de-cle-de-session"
_PREPAREES = Preparees("relais_session")
# the user read with the request's session (``lire_session``), until the authentication middleware asks for them
_precharge = ContextVar("relais_utilisateur_de_la_session", default=None)


class EmailBackend(ModelBackend):
    """Log in with the e-mail, case-insensitively; an inactive collectivité closes its accounts."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()
        return super().authenticate(request, username=email, password=password)

    def get_user(self, user_id):
        """The session's user with their collectivité (every request needs both: tenant context). On PostgreSQL they
        were read with the session, their memberships too, in the same round trip (``lire_session``): they are used
        when they are the user the signed session names, ``user_id``. Otherwise (the SQLite demo, a session opened
        without ``SessionOuverte``) by the ORM, by primary key without the model's ordering (docs/performance.md
        §15), the memberships when first asked for."""
        user = _precharge.get()
        _precharge.set(None)
        if user is None or str(user.pk) != str(user_id):
            lus = get_user_model()._default_manager.select_related("collectivite").filter(pk=user_id).order_by()[:1]
            user = next(iter(lus), None)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and user.collectivite.active


def oublier_precharge():
    """A new session store: no user read for another session waits for this request (``comptes.sessions``)."""
    _precharge.set(None)


@functools.cache
def _instructions(using):
    """The statements of ``lire_session``, compiled once per process; the user's and the memberships' from their
    querysets (``adhesions_en_cours`` is the one definition of « current memberships »), the user named by the
    session's row in ``SessionOuverte``."""
    from django.contrib.sessions.models import Session

    modele = get_user_model()
    membres = modele._meta.get_field("adhesions").related_model
    ouvertes, utilisateurs = SessionOuverte._meta.db_table, modele._meta.db_table

    def de_la_session(cle):
        return Subquery(SessionOuverte.objects.filter(cle=cle).values("utilisateur_id")[:1])

    tenant = f"'{rls.PARAMETRE}'"
    with scopes_disabled():  # compiled, not run: the statement is run in the user's own collectivité
        return {
            "tenant": Instruction(
                f"SELECT set_config({tenant}, COALESCE((SELECT u.collectivite_id::text FROM {ouvertes} o JOIN "
                f"{utilisateurs} u ON u.id = o.utilisateur_id WHERE o.cle = %s), ''), false)",
                [("cle", None)],
            ),
            "session": Instruction(
                f'SELECT "session_data" FROM "{Session._meta.db_table}" WHERE "session_key" = %s '
                'AND "expire_date" > %s',
                [("cle", None), ("maintenant", None)],
            ),
            "utilisateur": RequeteFigee(
                lambda cle: (
                    modele._default_manager.select_related("collectivite").filter(pk=de_la_session(cle)).order_by()[:1]
                ),
                using,
                cle=_MARQUEUR_CLE,
            ),
            "adhesions": RequeteFigee(
                lambda cle, jour: adhesions_en_cours(membres._default_manager, de_la_session(cle), jour),
                using,
                cle=_MARQUEUR_CLE,
                jour=datetime.date(1901, 2, 3),
            ),
        }


def lire_session(connection, cle, maintenant):
    """The session's data (None: unknown or expired), and its user with their collectivité and current memberships,
    in one message (docs/performance.md §16): take as the database's tenant the collectivité of the session's user
    (RLS guards the memberships' table); read the session; read the user; read their memberships. The connection
    stays in that tenant: its next statement puts back the context's if it differs (``tenant_pris_par_un_message``),
    and sends nothing when the request's context is that collectivité, as it is for a signed-in request. A failed
    statement aborts the message's transaction, which undoes the setting with it. The statements are prepared on the
    server by the connection's first message (``Preparees``).

    The user is kept for ``EmailBackend.get_user``, which takes them only if the signed session names them."""
    i = _instructions(connection.alias)
    nom, a_preparer = _PREPAREES.generation(connection)
    avec_rls = rls.actif(connection)
    lues = ["tenant"] * avec_rls + ["session", "utilisateur", "adhesions"]
    instructions = [i[n].preparer(f"{nom}_{n}") for n in lues] if a_preparer else []
    instructions += [i[n].executer(f"{nom}_{n}") for n in lues]
    valeurs = {"cle": cle, "maintenant": maintenant, "jour": timezone.localdate(maintenant)}
    params = [p for n in lues for p in i[n].params(**valeurs)]
    try:
        with connection.cursor() as curseur:
            curseur.execute("; ".join(instructions), params)
            if avec_rls:  # the message ran: until its tenant is read below, the connection's state is unknown
                tenant_pris_par_un_message(connection, rls.INCONNU)
            brut = curseur.cursor
            for _ in range(len(lues) * a_preparer):  # the PREPAREs
                brut.nextset()
            if avec_rls:
                tenant = brut.fetchone()[0]
                brut.nextset()
            session = brut.fetchone()
            brut.nextset()
            utilisateurs = i["utilisateur"].instances(brut.fetchall())
            brut.nextset()
            membres = i["adhesions"].instances(brut.fetchall())
    except BaseException:
        _PREPAREES.oublier(connection)  # how far the message went is unknown: the next one prepares anew
        raise
    if avec_rls:
        tenant_pris_par_un_message(connection, int(tenant) if tenant else None)
    if a_preparer:
        _PREPAREES.preparees(connection, nom)
    if session is None:
        return None
    if utilisateurs:
        user = utilisateurs[0]
        cote_utilisateur = membres[0]._meta.get_field("utilisateur") if membres else None
        for membre in membres:  # as the related manager gives them: their user is this one, not read again
            cote_utilisateur.set_cached_value(membre, user)
        user._adhesions_actives = membres
        _precharge.set(user)
    return session[0]
