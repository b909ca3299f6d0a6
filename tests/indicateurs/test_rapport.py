"""The funders' report as a funder reads it (text extracted from the PDF), and past years computed on the network as
it was then."""

import re
from datetime import date
from html import escape

import pytest

from collectivites.tenancy import tenant_context
from indicateurs import calcul
from indicateurs.enums import Indicateur, Periodicite
from indicateurs.models import Instantane
from indicateurs.rapport import rendre_rapport
from tests import factories as f
from tests.artefacts import garder_pdf


@pytest.fixture
def reseau_sur_trois_ans(lot, cahors, david):
    """Structure « Ancienne » engaged in 2024 with a complete site; « Signataire 2025 » joined by signing the charter
    in June 2025 (no engagement date); « Nouvelle » engaged in 2026. Targets: 100 % for the percentages."""
    f.CommuneFactory(code="46102", nom="Figeac", population=9800, latitude=44.6086, longitude=2.0317)
    with tenant_context(lot):
        ancienne = f.StructureFactory(
            collectivite=lot, nom="Ancienne", commune=cahors, niveau_engagement="active", engagee_le=date(2024, 3, 1)
        )
        signataire = f.StructureFactory(
            collectivite=lot, nom="Signataire 2025", commune=cahors, niveau_engagement="signataire"
        )
        f.SignatureFactory(structure=signataire, enregistree_par=david, signee_le=date(2025, 6, 1))
        nouvelle = f.StructureFactory(
            collectivite=lot,
            nom="Nouvelle",
            commune=cahors,
            niveau_engagement="mobilisee",
            engagee_le=date(2026, 1, 15),
            mesure_satisfaction=True,
            satisfaction_methode="Questionnaire papier à l’accueil, dépouillé chaque trimestre",
        )
        for s, nom, lat, lon in [
            (ancienne, "MSD de Cahors", 44.4491, 1.4366),
            (signataire, "CCAS de Figeac", 44.6086, 2.0317),
            (nouvelle, "France Services", 44.5, 1.6),
        ]:
            f.LieuAccueilFactory(
                collectivite=lot,
                structure=s,
                nom=nom,
                commune=cahors,
                latitude=lat,
                longitude=lon,
                horaires="Mo-Fr 09:00-12:00",
                localisation_verifiee=s is not signataire,
            )
        for annee in (2024, 2025, 2026):
            for ind, valeur in [
                (Indicateur.LOCALISATION, 100),
                (Indicateur.COUVERTURE, 100),
                (Indicateur.SATISFACTION, 100),
            ]:
                f.CibleFactory(collectivite=lot, indicateur=ind, annee=annee, valeur=valeur)
            f.CibleFactory(
                collectivite=lot, indicateur=Indicateur.STRUCTURES, annee=annee, valeur=None, libelle="Recensement"
            )
            calcul.calculer(lot, *calcul.periode_annuelle(annee), Periodicite.ANNUELLE)
    return lot


def _valeurs(annee):
    return {
        i.indicateur: i for i in Instantane.objects.filter(debut=date(annee, 1, 1), periodicite=Periodicite.ANNUELLE)
    }


def test_a_past_year_is_computed_on_the_network_as_it_was_then(reseau_sur_trois_ans):
    with tenant_context(reseau_sur_trois_ans):
        par_annee = {a: _valeurs(a) for a in (2024, 2025, 2026)}
    structures = [par_annee[a][Indicateur.STRUCTURES].valeur for a in (2024, 2025, 2026)]
    assert structures == [1, 2, 3]  # engaged in 2024; signed in June 2025; engaged in 2026
    lieux = [par_annee[a][Indicateur.COUVERTURE].detail["lieux"] for a in (2024, 2025, 2026)]
    assert lieux == [
        ["MSD de Cahors"],
        ["CCAS de Figeac", "MSD de Cahors"],
        ["CCAS de Figeac", "France Services", "MSD de Cahors"],
    ]
    # localisation: 1/1 in 2024; 1 of 2 in 2025 (the CCAS's point is not verified); 2 of 3 in 2026
    assert [par_annee[a][Indicateur.LOCALISATION].valeur for a in (2024, 2025, 2026)] == [100.0, 50.0, 66.7]
    # satisfaction: only « Nouvelle » measures it, engaged in 2026
    assert [par_annee[a][Indicateur.SATISFACTION].valeur for a in (2024, 2025, 2026)] == [0.0, 0.0, 33.3]


