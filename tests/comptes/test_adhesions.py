"""The foundation reads memberships (stored in reseau.Membre) through one interface on the user."""

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
