import io
import json
import zipfile

from collectivites.tenancy import tenant_context
from tests import factories as f
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
        "aides.json",
        "actions_collectives.json",
        "acces.json",
        "acces.csv",
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


def test_the_export_shows_no_more_than_the_pages(
    client, lot, eric, chloe, helene, jeanne, structure_a, structure_a2, types
):
    """Issue 12 point 1: an encadrant's export left out a child-protection evaluation and another structure's free
    text; it is now built from the pages' access functions (docs/securite.md §4, §5)."""
    with tenant_context(lot):
        ip = f.AccompagnementFactory(usager=jeanne, type=types["evaluation-ip"], structure=structure_a, referent=helene)
        f.MembreGroupeFactory(accompagnement=ip, est_referent=True)
        f.ThemeFactory(accompagnement=ip, libelle="Sécurité des enfants")
        f.EntretienFactory(accompagnement=ip, synthese="Inquiétude sur les enfants.")
        f.EvaluationIPFactory(accompagnement=ip, raison_non_information="Danger immédiat")
        ccas = f.AccompagnementFactory(usager=jeanne, type=types["budgetaire"], structure=structure_a2, referent=chloe)
        f.MembreGroupeFactory(accompagnement=ccas, est_referent=True)
        f.EntretienFactory(accompagnement=ccas, synthese="Dettes de loyer au CCAS.")
        lieu_ccas = f.LieuAccueilFactory(structure=structure_a2, nom="Accueil du CCAS")
        f.PassageFactory(lieu=lieu_ccas, usager=jeanne, information="Expulsion annoncée au CCAS", motifs=[])
    client.force_login(eric)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/personnes/{jeanne.pk}/export.zip").content))
    tout = "".join(archive.read(n).decode() for n in archive.namelist())
    for secret in (
        "Sécurité des enfants",
        "Inquiétude sur les enfants",
        "Danger immédiat",
        "Dettes de loyer",
        "Expulsion annoncée",
    ):
        assert secret not in tout
    # what the strip shows, the export shows: the CCAS's passage and support exist, a confidential support exists
    assert "Accueil du CCAS" in tout and "CCAS de Cahors" in tout
    assert "Un accompagnement confidentiel existe." in tout


def test_the_export_keeps_the_desks_need_to_know(client, lot, eric, jeanne, structure_a, lieu_a, cahors):
    """docs/securite.md §4: a passage of the person at another site of the structure (Figeac, for a manager of Cahors
    who does not follow her) and the orientation sent from it are exported as the pages show them: that they exist,
    not their free text nor how to reach her (an outside review found the export giving both)."""
    with tenant_context(lot):
        figeac = f.LieuAccueilFactory(structure=structure_a, nom="MSD de Figeac", commune=cahors)
        passage = f.PassageFactory(lieu=figeac, usager=jeanne, information="Dossier FSL à Figeac", motifs=[])
        f.OrientationFactory(passage=passage, contact="06 44 17 44 17", message="Relance FSL.")
    client.force_login(eric)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/personnes/{jeanne.pk}/export.zip").content))
    tout = "".join(archive.read(n).decode() for n in archive.namelist())
    assert "MSD de Figeac" in tout  # the passage exists, as the strip shows it
    for secret in ("Dossier FSL à Figeac", "06 44 17 44 17", "Relance FSL."):
        assert secret not in tout
