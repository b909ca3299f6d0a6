"""The working pages of a diagnostic (docs/diagnostic.md §5): the actors inventory, the expressed demand
(questionnaire results under the small-cell rule, interviews without names), and bad input refused by field."""

import datetime
import re

import pytest

from collectivites.tenancy import tenant_context
from developpement import actions as questionnaires
from diagnostic import document
from tests import factories as f

from .conftest import texte

pytestmark = pytest.mark.django_db


def test_the_inventory_lists_the_networks_structures_of_the_territory_once_and_each_is_marked_met(
    client, lot, david, diagnostic, structure_a, structure_a2, lieu_a
):
    with tenant_context(lot):
        f.ServiceFactory(structure=structure_a2, nom="Domiciliation")
        ailleurs = f.StructureFactory(nom="CCAS de Figeac", commune=f.CommuneFactory(code="46102", nom="Figeac"))
    client.force_login(david)
    url = f"/diagnostic/{diagnostic.pk}/acteurs/"
    client.post(f"/diagnostic/{diagnostic.pk}/acteurs/reseau/")
    client.post(f"/diagnostic/{diagnostic.pk}/acteurs/reseau/")  # twice: nothing listed twice
    page = texte(client.get(url))
    assert "2 acteurs" in page and "CCAS de Cahors" in page and "Services : Domiciliation." in page
    assert ailleurs.nom not in page
    with tenant_context(lot):
        acteur = diagnostic.acteurs.get(structure=structure_a2)
    client.post(f"/diagnostic/acteurs/{acteur.pk}/rencontre/", {"rencontre": "1"})
    with tenant_context(lot):
        acteur.refresh_from_db()
        assert acteur.rencontre

    # an actor by hand: a missing name is named and nothing is written
    reponse = client.post(url, {"nom": "", "nature": "association"})
    assert "Rien n'a été enregistré" in texte(reponse) and 'id="id_nom_error"' in texte(reponse)
    client.post(url, {"nom": "Restos du cœur", "nature": "association", "activites": "Aide alimentaire."})
    with tenant_context(lot):
        assert diagnostic.acteurs.count() == 3


def test_an_interview_needs_its_grid_and_says_not_to_name_anyone(client, lot, david, diagnostic):
    client.force_login(david)
    url = f"/diagnostic/{diagnostic.pk}/demande-exprimee/"
    client.post(
        url,
        {
            "formulaire": "grille",
            "grille-type": "collectif",
            "grille-titre": "Rencontre",
            "grille-questions": "Se loger",
        },
    )
    with tenant_context(lot):
        grille = diagnostic.grilles.get()
    page = texte(client.get(url))
    assert "N'écrivez aucun nom ni détail qui permette de reconnaître une personne interrogée" in page
    mauvais = {
        "formulaire": "entretien",
        "entretien-grille": grille.pk,
        "entretien-date": "2026-05-12",
        "entretien-participants": "0",
        "entretien-synthese": "Les loyers sont trop chers.",
    }
    reponse = client.post(url, mauvais)
    assert "Rien n'a été enregistré" in texte(reponse) and 'id="id_entretien-participants_error"' in texte(reponse)
    client.post(url, {**mauvais, "entretien-participants": "6"})
    with tenant_context(lot):
        entretien = diagnostic.entretiens.get()
    assert entretien.participants == 6 and entretien.grille == grille
    assert "Rencontre du 12/05/2026" in texte(client.get(url))


def test_the_questionnaire_results_keep_the_small_cell_rule_and_never_the_free_texts(
    client, lot, david, diagnostic, bob, structure_a
):
    with tenant_context(lot):
        q = questionnaires.do_creer_questionnaire(
            david,
            titre="La vie à Cahors",
            nature="demande_sociale",
            structure=None,
            introduction="Anonyme.",
            modele="demande_sociale",
        )
        jour = datetime.date(2026, 5, 1)
        diffusion = questionnaires.do_publier(david, q, lieu=None, ouvre_le=jour, ferme_le=jour)
        version = questionnaires.version_courante(q)
        choix = next(x for x in version.questions.all() if x.type == "choix_unique")
        texte_libre = next(x for x in version.questions.all() if x.type == "texte_long")
    client.force_login(david)
    url = f"/diagnostic/{diagnostic.pk}/demande-exprimee/"
    client.post(url, {"formulaire": "questionnaires", "questionnaires": [q.pk]})
    with tenant_context(lot):
        for i in range(4):
            questionnaires.do_repondre(
                diffusion, version, {choix: choix.choix[0], texte_libre: f"Avis n° {i}"}, jour=jour
            )
    assert "4 réponses : trop peu pour publier des résultats (secret statistique)." in texte(client.get(url))
    with tenant_context(lot):
        for _ in range(4):
            questionnaires.do_repondre(diffusion, version, {choix: choix.choix[0]}, jour=jour)
        questionnaires.do_repondre(diffusion, version, {choix: choix.choix[1]}, jour=jour)
    page = texte(client.get(url))
    assert "9 réponses." in page and choix.libelle in page
    # one answer for the second choice is hidden, and the first choice's 8 with it so that 9 − 8 cannot give it back
    for libelle in choix.choix[:2]:
        assert re.search(rf"{re.escape(libelle)}</th>\s*<td>secret</td>", page), libelle
    assert "Avis n°" not in page


def test_the_map_centres_the_territory_names_a_few_communes_and_keeps_only_nearby_sites():
    svg = document.carte(
        [{"nom": "Cahors", "lat": 44.4491, "lon": 1.4366, "population": 19000}],
        [{"nom": "MSD de Cahors", "lat": 44.45, "lon": 1.44}, {"nom": "MSD de Figeac", "lat": 44.61, "lon": 2.03}],
    )
    assert "<title>Carte du territoire</title>" in svg and "<desc>1 commune(s) du territoire" in svg
    assert re.search(r'<circle cx="280\.0" cy="200\.0"', svg)  # one commune alone sits in the middle
    assert ">Cahors</text>" in svg and "<title>MSD de Cahors</title>" in svg and "Figeac" not in svg
