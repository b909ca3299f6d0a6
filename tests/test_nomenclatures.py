from accompagnement.models import TypeAccompagnement
from accueil.models import Motif
from collectivites.tenancy import tenant_context


def test_the_administrator_adapts_the_motifs(client, fanny, lot, alice, saisie, motifs):
    client.force_login(alice)
    assert client.get("/accueil/motifs/").status_code == 403
    client.force_login(fanny)
    numerique = motifs["numerique"]
    client.post(f"/accueil/motifs/{numerique.pk}/", {"libelle": "Inclusion numérique"})  # renamed, switched off
    client.post("/accueil/motifs/", {"libelle": "Énergie"})
    assert (
        "« énergie » existe déjà."
        in client.post("/accueil/motifs/", {"libelle": "énergie"}, follow=True).content.decode()
    )
    with tenant_context(lot):
        numerique.refresh_from_db()
        assert numerique.libelle == "Inclusion numérique" and not numerique.actif
        assert Motif.objects.get(code="energie").actif
    client.force_login(alice)
    page = client.get("/accueil/passage/nouveau/").content.decode()
    assert "Énergie" in page and "Inclusion numérique" not in page


def test_the_administrator_adapts_the_types_of_support(client, fanny, lot):
    client.force_login(fanny)
    client.post("/accompagnements/types/", {"libelle": "Accompagnement des jeunes majeurs"})
    with tenant_context(lot):
        assert TypeAccompagnement.objects.filter(libelle="Accompagnement des jeunes majeurs").exists()
    assert client.post("/accompagnements/types/", {"libelle": ""}, follow=True).status_code == 200
