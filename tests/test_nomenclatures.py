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


def test_the_writes_take_explicit_arguments_and_check_the_role(fanny, alice, lot, motifs):
    """collectivites.nomenclature: usable without a request (API, commands), for any nomenclature model."""
    import pytest
    from django.core.exceptions import PermissionDenied, ValidationError

    from collectivites.nomenclature import do_ajouter_element, do_modifier_element

    with tenant_context(lot):
        with pytest.raises(PermissionDenied):
            do_ajouter_element(alice, lot, Motif, "Jardins partagés")
        with pytest.raises(ValidationError, match="existe déjà"):
            do_ajouter_element(fanny, lot, Motif, "NUMÉRIQUE")
        with pytest.raises(ValidationError, match="120 caractères"):
            do_ajouter_element(fanny, lot, TypeAccompagnement, " ")
        mobilite = do_ajouter_element(fanny, lot, Motif, "Jardins partagés")
        assert (mobilite.code, mobilite.actif, mobilite.ordre) == ("jardins-partages", True, Motif.objects.count() - 1)
        do_modifier_element(fanny, mobilite, "Jardins et vergers partagés", actif=False)
        mobilite.refresh_from_db()
        assert (mobilite.libelle, mobilite.actif) == ("Jardins et vergers partagés", False)
