"""The note de restitution's nearest sites use the collectivité's own travel-time model, like its coverage and maps."""

import urllib.error
from urllib.parse import urlsplit

import pytest
from django.core import mail

from cartographie import geo
from collectivites.tenancy import tenant_context
from indicateurs import calcul
from indicateurs.enums import Periodicite
from ingenierie import note
from ingenierie.models import Demande
from territoire.distances import OSRMTable
from territoire.models import ParametresCouverture
from tests import factories as f


@pytest.fixture
def demande(client, poles, formulaire, lot, django_capture_on_commit_callbacks):
    """The mairie of Cahors asks (the public form); Cahors has no site open to the public of its own."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/c/lot/ingenierie/", formulaire())
    mail.outbox.clear()
    with tenant_context(lot):
        return Demande.objects.select_related("commune").get()


@pytest.fixture
def sites(lot, cahors, figeac):
    gourdon = f.CommuneFactory(code="46127", nom="Gourdon", population=4000, latitude=44.7375, longitude=1.3833)
    with tenant_context(lot):
        engagee = f.StructureFactory(collectivite=lot, nom="MSD", commune=cahors, niveau_engagement="active")
        for nom, commune in (("MSD de Gourdon", gourdon), ("MSD de Figeac", figeac)):
            f.LieuAccueilFactory(
                collectivite=lot,
                structure=engagee,
                nom=nom,
                commune=commune,
                latitude=commune.latitude,
                longitude=commune.longitude,
                horaires="Mo-Fr 09:00-12:00",
            )
    return lot


def _proche(proches, nom):
    return next(p for p in proches if p.site.nom == nom)


def test_a_tuned_collectivite_gets_the_same_travel_time_in_the_note_as_on_its_maps_and_coverage(demande, sites):
    lot = sites
    with tenant_context(lot):
        ParametresCouverture.objects.create(collectivite=lot, detour=1.2, vitesse_kmh=40)
        proches, trajet = note.lieux_proches(demande.commune)
        gourdon = _proche(proches, "MSD de Gourdon")
        # Cahors → Gourdon: 32.3 km as the crow flies × 1.2 at 40 km/h (the defaults would say 50.5 minutes)
        assert gourdon.minutes == pytest.approx(58.2, abs=0.1)
        assert trajet == {"detour": 1.2, "vitesse": 40, "osrm": False}
        # the coverage (indicator 2, and the staff map that shows it) finds Gourdon the nearest, at the same time
        calcul.calculer(lot, *calcul.periode_annuelle(2025), Periodicite.ANNUELLE)
        communes, couverture = geo.communes()
        cahors = next(c for c in communes if c["code"] == "46042")
        assert cahors["lieu_le_plus_proche"] == "MSD de Gourdon"
        assert cahors["minutes"] == round(gourdon.minutes, 1)
        assert couverture.parametres["vitesse_kmh"] == 40
        # the public map, to the minute
        publics, _ = geo.plus_proches_de(demande.commune)
        assert publics[0]["nom"] == "MSD de Gourdon" and publics[0]["minutes"] == round(gourdon.minutes)
        texte = note.html(demande, 1)
    assert f"{round(gourdon.minutes)}&#8239;min" in texte and "40&#8239;km/h de moyenne" in texte


def _osrm_factice(minutes_par_longitude):
    """An OSRM ``table`` answer computed from the URL: the minutes of each destination, found by its longitude."""

    def obtenir(url):
        chemin = urlsplit(url).path.rsplit("/", 1)[1]
        points = [tuple(map(float, p.split(","))) for p in chemin.split(";")]
        secondes = [minutes_par_longitude.get(round(lon, 4)) for lon, _ in points[1:]]
        return {"code": "Ok", "durations": [[None if m is None else m * 60 for m in secondes]]}

    return obtenir


def test_with_an_osrm_server_the_note_gives_the_road_times_of_the_coverage(demande, sites, monkeypatch):
    lot = sites
    routier = _osrm_factice({1.44: 4.0, 1.3833: 47.0, 2.0317: None})  # the Cahors site, Gourdon, Figeac unroutable
    monkeypatch.setattr(OSRMTable, "_get", lambda self, url: routier(url))
    with tenant_context(lot):
        ParametresCouverture.objects.create(collectivite=lot, osrm_url="http://osrm.lot.test")
        proches, trajet = note.lieux_proches(demande.commune)
        assert [(p.site.nom, p.minutes) for p in proches] == [("MSD de Cahors", 4.0), ("MSD de Gourdon", 47.0)]
        assert trajet["osrm"] is True
        calcul.calculer(lot, *calcul.periode_annuelle(2025), Periodicite.ANNUELLE)
        cahors = next(c for c in geo.communes()[0] if c["code"] == "46042")
        assert (cahors["lieu_le_plus_proche"], cahors["minutes"]) == ("MSD de Gourdon", 47.0)
        assert "serveur d'itinéraires (OSRM)" in note.html(demande, 1)


def test_when_the_osrm_server_is_down_the_note_falls_back_on_the_estimate(demande, sites, monkeypatch):
    def panne(self, url):
        raise urllib.error.URLError("connexion refusée")

    monkeypatch.setattr(OSRMTable, "_get", panne)
    with tenant_context(sites):
        ParametresCouverture.objects.create(collectivite=sites, osrm_url="http://osrm.lot.test")
        proches, trajet = note.lieux_proches(demande.commune)
    assert trajet["osrm"] is False
    assert _proche(proches, "MSD de Gourdon").minutes == pytest.approx(50.5, abs=0.1)  # the defaults: 1.3, 50 km/h
