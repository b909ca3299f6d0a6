"""docs/securite.md §4: role × relation for every object of a support — pages, API, documents, PDFs, exports.
No unexpected 200 anywhere."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accompagnement.models import Accompagnement, DocumentPlan
from collectivites.tenancy import tenant_context
from comptes.roles import Role
from tests import factories as f


@pytest.fixture
def dossier(
    client,
    bob,
    chloe,
    jeanne,
    types,
    structure_a,
    structure_a2,
    lot,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(bob)
    client.post(
        "/accompagnements/nouveau/",
        {
            "usager": jeanne.pk,
            "type": types["prevention-expulsions"].pk,
            "structure": structure_a.pk,
            "date_debut": "2026-09-01",
        },
    )
    with tenant_context(lot):
        a = Accompagnement.objects.get()
    client.post(f"/accompagnements/{a.pk}/groupe/", {"utilisateur": chloe.pk, "structure": structure_a2.pk})
    client.post(
        f"/accompagnements/{a.pk}/enquete-expulsion/",
        {
            "demandeur": "ccapex",
            "date_demande": "2026-09-10",
            "type_bailleur": "social",
            "dette_locative": "900",
            "ressources_mensuelles": "1100",
            "charges_mensuelles": "700",
        },
    )
    client.post(
        f"/accompagnements/{a.pk}/entretiens/nouveau/",
        {"date": "2026-10-01T09:00", "canal": "bureau", "note_privee": "NOTE-SECRETE"},
    )
    client.post(
        f"/accompagnements/{a.pk}/documents/",
        {"fichier": SimpleUploadedFile("bail.pdf", b"%PDF-1.4\n", "application/pdf")},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/accompagnements/{a.pk}/enquete-expulsion/rapport.pdf")
    with tenant_context(lot):
        documents = list(DocumentPlan.objects.filter(accompagnement=a).values_list("pk", flat=True))
    client.logout()
    return a, documents


@pytest.fixture
def relations(bob, chloe, eric, lot, structure_a, structure_a2, zoe, alice, helene):
    return {
        "referent": bob,
        "membre_autre_structure": chloe,
        "encadrant_de_la_structure": eric,
        "meme_structure_hors_groupe": f.utilisateur(lot, structure_a, Role.TRAVAILLEUR_SOCIAL, email="gilles@lot.test"),
        "autre_structure_hors_groupe": f.utilisateur(lot, structure_a2, Role.TRAVAILLEUR_SOCIAL, email="hugo@lot.test"),
        "accueil": alice,
        "protection_enfance_hors_groupe": helene,
        "autre_collectivite": zoe,
    }


VOIENT = {"referent", "membre_autre_structure", "encadrant_de_la_structure"}


def test_no_unexpected_200(client, dossier, relations, jeanne):
    a, documents = dossier
    urls = [
        f"/accompagnements/{a.pk}/",
        f"/accompagnements/{a.pk}/enquete-expulsion/",
        f"/api/accompagnements/{a.pk}/",
        *(f"/accompagnements/{a.pk}/documents/{d}/" for d in documents),
    ]
    for relation, user in relations.items():
        client.force_login(user)
        for url in urls:
            reponse = client.get(url)
            if relation in VOIENT:
                assert reponse.status_code == 200, f"{relation} devrait voir {url}"
            else:
                assert reponse.status_code in (403, 404), f"{relation} ne devrait pas voir {url}"
            corps = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
            if relation != "referent":
                assert b"NOTE-SECRETE" not in corps, f"{relation} lit la note privée via {url}"
        export = client.get(f"/personnes/{jeanne.pk}/export.zip")
        assert export.status_code == (200 if relation == "encadrant_de_la_structure" else export.status_code)
        if relation not in ("encadrant_de_la_structure",):
            assert export.status_code in (403, 404)
        assert b"NOTE-SECRETE" not in export.content
        api = client.get("/api/actions/")
        if api.status_code == 200:
            assert b"NOTE-SECRETE" not in api.content
