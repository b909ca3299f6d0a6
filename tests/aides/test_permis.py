"""Bourse au permis: the theory and driving test results, on the application's page (docs/aides.md « Bourse au
permis »)."""

import datetime
import html

import pytest
from django.utils import timezone

from aides.models import ExamenPermis
from collectivites.tenancy import tenant_context
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_test_results_are_recorded(client, lot, structure_a, bob, alice):
    with tenant_context(lot):
        permis = f.DispositifFactory(structure=structure_a, nature="permis", heures_contrepartie=35)
        demande = f.DemandeAideFactory(dispositif=permis, instructeur=bob, statut="accordee")
        f.DecisionFactory(demande=demande, decidee_par=bob, montant=800)
    client.force_login(bob)
    hier = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    demain = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    def poster(donnees):
        reponse = client.post(f"/aides/{demande.pk}/examens/", donnees, follow=True)
        return html.unescape(reponse.content.decode())

    texte = poster({"epreuve": "code", "date": hier, "resultat": "echoue"})
    assert "Épreuve théorique (code), le" in texte and ": échoué" in texte
    texte = poster({"epreuve": "code", "date": hier, "resultat": "reussi"})
    assert ": réussi" in texte
    assert "Épreuve : « Épreuve théorique (code) » est déjà réussie." in poster(
        {"epreuve": "code", "date": hier, "resultat": "reussi"}
    )
    assert "Date de l'épreuve : un résultat ne s'enregistre qu'une fois l'épreuve passée." in poster(
        {"epreuve": "conduite", "date": demain, "resultat": "reussi"}
    )
    assert "Épreuve :" in poster({"epreuve": "vol", "date": hier, "resultat": "reussi"})
    with tenant_context(lot):
        assert list(ExamenPermis.objects.values_list("epreuve", "resultat")) == [("code", "echoue"), ("code", "reussi")]
    client.force_login(alice)  # outside the need-to-know
    assert client.post(f"/aides/{demande.pk}/examens/", {"epreuve": "conduite", "date": hier}).status_code == 404


def test_only_a_bourse_au_permis_has_tests(client, lot, secours, bob):
    with tenant_context(lot):
        demande = f.DemandeAideFactory(dispositif=secours, instructeur=bob, statut="accordee")
        f.DecisionFactory(demande=demande, decidee_par=bob, montant=100)
    client.force_login(bob)
    hier = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    reponse = client.post(
        f"/aides/{demande.pk}/examens/", {"epreuve": "code", "date": hier, "resultat": "reussi"}, follow=True
    )
    assert "Épreuve : seule une bourse au permis a des épreuves." in html.unescape(reponse.content.decode())
    with tenant_context(lot):
        assert not ExamenPermis.objects.exists()