def _texte_du_rapport(collectivite, annee):
    with tenant_context(collectivite):
        pdf = garder_pdf(f"rapport_financeurs_{annee}", rendre_rapport(collectivite, annee))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pdf.pages]


def test_the_report_opens_with_a_one_page_summary_against_targets_and_last_year(reseau_sur_trois_ans):
    pages = _texte_du_rapport(reseau_sur_trois_ans, 2025)
    synthese = pages[0]
    assert "Synthèse 2025" in synthese
    for ind in Indicateur:
        assert ind.label in synthese
    assert "Ce qui a bougé depuis 2024" in synthese and "En retard sur la cible" in synthese
    # 2024 → 2025: one structure more, localisation from 100 % to 50 % (−50 points), behind its 100 % target
    assert "Structures engagées dans le réseau : 1 structure en 2024, 2 structures en 2025 (+1 structure)." in synthese
    assert "Localisation des premiers accueils sociaux inconditionnels : 100 % en 2024, 50 % en 2025" in synthese
    assert "en retard : 50 points sous la cible" in synthese
    assert "cible non chiffrée : Recensement" in synthese
    assert "Comment chaque indicateur est calculé" not in synthese  # the summary is a page of its own


def test_the_report_writes_methods_as_sentences_with_whole_counts(reseau_sur_trois_ans):
    texte = " ".join(_texte_du_rapport(reseau_sur_trois_ans, 2025))
    for brut in ("Paramètres", "niveaux =", "detour =", "vitesse_kmh", "grand_cercle", "localises =", "['"):
        assert brut not in texte
    assert (
        "on estime le temps de trajet depuis le centre de la commune jusqu'au plus proche des 2 lieux de premier "
        "accueil ouverts au public"
    ) in texte
    assert "allongée de 30 % pour suivre les routes (facteur 1,3), parcourue à 50 km/h de moyenne" in texte
    assert "Une commune est couverte quand ce trajet dure moins de 30 minutes." in texte
    assert "Sur 2 lieux de premier accueil du réseau à la fin de la période : 1 placé sur la carte" in texte
    assert "au 31/12/2025, 2 structures engagées (mobilisées, signataires de la charte ou actives) sur 4" in texte
    assert "28 800 habitants sur 28 800" in texte and "0 professionnel distinct en a bénéficié" in texte
    assert not re.search(r"\d,0\b", texte)  # « 8,0 professionnels », « 50,0 % »: whole numbers have no decimal
    assert not re.search(r"\d,\d{2,} ?%", texte)  # one decimal at most


def test_the_charter_chart_shows_the_five_indicators_with_full_labels(reseau_sur_trois_ans):
    from indicateurs.tableaux import tableau_indicateurs

    with tenant_context(reseau_sur_trois_ans):
        svg = str(tableau_indicateurs(2025).graphique)
    for ind in Indicateur:
        assert f">{escape(ind.label)}</tspan>" in svg or f">{escape(ind.label)}</text>" in svg
    assert "…" not in svg
    pages = _texte_du_rapport(reseau_sur_trois_ans, 2025)
    graphique = pages[1]
    for ind in Indicateur:  # in the chart and in the table under it
        assert graphique.count(ind.label) >= 2, ind.label


def test_the_dashboard_opens_with_the_five_indicators_then_sections_to_open(
    reseau_sur_trois_ans, client, david, django_assert_max_num_queries
):
    client.force_login(david)
    with django_assert_max_num_queries(12):  # session, user, memberships, then snapshots, rollups (one), TIS, runs
        r = client.get("/indicateurs/", {"annee": 2025})
    corps = re.sub(r"\s+", " ", r.content.decode())
    assert r.status_code == 200
    cartes = corps.split('<ul class="indicateurs-charte">')[1].split("</ul>")[0]
    assert cartes.count("<li>") == 5
    assert "Localisation des premiers accueils sociaux inconditionnels" in cartes
    assert '<span class="valeur-indicateur">50 %</span>' in cartes and "2024 : 100 % (−50 points)" in cartes
    assert '<span class="valeur-indicateur">2</span> <span class="unite-indicateur">structures</span>' in cartes
    assert "En retard : 50 points sous la cible" in cartes
    # then the sections, closed until the reader opens them, each table with its exports
    for section in ("activite", "orientations", "accompagnements", "ingenierie", "tendances", "pilotage"):
        assert f'<details class="section-tableau" id="section-{section}">' in corps
    assert corps.index("indicateurs-charte") < corps.index('id="section-activite"')
    assert 'href="/indicateurs/export/passages_motif.csv?annee=2025"' in corps
