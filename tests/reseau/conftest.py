import pytest

from collectivites.tenancy import tenant_context
from reseau.models import Charte


@pytest.fixture
def version(client, david, lot):
    client.force_login(david)
    client.post(
        "/reseau/charte/",
        {
            "titre": "Charte du Lot",
            "texte": "Toute personne est **reçue**.",
            "engagements": "Recevoir sans condition\nOrienter vers le bon service",
        },
    )
    with tenant_context(lot):
        charte = Charte.objects.get()
    client.post(f"/reseau/charte/{charte.pk}/publier/")
    charte.refresh_from_db()
    return charte
