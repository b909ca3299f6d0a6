from collectivites.tenancy import tenant_context
from reseau.models import LieuAccueil, Structure


def donnees(cahors, **autres):
    return {
        "nom": "Secours catholique de Cahors",
        "type": "association",
        "commune": cahors.code,
        "niveau_engagement": "mobilisee",
        **autres,
    }


def test_the_network_lead_adds_a_structure_and_a_site(client, david, lot, cahors):
    client.force_login(david)
    reponse = client.post("/reseau/structures/nouvelle/", donnees(cahors, siret="73282932000074"))
    assert reponse.status_code == 302
    with tenant_context(lot):
        structure = Structure.objects.get(nom="Secours catholique de Cahors")
    assert structure.engagee_le is not None and structure.latitude == cahors.latitude  # joined today, on the map
    reponse = client.post(
        f"/reseau/structures/{structure.pk}/lieux/nouveau/",
        {
            "nom": "Permanence du mardi",
            "type_accueil": "permanence",
            "commune": cahors.code,
            "latitude": "44.45",
            "longitude": "1.44",
            "horaires": "Tu 09:00-12:00",
            "sans_rendez_vous": "on",
        },
    )
    assert reponse.status_code == 302
    page = client.get(reponse["Location"]).content.decode()
    assert "mar. : 9 h 00 – 12 h 00" in page


def test_bad_siret_hours_and_satisfaction_are_refused(client, david, lot, cahors, structure_a):
    client.force_login(david)
    page = client.post(
        "/reseau/structures/nouvelle/", donnees(cahors, siret="73282932000075", mesure_satisfaction="on")
    ).content.decode()
    assert "Ce SIRET n&#x27;est pas valide" in page
    assert "Indiquez comment la satisfaction des usagers est mesurée." in page
    page = client.post(
        f"/reseau/structures/{structure_a.pk}/lieux/nouveau/",
        {
            "nom": "X",
            "type_accueil": "permanence",
            "commune": cahors.code,
            "latitude": "44",
            "longitude": "1",
            "horaires": "le mardi matin",
        },
    ).content.decode()
    assert "Ces horaires ne sont pas lisibles" in page
    with tenant_context(lot):
        assert Structure.objects.count() == 1 and not LieuAccueil.objects.exists()


def test_the_census_counts_engaged_structures(client, david, alice, lot, structure_a, structure_a2):
    with tenant_context(lot):
        Structure.objects.filter(pk=structure_a2.pk).update(niveau_engagement="signataire", engagee_le="2026-03-01")
    client.force_login(alice)
    assert client.get("/reseau/recensement/").status_code == 403
    client.force_login(david)
    page = client.get("/reseau/recensement/").content.decode()
    assert "<strong>1</strong> structure engagée" in page
    assert "<td>CCAS / CIAS</td><td>1</td>" in page and "01/03/2026 — " in page
