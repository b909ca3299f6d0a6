import pytest

from accompagnement.models import Accompagnement, TypeAccompagnement
from collectivites.tenancy import tenant_context
from comptes.roles import Role
from tests import factories as f


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
