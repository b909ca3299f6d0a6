import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from collectivites.tenancy import tenant_context
from reseau.affichage import horaires_en_francais, markdown_sur
from reseau.models import Charte, LieuAccueil, Signature, Structure, valider_horaires, valider_siret


@pytest.mark.parametrize("siret,valide", [("73282932000074", True), ("73282932000075", False), ("1234", False)])
def test_siret_checksum(siret, valide):
    if valide:
        valider_siret(siret)
    else:
        with pytest.raises(ValidationError, match="SIRET n'est pas valide"):
            valider_siret(siret)


def test_opening_hours_parse_and_say_open_now(lot, lieu_a):
    with pytest.raises(ValidationError, match="Ces horaires ne sont pas lisibles"):
        valider_horaires("du lundi au vendredi")
    lieu_a.horaires = "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"
    paris = timezone.get_current_timezone()
    assert lieu_a.ouvert(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=paris)) is True  # Monday 10:00
    assert lieu_a.ouvert(datetime.datetime(2026, 11, 23, 13, 0, tzinfo=paris)) is False  # lunch
    assert lieu_a.ouvert(datetime.datetime(2026, 11, 29, 10, 0, tzinfo=paris)) is False  # Sunday
    assert LieuAccueil(horaires="").ouvert() is None
    assert horaires_en_francais(lieu_a.horaires) == (
        "lun. au ven. : 9 h 00 – 12 h 00, 14 h 00 – 17 h 00 ; sam. : 9 h 00 – 12 h 00"
    )


def test_charter_markdown_is_rendered_safely():
    html = markdown_sur(
        "# Charte\n\n<script>alert(1)</script>\n\n**Accueillir** tout le monde [x](javascript:alert(1))"
    )
    assert "<h1>Charte</h1>" in html and "<strong>Accueillir</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html and 'href="javascript:' not in html


def test_a_structure_signs_and_becomes_signatory(client, version, emma, structure_a2, lot):
    assert version.en_vigueur
    with tenant_context(lot):
        engagements = [str(e.pk) for e in version.engagements.all()]
    client.force_login(emma)  # partner of the CCAS signs for her structure
    reponse = client.post(
        "/reseau/charte/signer/",
        {
            "structure": structure_a2.pk,
            "signataire": "Mme Roux",
            "fonction": "Présidente du CCAS",
            "signee_le": "2026-11-20",
            "engagements": engagements,
        },
    )
    assert reponse.status_code == 302
    structure_a2.refresh_from_db()
    assert structure_a2.niveau_engagement == "signataire" and structure_a2.engagee_le == datetime.date(2026, 11, 20)
    public = client.get("/c/lot/charte/").content.decode()
    assert "CCAS de Cahors — signée le 20 novembre 2026" in public and "<strong>reçue</strong>" in public


def test_a_partner_cannot_sign_for_another_structure(client, version, emma, structure_a, lot):
    client.force_login(emma)
    page = client.post(
        "/reseau/charte/signer/",
        {"structure": structure_a.pk, "signataire": "X", "fonction": "Y", "signee_le": "2026-11-20", "engagements": []},
    ).content.decode()
    assert "Sélectionnez un choix valide" in page
    with tenant_context(lot):
        assert not Signature.objects.exists()


def test_a_retired_version_cannot_be_signed(client, version, david, structure_a2, lot):
    with tenant_context(lot):
        engagements = [str(e.pk) for e in version.engagements.all()]
    client.force_login(david)
    client.post("/reseau/charte/", {"titre": "Charte du Lot v2", "texte": "Nouveau texte.", "engagements": "Un"})
    with tenant_context(lot):
        v2 = Charte.objects.get(version=2)
    client.post(f"/reseau/charte/{v2.pk}/publier/")
    version.refresh_from_db()
    assert version.retiree_le is not None
    from django.core.exceptions import ValidationError as Erreur

    from reseau.actions.charte import do_signer

    with tenant_context(lot), pytest.raises(Erreur, match="pas en vigueur"):
        do_signer(david, structure_a2, version, "X", "Y", datetime.date(2026, 11, 20), [int(e) for e in engagements])


def test_only_the_network_lead_prepares_versions(client, alice, lot):
    client.force_login(alice)
    reponse = client.post("/reseau/charte/", {"titre": "Pirate", "texte": "x", "engagements": "y"})
    assert reponse.status_code == 403
    with tenant_context(lot):
        assert not Charte.objects.exists()


def test_a_structure_with_a_bad_siret_is_refused(lot, cahors):
    with tenant_context(lot):
        structure = Structure(collectivite=lot, nom="Asso", type="association", commune=cahors, siret="12345678901234")
        with pytest.raises(ValidationError, match="SIRET"):
            structure.full_clean()
