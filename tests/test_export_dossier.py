import io
import json
import zipfile

from collectivites.tenancy import tenant_context
from usagers.models import JournalAcces


def test_a_persons_whole_file_is_exported_for_their_right_of_access(
    client, alice, bob, eric, jeanne, lot, saisie, soutien
):
    client.force_login(alice)
    client.post("/accueil/passage/nouveau/", saisie(usager=jeanne.pk))
    client.get(f"/usagers/{jeanne.pk}/")
    client.force_login(bob)
    client.post(
        f"/accompagnements/{soutien.pk}/entretiens/nouveau/",
        {"date": "2026-10-02T10:00", "canal": "bureau", "synthese": "Point budget.", "note_privee": "Très privé."},
    )
    assert client.get(f"/personnes/{jeanne.pk}/export.zip").status_code == 403
    client.force_login(eric)
    reponse = client.get(f"/personnes/{jeanne.pk}/export.zip")
    assert reponse["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(reponse.content))
    assert set(archive.namelist()) == {
        "LISEZMOI.txt",
        "identite.json",
        "passages.json",
        "orientations.json",
        "accompagnements.json",
        "acces.json",
    }
    assert json.loads(archive.read("identite.json"))["nom"] == "Dupont"
    assert len(json.loads(archive.read("passages.json"))) == 1
    accompagnements = json.loads(archive.read("accompagnements.json"))
    assert accompagnements[0]["entretiens"][0]["synthese"] == "Point budget."
    assert "Très privé." not in archive.read("accompagnements.json").decode()
    acces = json.loads(archive.read("acces.json"))
    assert any(a["qui"].startswith("Alice") for a in acces)
    with tenant_context(lot):
        assert JournalAcces.objects.filter(utilisateur=eric, action="export", usager=jeanne).count() == 1
