"""Charter indicator 5 measured: a satisfaction questionnaire with at least N answers in the period, or a declared
method described in the census; the snapshot says which."""

import datetime

import pytest

from collectivites.tenancy import tenant_context
from developpement import actions
from indicateurs import calcul
from reseau.models import NiveauEngagement
from tests import factories as f

from .conftest import questions_de, texte

DEBUT, FIN = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def _reponses(diffusion, questionnaire, n, jour):
    version = actions.version_courante(questionnaire)
    question = questions_de(questionnaire)["Êtes-vous satisfait de l'accueil ?"]
    for _ in range(n):
        actions.do_repondre(diffusion, version, {question: 4}, jour=jour)


@pytest.mark.date_figee("2026-06-15 10:00")
def test_a_structure_measures_satisfaction_with_enough_answers_in_the_period(
    lot, bob, david, structure_a, structure_a2, satisfaction, diffusion, cahors
):
    with tenant_context(lot):
        for s in (structure_a, structure_a2):
            s.niveau_engagement = NiveauEngagement.SIGNATAIRE
            s.save()
        declaree = f.StructureFactory(
            nom="Épicerie sociale",
            commune=cahors,
            niveau_engagement=NiveauEngagement.ACTIVE,
            mesure_satisfaction=True,
            satisfaction_methode="boîte à idées relevée chaque mois",
        )
        f.StructureFactory(nom="Sans preuve", commune=cahors, niveau_engagement="active", mesure_satisfaction=True)
        actions.do_enregistrer_parametres(f.utilisateur(lot, structure_a, "administrateur"), 10)
        _reponses(diffusion, satisfaction, 9, datetime.date(2026, 6, 1))
        r = calcul.indicateur_satisfaction(lot, DEBUT, FIN)
        assert r.entrees == {"engagees": 4, "mesurent": 1}  # the declared method only: 9 answers < 10
        _reponses(diffusion, satisfaction, 1, datetime.date(2026, 6, 2))
        r = calcul.indicateur_satisfaction(lot, DEBUT, FIN)
        avant = calcul.indicateur_satisfaction(lot, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert r.entrees == {"engagees": 4, "mesurent": 2} and r.valeur == 50.0
    assert r.parametres == {"reponses_minimum": 10}
    assert r.detail["structures"] == [
        {"nom": structure_a.nom, "source": "questionnaire", "reponses": 10},
        {"nom": declaree.nom, "source": "declaration", "methode": "boîte à idées relevée chaque mois"},
    ]
    assert avant.entrees["mesurent"] == 1  # the answers of 2026 do not count for 2025


@pytest.mark.date_figee("2026-06-15 10:00")
def test_the_network_questionnaire_counts_for_the_structure_of_each_site(lot, david, structure_a, lieu_a):
    with tenant_context(lot):
        structure_a.niveau_engagement = NiveauEngagement.SIGNATAIRE
        structure_a.save()
        q = actions.do_creer_questionnaire(
            david, titre="Réseau", nature="satisfaction", structure=None, introduction="x", modele="satisfaction"
        )
        d = actions.do_publier(david, q, lieu=lieu_a, ouvre_le=DEBUT, ferme_le=FIN)
        _reponses(d, q, 20, datetime.date(2026, 6, 1))
        r = calcul.indicateur_satisfaction(lot, DEBUT, FIN)
    assert r.detail["structures"] == [{"nom": structure_a.nom, "source": "questionnaire", "reponses": 20}]


def test_the_administrator_sets_the_number_of_answers(client, fanny, bob, lot):
    client.force_login(bob)
    assert client.get("/developpement/parametres/").status_code == 403
    client.force_login(fanny)
    reponse = client.post(
        "/developpement/parametres/", {"reponses_minimum_satisfaction": "2", "reponses_par_heure": "600"}
    )
    assert reponse.status_code == 200
    assert "Assurez-vous que cette valeur est supérieure ou égale à 5." in texte(reponse)
    donnees = {"reponses_minimum_satisfaction": "30", "reponses_par_heure": "600"}
    assert client.post("/developpement/parametres/", donnees).status_code == 302
    with tenant_context(lot):
        from developpement.satisfaction import reponses_minimum

        assert reponses_minimum() == 30
