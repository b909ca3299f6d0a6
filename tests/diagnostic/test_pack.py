"""The data pack (docs/diagnostic.md §3): assembled by the worker at a date with its progress, INSEE figures when the
files are imported, what is missing and why, and what Relais knows through the small-cell rule."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from collectivites.tenancy import tenant_context
from diagnostic import actions, pack
from diagnostic.models import PackDonnees
from tests import factories as f

from .conftest import texte

pytestmark = pytest.mark.django_db

DONNEES = Path(__file__).parent / "donnees"


@pytest.fixture
def bouriane(lot, david):
    """Gourdon and Payrignac, a reception site at Gourdon."""
    gourdon = f.CommuneFactory(code="46127", nom="Gourdon", population=4206, latitude=44.73478, longitude=1.37693)
    payrignac = f.CommuneFactory(code="46216", nom="Payrignac", population=651, latitude=44.76284, longitude=1.34356)
    with tenant_context(lot):
        lieu = f.LieuAccueilFactory(nom="MSD de Gourdon", commune=gourdon, latitude=44.7348, longitude=1.3769)
        d = actions.do_ouvrir(
            david,
            titre="Bouriane",
            commanditaire="CC Quercy Bouriane",
            type_territoire="communes",
            communes=[gourdon, payrignac],
        )
    return d, lieu, gourdon, payrignac


def _sections(contenu):
    return {s["titre"]: s for s in contenu["sections"]}


def test_the_page_queues_the_pack_which_reports_its_progress_and_shows_it_when_ready(
    client, lot, david, bouriane, django_capture_on_commit_callbacks
):
    d, *_ = bouriane
    client.force_login(david)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(f"/diagnostic/{d.pk}/donnees/", {"date_reference": "2026-06-30"})
    assert reponse["Location"] == f"/diagnostic/{d.pk}/donnees/"
    with tenant_context(lot):
        p = PackDonnees.objects.get()
    assert p.statut == "pret" and p.progression == 100 and str(p.date_reference) == "2026-06-30"
    page = texte(client.get(f"/diagnostic/{d.pk}/donnees/"))
    assert "Pack au 30/06/2026" in page
    assert "Population municipale (COG)" in page and "4\u202f857 habitants" in page
    assert "n'a pas été importé (manage.py importer_insee)" in page
    assert "Minima sociaux (RSA, AAH, minimum vieillesse) : Aucun fichier Insee ne les publie par commune" in page
    fragment = texte(client.get(f"/diagnostic/packs/{p.pk}/progression/"))
    assert "prêt" in fragment and "hx-get" not in fragment


def test_a_pack_being_prepared_is_polled_and_a_bad_date_is_refused(client, lot, david, bouriane):
    d, *_ = bouriane
    client.force_login(david)
    reponse = client.post(f"/diagnostic/{d.pk}/donnees/", {"date_reference": "31/02/2026"})
    assert "Rien n'a été enregistré" in texte(reponse) and 'id="id_date_reference_error"' in texte(reponse)
    with tenant_context(lot):
        assert not PackDonnees.objects.exists()
        p = f.PackDonneesFactory(diagnostic=d, statut="en_cours", progression=40, etape_en_cours="Temps de trajet")
    page = texte(client.get(f"/diagnostic/{d.pk}/donnees/"))
    assert f'hx-get="/diagnostic/packs/{p.pk}/progression/"' in page
    assert "En cours : Temps de trajet" in page and 'value="40"' in page
    # a second request while one is being prepared queues nothing more
    with tenant_context(lot):
        assert actions.do_demander_pack(david, d) == p


def test_insee_figures_enter_the_pack_and_a_partial_coverage_is_said_missing(lot, bouriane):
    d, *_ = bouriane
    call_command("importer_insee", structure_population=str(DONNEES / "base-cc-evol-struct-pop-2021.csv"))
    call_command("importer_insee", comparateur=str(DONNEES / "base_cc_comparateur.csv"))
    with tenant_context(lot):
        sections = _sections(pack.assembler(d, datetime.date(2026, 6, 30)))
    # Payrignac is in neither file: no total of the territory would be right
    manquants = {m["libelle"]: m["raison"] for s in sections.values() for m in s["manquant"]}
    assert manquants["Évolution de la population"].startswith("Publié pour 1 commune(s) sur 2 seulement")
    assert "Pyramide des âges" in manquants
    # medians do not add up: the range of the communes where INSEE publishes one
    revenu = sections["Revenus, pauvreté et minima sociaux"]["chiffres"][0]
    assert revenu["texte"] == "de 20\u202f060 € à 20\u202f060 € selon la commune (1 commune(s) sur 2 publiée(s))"


def test_with_every_commune_published_the_pack_gives_evolution_ages_housing_and_unemployment(lot, david, cahors):
    f.CommuneFactory(code="46127", nom="Gourdon", population=4206)
    call_command("importer_insee", structure_population=str(DONNEES / "base-cc-evol-struct-pop-2021.csv"))
    call_command("importer_insee", comparateur=str(DONNEES / "base_cc_comparateur.csv"))
    with tenant_context(lot):
        d = actions.do_ouvrir(
            david,
            titre="Gourdon",
            commanditaire="Mairie",
            type_territoire="communes",
            communes=[f.CommuneFactory(code="46127")],
        )
        chiffres = {
            c["code"]: c["texte"]
            for s in pack.assembler(d, datetime.date(2026, 6, 30))["sections"]
            for c in s["chiffres"]
        }
    assert chiffres["evolution_population"] == "4\u202f350 → 4\u202f165 habitants (-4,3 %, -0,72 % par an)"
    assert chiffres["part_60_plus"] == "44,8 %"  # (1 050,8 + 685,4 + 129,1) / 4 165
    assert chiffres["vacance"] == "14,2 % des logements"
    assert chiffres["chomage"] == "11,8 % des actifs"
    assert chiffres["taux_pauvrete"] == "16,0 %"


def test_what_relais_knows_goes_through_the_small_cell_rule(lot, bouriane):
    d, lieu, gourdon, payrignac = bouriane
    with tenant_context(lot):
        logement, energie, sante = (f.MotifFactory(libelle=x) for x in ("Logement", "Énergie", "Santé"))
        for motif, n in ((logement, 6), (energie, 5), (sante, 1)):
            for _ in range(n):
                f.PassageFactory(lieu=lieu, commune_residence=gourdon, motifs=[motif])
        f.PassageFactory(lieu=lieu, commune_residence=f.CommuneFactory(code="46042"), motifs=[sante])
        type_budget = f.TypeAccompagnementFactory(libelle="Budget")
        for _ in range(2):
            f.AccompagnementFactory(type=type_budget, usager=f.UsagerFactory(commune=payrignac))
        sections = _sections(pack.assembler(d, timezone.localdate()))
    accueil = sections["Accueil des habitants dans le réseau"]
    assert accueil["chiffres"][0]["texte"] == "12"
    motifs = accueil["tableaux"][0]["lignes"]
    # « Santé » (1) is hidden, and « Énergie » (5, the smallest visible) too, so that 12 − 6 cannot give it back;
    # the hidden rows come last in label order, so their rank says nothing of their size
    assert motifs == [["Logement", "6"], ["Santé", "secret"], ["Énergie", "secret"]]
    supports = sections["Accompagnements et aides"]["tableaux"][0]["lignes"]
    assert supports == [["Budget", "secret"]]
    trajets = sections["Temps de trajet vers le premier accueil"]["tableaux"][0]["lignes"]
    assert [ligne[:2] for ligne in trajets] == [["Payrignac", "MSD de Gourdon"], ["Gourdon", "MSD de Gourdon"]]


def test_too_few_passages_publish_nothing_but_the_reason(lot, bouriane):
    d, lieu, gourdon, _ = bouriane
    with tenant_context(lot):
        for _ in range(3):
            f.PassageFactory(lieu=lieu, commune_residence=gourdon, motifs=[f.MotifFactory(libelle="Logement")])
        accueil = _sections(pack.assembler(d, timezone.localdate()))["Accueil des habitants dans le réseau"]
    assert accueil["chiffres"] == [] and accueil["tableaux"] == []
    assert (
        "Moins de 5 passages d'habitants du territoire en douze mois : rien n'est publié"
        in accueil["manquant"][0]["raison"]
    )
