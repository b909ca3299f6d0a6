"""The queue at the desk (docs/accueil.md §3): an arrival may carry a cue and its motif, shows how long the person
has waited, and the arrivals nobody took by the end of the day are closed as « parti sans être reçu »."""

from datetime import date

import pytest
from django.utils import timezone

from accueil.actions import do_clore_arrivees
from accueil.models import Passage
from collectivites.tenancy import tenant_context
from indicateurs import statistiques
from tests import factories as f

pytestmark = pytest.mark.date_figee


def arrivees(lot):
    with tenant_context(lot):
        return list(Passage.objects.order_by("pk").values_list("statut", "repere"))


def test_an_arrival_with_a_cue_and_a_motif_shows_in_the_queue(client, alice, lot, lieu_a, motifs):
    client.force_login(alice)
    reponse = client.post(
        "/accueil/arrivee/",
        {"lieu": lieu_a.pk, "repere": "Manteau rouge", "motif": motifs["emploi"].pk},
        follow=True,
    )
    page = reponse.content.decode()
    assert "Arrivée signalée à la MSD de Cahors." in page
    assert "Manteau rouge" in page
    assert "attend depuis" in page
    assert "Emploi, insertion professionnelle" in page


def test_an_arrival_needs_no_cue(client, alice, lot, lieu_a):
    client.force_login(alice)
    client.post("/accueil/arrivee/", {"lieu": lieu_a.pk})
    assert arrivees(lot) == [("en_attente", "")]


def test_a_too_long_cue_is_refused_by_name_and_nothing_is_written(client, alice, lot, lieu_a):
    client.force_login(alice)
    reponse = client.post("/accueil/arrivee/", {"lieu": lieu_a.pk, "repere": "x" * 61}, follow=True)
    assert "Repère (facultatif) : " in reponse.content.decode()
    assert arrivees(lot) == []


def test_an_unknown_site_is_refused(client, alice, lot):
    client.force_login(alice)
    reponse = client.post("/accueil/arrivee/", {"lieu": "abc"}, follow=True)
    assert "Choisissez un de vos lieux d&#x27;accueil." in reponse.content.decode()
    assert arrivees(lot) == []


def test_yesterdays_arrivals_are_closed_at_the_first_read_of_the_desk(client, alice, lot, lieu_a):
    hier = timezone.now() - timezone.timedelta(days=1)
    with tenant_context(lot):
        f.PassageFactory(lieu=lieu_a, agent=alice, en_attente=True, date_heure=hier, repere="Bonnet vert")
        f.PassageFactory(lieu=lieu_a, agent=alice, en_attente=True, repere="Écharpe bleue")
    client.force_login(alice)
    page = client.get("/accueil/").content.decode()
    assert "Écharpe bleue" in page and "Bonnet vert" not in page
    assert "En attente à la MSD de Cahors (1)" in page
    # closed, and its cue is gone: it served only while the person waited
    assert arrivees(lot) == [("parti", ""), ("en_attente", "Écharpe bleue")]


def test_the_hourly_task_closes_them_too_and_is_idempotent(lot, lieu_a, alice):
    with tenant_context(lot):
        f.PassageFactory(lieu=lieu_a, agent=alice, en_attente=True, date_heure=timezone.now() - timezone.timedelta(2))
        assert do_clore_arrivees() == 1
        assert do_clore_arrivees() == 0
    assert arrivees(lot) == [("parti", "")]


def test_receiving_an_arrival_clears_its_cue(client, alice, lot, lieu_a, saisie):
    with tenant_context(lot):
        arrivee = f.PassageFactory(lieu=lieu_a, agent=alice, en_attente=True, repere="Casquette")
    client.force_login(alice)
    client.post(f"/accueil/arrivee/{arrivee.pk}/prendre-en-charge/")
    client.post("/accueil/passage/nouveau/", saisie(arrivee=arrivee.pk))
    assert arrivees(lot) == [("termine", "")]


def test_those_who_left_without_being_received_are_counted(lot, lieu_a, alice):
    mars = timezone.make_aware(timezone.datetime(2026, 3, 10, 10))
    with tenant_context(lot):
        for _ in range(6):
            f.PassageFactory(lieu=lieu_a, agent=alice, en_attente=True, date_heure=mars)
        do_clore_arrivees()
        statistiques.rafraichir(lot, date(2026, 1, 1), date(2026, 12, 31))
        cellules = {
            r["libelle"]: r["valeur"]
            for r in statistiques.lire("passages", "issue", date(2026, 1, 1), date(2026, 12, 31), seuil=5)
        }
    assert cellules == {"Parti sans être reçu": 6}
