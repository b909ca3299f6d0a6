"""The BAN adapter (a recorded answer, no network) and its fallback to the commune's point."""

import json
from pathlib import Path

import pytest

from collectivites.tenancy import tenant_context
from reseau.models import LieuAccueil
from territoire import geocodage

REPONSE_BAN = json.loads((Path(__file__).parent / "donnees" / "ban_cahors.json").read_text())


def _ban(reponse=REPONSE_BAN, urls=None):
    def transport(url):
        if urls is not None:
            urls.append(url)
        if isinstance(reponse, Exception):
            raise reponse
        return reponse

    return geocodage.GeocodeurBAN(base_url="https://ban.test", transport=transport)


def test_the_recorded_answer_places_the_address(cahors):
    urls = []
    position = geocodage.geocoder("12 boulevard Gambetta", cahors, _ban(urls=urls))
    assert (position.latitude, position.longitude, position.source) == (44.447533, 1.441836, "ban")
    assert position.score == 0.951 and "Cahors" in position.libelle
    assert urls == ["https://ban.test/search/?q=12+boulevard+Gambetta&citycode=46042&limit=1"]


@pytest.mark.parametrize(
    "reponse",
    [
        {"features": []},  # nothing found
        {"features": [{**REPONSE_BAN["features"][0], "properties": {"citycode": "46042", "score": 0.31}}]},
        {"features": [{**REPONSE_BAN["features"][0], "properties": {"citycode": "46102", "score": 0.97}}]},
        TimeoutError("BAN injoignable"),
        ValueError("pas du JSON"),
        {"features": [{"properties": {"citycode": "46042", "score": None}}]},
        {"features": [{"properties": {"citycode": "46042", "score": 0.9}}]},  # no geometry
        {"features": ["pas un objet"]},
        ["pas", "un", "objet"],
    ],
    ids=[
        "rien",
        "score-faible",
        "autre-commune",
        "injoignable",
        "illisible",
        "score-nul",
        "sans-geometrie",
        "feature-texte",
        "liste",
    ],
)
def test_any_doubt_falls_back_to_the_commune(cahors, reponse):
    position = geocodage.geocoder("12 boulevard Gambetta", cahors, _ban(reponse))
    assert (position.latitude, position.longitude, position.source) == (cahors.latitude, cahors.longitude, "commune")


def test_without_a_geocoder_the_commune_is_used(cahors, settings):
    settings.RELAIS_GEOCODEUR = "aucun"
    assert geocodage.geocoder("12 boulevard Gambetta", cahors).source == "commune"


def _lieu(**kw):
    return {
        "nom": "Antenne Gambetta",
        "type_accueil": "premier_accueil",
        "adresse": "12 boulevard Gambetta",
        "commune": "46042",
        "sans_rendez_vous": "on",
        "horaires": "Mo-Fr 09:00-12:00",
        **kw,
    }


def test_a_new_site_is_geocoded_and_must_be_checked(client, david, lot, structure_a, cahors, monkeypatch):
    monkeypatch.setattr(geocodage, "geocodeur", lambda: _ban())
    client.force_login(david)
    assert client.post(f"/reseau/structures/{structure_a.pk}/lieux/nouveau/", _lieu()).status_code == 302
    with tenant_context(lot):
        lieu = LieuAccueil.objects.get(nom="Antenne Gambetta")
    assert (lieu.latitude, lieu.geocodage_source, lieu.localisation_verifiee) == (44.447533, "ban", False)
    page = client.get(f"/reseau/lieux/{lieu.pk}/").content.decode()
    assert "Base Adresse Nationale" in page and "localisation à vérifier" in page
    # coordinates typed by hand win, and the lead marks the location verified
    client.post(
        f"/reseau/structures/{structure_a.pk}/lieux/{lieu.pk}/modifier/",
        _lieu(latitude="44.4500", longitude="1.4400", localisation_verifiee="on"),
    )
    with tenant_context(lot):
        lieu.refresh_from_db()
    assert (lieu.latitude, lieu.geocodage_source, lieu.localisation_verifiee) == (44.45, "manuel", True)


def test_coordinates_outside_the_departement_are_refused(client, david, lot, structure_a):
    client.force_login(david)
    url = f"/reseau/structures/{structure_a.pk}/lieux/nouveau/"
    page = client.post(url, _lieu(latitude="2.0", longitude="")).content.decode()
    assert "ou aucune des deux" in page
    page = client.post(url, _lieu(latitude="48.85", longitude="2.35")).content.decode()  # Paris
    assert "Ce point est hors du département" in page
    with tenant_context(lot):
        assert not LieuAccueil.objects.filter(nom="Antenne Gambetta").exists()


def test_the_action_takes_fields_not_a_form(david, lot, structure_a, cahors, monkeypatch, dans_le_lot):
    """What the API would call: only a changed address is geocoded again, and the location is then to be checked."""
    from reseau.actions.structures import do_enregistrer_lieu

    appels = []
    monkeypatch.setattr(geocodage, "geocodeur", lambda: appels.append(1) or _ban())
    lieu = do_enregistrer_lieu(
        david, structure_a, nom="Antenne", type_accueil="permanence", adresse="12 boulevard Gambetta", commune=cahors
    )
    assert (lieu.geocodage_source, len(appels)) == ("ban", 1)
    lieu.localisation_verifiee = True
    lieu.save()
    lieu = do_enregistrer_lieu(david, structure_a, LieuAccueil.objects.get(pk=lieu.pk), nom="Antenne Gambetta")
    assert (lieu.nom, lieu.localisation_verifiee, len(appels)) == ("Antenne Gambetta", True, 1)
    lieu = do_enregistrer_lieu(david, structure_a, lieu, adresse="3 rue Nationale")
    assert (lieu.localisation_verifiee, len(appels)) == (False, 2)
