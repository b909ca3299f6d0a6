"""The foundation reads memberships (stored in reseau.Membre) through one interface on the user."""

import pytest
from django.utils import timezone

from comptes.roles import Role
from tests import factories as f


def test_the_structures_of_a_user_once_each_in_name_order(lot, alice, structure_a, structure_a2, dans_le_lot):
    f.membre(alice, structure_a, Role.ENCADRANT)  # a second role in the same structure
    f.membre(alice, structure_a2, Role.PARTENAIRE)
    assert structure_a2.nom < structure_a.nom
    assert alice.structures_actives_ids() == (structure_a2.pk, structure_a.pk)


def test_a_membership_that_ended_no_longer_counts(lot, alice, structure_a, structure_a2, dans_le_lot):
    f.membre(alice, structure_a2, Role.PARTENAIRE, date_fin=timezone.localdate())
    assert alice.structures_actives_ids() == (structure_a.pk,)


def test_the_structures_are_read_once_per_request(alice, dans_le_lot, django_assert_num_queries):
    with django_assert_num_queries(1):
        premiere = alice.structures_actives_ids()
        assert alice.structures_actives_ids() is premiere
        assert alice.adhesions_actives() and alice.peut("accueillir")


def test_the_session_user_comes_with_the_same_memberships_as_the_orm_gives(
    client, lot, alice, structure_a, structure_a2, dans_le_lot, django_assert_num_queries
):
    """docs/performance.md §16: the session store reads the session's user with their memberships in the session's
    own statement, compiled once; they are those ``adhesions_actives()`` reads by the ORM — an ended one left out, by
    structure name — with their structure and user at hand, no query more."""
    from django.db import connection

    from comptes.backends import EmailBackend, lire_session
    from comptes.models import Utilisateur

    f.membre(alice, structure_a2, Role.PARTENAIRE)
    f.membre(alice, structure_a, Role.ENCADRANT, date_fin=timezone.localdate())
    f.membre(alice, structure_a2, Role.ACCUEIL, date_fin=timezone.localdate() + timezone.timedelta(days=1))
    client.force_login(alice)
    par_l_orm = Utilisateur.objects.get(pk=alice.pk).adhesions_actives()
    with django_assert_num_queries(1):
        assert lire_session(connection, client.cookies["sessionid"].value, timezone.now())
        user = EmailBackend().get_user(alice.pk)
        lues = user.adhesions_actives()
        assert [(m.structure.nom, m.role, m.utilisateur.email) for m in lues] == [
            (m.structure.nom, m.role, alice.email) for m in par_l_orm
        ]
        assert user.collectivite.nom == lot.nom and user.peut("accueillir")
    assert [m.pk for m in lues] == [m.pk for m in par_l_orm] and len(lues) == 3


def test_a_user_read_with_a_session_serves_only_the_user_the_session_names(
    client, alice, bob, dans_le_lot, django_assert_num_queries
):
    """The user read with the session is a shortcut, never the authority: asked for another id (what the signed
    session names decides), the backend reads that user; and a new request's session store forgets it."""
    from django.db import connection

    from comptes import backends, sessions

    client.force_login(alice)
    cle = client.cookies["sessionid"].value
    assert backends.lire_session(connection, cle, timezone.now())
    assert backends.EmailBackend().get_user(bob.pk) == bob
    assert backends.lire_session(connection, cle, timezone.now())
    sessions.SessionStore()  # the next request's store
    with django_assert_num_queries(1):
        assert backends.EmailBackend().get_user(alice.pk) == alice  # read again, by the ORM
    assert backends.lire_session(connection, "cle-inconnue", timezone.now()) is None
    assert backends.EmailBackend().get_user(alice.pk) == alice


def test_no_user_for_an_unknown_id_or_a_closed_collectivite(lot, alice, dans_le_lot):
    from comptes.backends import EmailBackend

    assert EmailBackend().get_user(alice.pk + 10_000) is None
    lot.active = False
    lot.save(update_fields=["active"])
    assert EmailBackend().get_user(alice.pk) is None


@pytest.mark.django_db(transaction=True)
def test_the_reads_are_prepared_once_per_connection_and_again_on_a_new_one(client, alice, structure_a):
    """docs/performance.md §16: a connection's first request prepares the session's statements, the next ones only
    run them; a connection opened anew holds no prepared statement, and its first request prepares them there."""
    from django.db import connection

    def preparees():
        with connection.cursor() as curseur:
            curseur.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'relais_session%%'")
            return curseur.fetchone()[0]

    client.force_login(alice)
    for _ in range(2):
        connection.close()
        assert preparees() == 0
        for _ in range(3):
            assert "Se déconnecter" in client.get("/").content.decode()
            assert preparees() == 4  # the tenant's setting, the session, the user, the memberships
