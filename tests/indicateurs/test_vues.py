"""The dashboards, the computation on demand, targets, exports and the funders' report."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from collectivites.tenancy import tenant_context
from indicateurs import statistiques
from indicateurs import tableaux as tb
from indicateurs.enums import Indicateur, StatutCalcul
from indicateurs.models import Agregat, Calcul, Cible, Instantane, RapportCharte
from tests import factories as f

MARS = timezone.make_aware(timezone.datetime(2026, 3, 10, 10))


@pytest.fixture
def activite(lot, lieu_a, alice, motifs, structure_a2, cahors):
    """March 2026: 3 passages for housing and 6 for money at structure A's site; 7 at the CCAS's site."""
    with tenant_context(lot):
        lieu_ccas = f.LieuAccueilFactory(collectivite=lot, structure=structure_a2, nom="CCAS accueil", commune=cahors)
        for n, code in [(3, "logement-hebergement"), (6, "gestion-financiere")]:
            for _ in range(n):
                f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=MARS, motifs=[motifs[code]])
        for _ in range(7):
            f.PassageFactory(lieu=lieu_ccas, agent=alice, date_heure=MARS, canal="telephone")
        statistiques.rafraichir(lot, date(2026, 1, 1), date(2026, 12, 31))
    return lot


def test_small_cells_are_hidden_after_summing(activite):
    with tenant_context(activite):
        motifs = {
            r["libelle"]: r["valeur"]
            for r in statistiques.lire("passages", "motif", date(2026, 1, 1), date(2026, 12, 31), seuil=5)
        }
        canaux = {
            r["cle"]: r["valeur"]
            for r in statistiques.lire("passages", "canal", date(2026, 1, 1), date(2026, 12, 31), seuil=5)
        }
    # 3 is under the threshold; showing 6 would give it away (9 passages that month − 6), so 6 is hidden too
    assert list(motifs.values()) == [None, None]
    assert canaux == {"telephone": 7, "sur_place": 9}


def test_a_hidden_cell_cannot_be_recovered_by_subtraction(activite):
    annee = (date(2026, 1, 1), date(2026, 12, 31))
    with tenant_context(activite):
        total = sum(r["valeur"] for r in statistiques.par_mois("passages", "total", *annee, seuil=5))
        for dimension in ("motif", "canal", "total_lieu"):
            cellules = statistiques.lire("passages", dimension, *annee, seuil=5)
            caches = [c for c in cellules if c["valeur"] is None]
            assert len(caches) != 1, dimension  # never exactly one: total − visible cells would reveal it
            if caches:
                assert cellules[-len(caches) :] == caches  # hidden rows last, not ranked by their size
    assert total == 16


def test_a_refresh_replaces_the_months_cells_instead_of_adding_to_them(activite):
    with tenant_context(activite):
        avant = Agregat.objects.count()
        statistiques.rafraichir(activite, date(2026, 3, 1), date(2026, 3, 31))
        assert Agregat.objects.count() == avant
        total = sum(Agregat.objects.filter(source="passages", dimension="total").values_list("valeur", flat=True))
    assert total == 16


def test_the_network_lead_sees_the_network_and_small_cells_as_secret(client, david, activite):
    client.force_login(david)
    r = client.get(reverse("indicateurs:tableau_de_bord"), {"annee": 2026})
    assert r.status_code == 200
    corps = r.content.decode()
    assert "Passages par motif" in corps and "<svg" in corps
    assert "CCAS accueil" in corps  # every site of the network
    assert "secret" in corps


def test_an_encadrant_sees_only_the_sites_of_their_structure(client, eric, activite):
    client.force_login(eric)
    r = client.get(reverse("indicateurs:tableau_de_bord"), {"annee": 2026})
    assert r.status_code == 200
    corps = r.content.decode()
    assert "CCAS accueil" not in corps and "MSD de Cahors" in corps
    assert "Calculer les indicateurs" not in corps


def test_reception_staff_have_no_dashboard(client, alice):
    client.force_login(alice)
    assert client.get(reverse("indicateurs:tableau_de_bord")).status_code == 403


def test_exports_carry_the_same_numbers_with_small_cells_hidden(client, david, activite):
    from openpyxl import load_workbook

    client.force_login(david)
    r = client.get(reverse("indicateurs:export", kwargs={"table": "passages_motif", "format_": "csv"}), {"annee": 2026})
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    lignes = r.content.decode("utf-8-sig").splitlines()
    assert lignes[0] == "Libellé;Nombre"
    assert sum(ligne.endswith(";secret") for ligne in lignes) == 2  # 3 and, so that 3 cannot be deduced, 6
    r = client.get(
        reverse("indicateurs:export", kwargs={"table": "passages_canal", "format_": "xlsx"}), {"annee": 2026}
    )
    feuille = load_workbook(io.BytesIO(r.content)).active
    assert [c.value for c in feuille[3]] == ["Sur place", 9]
    assert client.get(reverse("indicateurs:export", kwargs={"table": "inconnu", "format_": "csv"})).status_code == 404


def test_the_lead_launches_a_computation_and_follows_its_progress(
    client, david, lot, lieu_a, django_capture_on_commit_callbacks
):
    client.force_login(david)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("indicateurs:calculer"), {"annee": 2025})
    with tenant_context(lot):
        calcul = Calcul.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("indicateurs:calcul", kwargs={"pk": calcul.pk})
    assert calcul.statut == StatutCalcul.TERMINE and calcul.etapes_faites == 5
    with tenant_context(lot):
        assert Instantane.objects.filter(calcul=calcul).count() == 5
    page = client.get(r["Location"])
    assert "Calcul terminé" in page.content.decode()
    fragment = client.get(r["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="progression"') and "hx-trigger" not in fragment


def test_a_computation_in_progress_is_polled(client, david, lot):
    with tenant_context(lot):
        c = f.CalculFactory(
            debut=date(2025, 1, 1),
            fin=date(2025, 12, 31),
            statut=StatutCalcul.EN_COURS,
            etapes_faites=2,
        )
    client.force_login(david)
    fragment = client.get(reverse("indicateurs:calcul", kwargs={"pk": c.pk}), HTTP_HX_REQUEST="true")
    corps = fragment.content.decode()
    assert 'hx-trigger="every 1s"' in corps and re.search(r'value="2"\s+max="5"', corps)


def test_a_bad_year_launches_nothing(client, david):
    client.force_login(david)
    r = client.post(reverse("indicateurs:calculer"), {"annee": "1850"}, follow=True)
    assert "rien n&#x27;a été lancé" in r.content.decode() or "rien n'a été lancé" in r.content.decode()
    with tenant_context(david.collectivite):
        assert not Calcul.objects.exists()


def test_targets_are_edited_per_year_and_bad_input_writes_nothing(client, david, lot):
    client.force_login(david)
    url = reverse("indicateurs:cibles") + "?annee=2021"
    r = client.post(url, {"couverture_valeur": "150", "satisfaction_valeur": "100"})
    assert r.status_code == 200 and "Rien n" in r.content.decode()
    with tenant_context(lot):
        assert not Cible.objects.exists()
    r = client.post(
        url, {"couverture_valeur": "100", "satisfaction_valeur": "100", "outils_libelle": "Liste à produire"}
    )
    assert r.status_code == 302
    with tenant_context(lot):
        assert dict(Cible.objects.filter(annee=2021).values_list("indicateur", "valeur")) == {
            Indicateur.COUVERTURE: 100,
            Indicateur.SATISFACTION: 100,
            Indicateur.OUTILS: None,
        }
    client.force_login(f.utilisateur(lot, f.StructureFactory(collectivite=lot), "encadrant"))
    assert client.post(url, {"couverture_valeur": "50"}).status_code == 403


def test_the_funders_report_is_rendered_by_the_worker_and_downloaded(
    client, david, lot, lieu_a, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    client.force_login(david)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("indicateurs:calculer"), {"annee": 2025})
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("indicateurs:demander_rapport"), {"annee": 2025})
    assert r.status_code == 302
    with tenant_context(lot):
        rapport = RapportCharte.objects.get()
    assert rapport.genere_le is not None
    r = client.get(reverse("indicateurs:rapport", kwargs={"pk": rapport.pk}))
    assert r["Content-Type"] == "application/pdf"
    texte = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(r.streaming_content))).pages)
    assert "indicateurs 2025" in texte and "Population à moins de 30 minutes" in texte


def test_a_structure_administrator_sees_the_dashboard_of_their_structure(client, emma, activite):
    from reseau.models import Membre

    client.force_login(emma)
    assert client.get(reverse("indicateurs:tableau_de_bord")).status_code == 403  # a partner, not its administrator
    with tenant_context(activite):
        Membre.objects.filter(utilisateur=emma).update(gestionnaire=True)
    r = client.get(reverse("indicateurs:tableau_de_bord"), {"annee": 2026})
    corps = r.content.decode()
    assert r.status_code == 200 and "de ma structure" in corps
    assert "CCAS accueil" in corps and "MSD de Cahors" not in corps
    assert 'href="/indicateurs/" aria-current="page">Tableau de bord</a>' in corps  # in the navigation


@pytest.mark.date_figee("2027-01-01 00:30")  # Paris has turned the year, UTC has not
def test_beat_computes_last_year_once_for_every_collectivite(lot, manche, lieu_a, django_capture_on_commit_callbacks):
    from indicateurs.tasks import planifier_indicateurs

    for _ in range(2):  # beat fired twice
        with django_capture_on_commit_callbacks(execute=True):
            planifier_indicateurs("annuelle")
    annee = timezone.localdate().year - 1
    for c in (lot, manche):
        with tenant_context(c):
            calcul = Calcul.objects.get()
            assert (calcul.debut, calcul.fin) == (date(annee, 1, 1), date(annee, 12, 31))
            assert calcul.statut == StatutCalcul.TERMINE and Instantane.objects.count() == 5


def test_the_lead_sets_the_travel_time_model_and_bad_input_writes_nothing(client, david, lot):
    from territoire.models import ParametresCouverture

    client.force_login(david)
    url = reverse("indicateurs:parametres_couverture")
    r = client.post(url, {"seuil_minutes": "30", "detour": "0.5", "vitesse_kmh": "50"})
    assert r.status_code == 200 and "Rien n" in r.content.decode()
    with tenant_context(lot):
        assert not ParametresCouverture.objects.exists()
    assert client.post(url, {"seuil_minutes": "20", "detour": "1.4", "vitesse_kmh": "50"}).status_code == 302
    with tenant_context(lot):
        p = ParametresCouverture.objects.get()
    assert (p.seuil_minutes, p.detour, p.vitesse_kmh, p.osrm_url) == (20, 1.4, 50, "")


def test_engineering_requests_are_one_more_rollup_source(client, david, lot, cahors):

    with tenant_context(lot):
        tis = f.TISFactory(collectivite=lot, nom="MSD de Cahors")
        for i, (type_projet, statut, niveau) in enumerate(
            [("epicerie_sociale", "en_cours", 1)] * 5
            + [("microcredit", "recue", None)] * 2
            + [("jardins_familiaux", "recue", None)] * 6
        ):
            f.DemandeFactory(
                commune=cahors,
                nom_demandeur=f"Mairie {i}",
                type_projet=type_projet,
                tis=tis,
                statut=statut,
                niveau=niveau,
                deposee_le=MARS,
            )
        statistiques.rafraichir(lot, date(2026, 1, 1), date(2026, 12, 31), sources=["ingenierie"])
    client.force_login(david)
    r = client.get("/api/statistiques/", {"source": "ingenierie", "dimension": "type", "annee": 2026}).json()
    cellules = {c["libelle"]: c["valeur"] for c in r["cellules"]}
    # 2 is hidden, and the smallest other cell (5) with it so that 2 cannot be deduced from the total
    assert cellules == {"Jardins familiaux": 6, "Épicerie sociale": None, "Microcrédit personnel": None}
    page = client.get(reverse("indicateurs:tableau_de_bord"), {"annee": 2026}).content.decode()
    assert "Demandes d&#x27;ingénierie par niveau" in page or "Demandes d'ingénierie par niveau" in page


def test_an_indicator_not_yet_computed_says_so_and_is_not_called_secret(client, david, lot, structure_a):
    client.force_login(david)
    corps = client.get(reverse("indicateurs:tableau_de_bord"), {"annee": 2026}).content.decode()
    tableau = corps.split("Indicateurs de la charte — 2026", 1)[1].split("</table>", 1)[0]
    assert "non calculé" in tableau and "secret" not in tableau


def test_distinct_persons_are_not_summed_over_sites(client, eric, activite):
    client.force_login(eric)  # an encadrant sees his structure's sites only
    r = client.get("/api/statistiques/", {"source": "personnes", "dimension": "mois", "annee": 2026})
    assert r.status_code == 400 and "tout le réseau" in r.content.decode()


def test_a_refresh_shows_its_figures_at_once_though_the_tables_are_memoised(client, david, activite, lieu_a, alice):
    client.force_login(david)
    url = reverse("indicateurs:tableau_de_bord")
    mars = '<th scope="row">03/2026</th><td>{}</td>'  # the table of « Passages par mois »
    assert mars.format(16) in client.get(url, {"annee": 2026}).content.decode()
    assert mars.format(16) in client.get(url, {"annee": 2026}).content.decode()  # shown again: the memoised table
    with tenant_context(activite):
        f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=MARS, canal="telephone")
        statistiques.rafraichir(activite, date(2026, 1, 1), date(2026, 12, 31))
    page = client.get(url, {"annee": 2026}).content.decode()
    assert mars.format(17) in page and mars.format(16) not in page


def test_the_territories_and_last_computations_read_with_the_rollups_are_the_collectivites_own(
    client, david, eric, lot, manche, activite
):
    """The dashboard reads its territories and its last computations in the rollups' round trip (plain SQL beside
    the ORM's): the lead sees their own, in order, and never another collectivité's."""
    with tenant_context(lot):
        for nom in ("MSD de Figeac", "MSD de Cahors"):
            f.TISFactory(collectivite=lot, nom=nom)
        Calcul.objects.create(collectivite=lot, debut=date(2025, 1, 1), fin=date(2025, 12, 31))
    with tenant_context(manche):
        f.TISFactory(collectivite=manche, nom="MSD de Saint-Lô")
        Calcul.objects.create(collectivite=manche, debut=date(2024, 1, 1), fin=date(2024, 12, 31))
    client.force_login(david)
    page = client.get(reverse("indicateurs:tableau_de_bord"), {"annee": 2026}).content.decode()
    options = re.findall(r'<option value="\d+">([^<]+)</option>', page.split('name="tis"')[1].split("</select>")[0])
    assert options == ["MSD de Cahors", "MSD de Figeac"]
    assert "Saint-Lô" not in page
    assert "01/01/2025 – 31/12/2025" in page and "01/01/2024" not in page
    client.force_login(eric)  # an encadrant: no territory filter, no computations
    page = client.get(reverse("indicateurs:tableau_de_bord"), {"annee": 2026}).content.decode()
    assert 'name="tis"' not in page and "Derniers calculs" not in page


def test_the_pages_reads_compiled_once_are_run_in_each_collectivite(client, david, zoe, lot, manche, activite):
    """docs/performance.md §15: the snapshots, territories and last computations are compiled once per process, then
    run in the collectivité of each request. The lead of the Lot is served first; the administrator of the Manche,
    served next by the same compiled reads, sees the Manche's and nothing of the Lot's."""
    with tenant_context(lot):
        f.TISFactory(collectivite=lot, nom="MSD de Figeac")
        Calcul.objects.create(collectivite=lot, debut=date(2025, 1, 1), fin=date(2025, 12, 31))
        f.InstantaneFactory(collectivite=lot, debut=date(2025, 1, 1), fin=date(2025, 12, 31), valeur=4747.0)
    with tenant_context(manche):
        f.TISFactory(collectivite=manche, nom="MSD de Saint-Lô")
        Calcul.objects.create(collectivite=manche, debut=date(2024, 1, 1), fin=date(2024, 12, 31))
        f.InstantaneFactory(collectivite=manche, debut=date(2025, 1, 1), fin=date(2025, 12, 31), valeur=8888.0)
    url = reverse("indicateurs:tableau_de_bord")
    chiffre = "{}\u202f{}".format  # as the page writes them: 4 747
    tb.lecture_figee.cache_clear()  # compiled by this test's first request, not by an earlier test's
    client.force_login(david)
    page = client.get(url, {"annee": 2026}).content.decode()
    assert "MSD de Figeac" in page and "01/01/2025 – 31/12/2025" in page and chiffre(4, 747) in page
    assert "Saint-Lô" not in page and "01/01/2024 – 31/12/2024" not in page and chiffre(8, 888) not in page
    client.force_login(zoe)
    page = client.get(url, {"annee": 2026}).content.decode()
    assert "MSD de Saint-Lô" in page and "01/01/2024 – 31/12/2024" in page and chiffre(8, 888) in page
    assert "Figeac" not in page and "01/01/2025 – 31/12/2025" not in page and chiffre(4, 747) not in page


def test_the_snapshots_read_with_the_rollups_are_the_collectivites_own_and_the_page_needs_two_round_trips(
    client, david, lot, manche, activite, django_assert_num_queries
):
    """docs/performance.md §16: the snapshots go in the rollups' message. The lead reads their own values, this year's
    and the trend's earlier years, never another collectivité's; the page then costs two round trips: the session
    with its user and their memberships, then the page's reads (the tenant's setting rides with them)."""
    with tenant_context(lot):
        for indicateur in Indicateur:
            f.InstantaneFactory(collectivite=lot, indicateur=indicateur.value, valeur=6161.0)
        f.InstantaneFactory(collectivite=lot, debut=date(2025, 1, 1), fin=date(2025, 12, 31), valeur=4747.0)
    with tenant_context(manche):
        f.InstantaneFactory(collectivite=manche, valeur=9393.0)
        f.InstantaneFactory(collectivite=manche, debut=date(2024, 1, 1), fin=date(2024, 12, 31), valeur=8888.0)
    client.force_login(david)
    url = reverse("indicateurs:tableau_de_bord")
    client.get(url, {"annee": 2026})  # the session's first write
    with django_assert_num_queries(2) as requetes:
        page = client.get(url, {"annee": 2026}).content.decode()
    assert sum("indicateurs_instantane" in q["sql"] and "indicateurs_agregat" in q["sql"] for q in requetes) == 1
    indicateurs = page.split("Indicateurs de la charte — 2026", 1)[1].split("</table>", 1)[0]
    tendances = page.split('id="t-tendances"')[1].split("</section>")[0]
    chiffre = "{}\u202f{}".format  # as the page writes them: 6 161
    assert chiffre(6, 161) in indicateurs and chiffre(4, 747) in tendances and chiffre(6, 161) in tendances
    assert not any(chiffre(*v) in page for v in ((9, 393), (8, 888))) and "2024" not in tendances
