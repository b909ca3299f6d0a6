"""The épicerie sociale's access card (docs/aides.md « Épicerie sociale »): its period from the decision, spending
against the ceiling with the person's participation, the review of the objectives at the end, on the application's
page."""

import datetime
import html
from decimal import Decimal

import pytest
from django.utils import timezone

from aides.models import AchatEpicerie, RevueObjectifs
from collectivites.tenancy import tenant_context
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def epicerie(lot, structure_a):
    with tenant_context(lot):
        return f.DispositifFactory(
            structure=structure_a,
            nom="Épicerie sociale",
            nature="epicerie",
            semaines_acces=12,
            plafond_depenses=300,
            taux_participation=20,
        )


def accorder(epicerie, bob, il_y_a_jours):
    demande = f.DemandeAideFactory(dispositif=epicerie, instructeur=bob, statut="accordee")
    f.DecisionFactory(
        demande=demande,
        decidee_par=bob,
        montant=300,
        objectifs="Désendettement",
        decidee_le=timezone.now() - datetime.timedelta(days=il_y_a_jours),
    )
    return demande


def page(client, reponse):
    return html.unescape(reponse.content.decode())


def test_spending_is_recorded_against_the_ceiling_with_the_participation(client, lot, epicerie, bob):
    with tenant_context(lot):
        demande = accorder(epicerie, bob, 30)
    debut = timezone.localdate() - datetime.timedelta(days=30)
    client.force_login(bob)
    texte = page(client, client.get(f"/aides/{demande.pk}/"))
    fin = debut + datetime.timedelta(weeks=12)
    assert f"Valable du {debut:%d/%m/%Y} au {fin:%d/%m/%Y}" in texte
    assert "0,00 € sur un plafond de 300,00 €" in texte
    aujourd_hui = timezone.localdate().isoformat()
    texte = page(
        client, client.post(f"/aides/{demande.pk}/achats/", {"date": aujourd_hui, "montant": "120"}, follow=True)
    )
    assert "120,00 € sur un plafond de 300,00 €" in texte and "il reste 180,00 €" in texte
    assert "Participation de la personne (20 %) : 24,00 €" in texte
    # above the ceiling: refused, named, nothing written
    texte = page(
        client, client.post(f"/aides/{demande.pk}/achats/", {"date": aujourd_hui, "montant": "200"}, follow=True)
    )
    assert "Montant des achats : il reste 180,00 € sur le plafond de 300,00 € de la carte." in texte
    # before the card opened, or a bad amount
    avant = (debut - datetime.timedelta(days=1)).isoformat()
    texte = page(client, client.post(f"/aides/{demande.pk}/achats/", {"date": avant, "montant": "10"}, follow=True))
    assert f"Date : la carte est valable du {debut:%d/%m/%Y} au {fin:%d/%m/%Y}." in texte
    texte = page(
        client, client.post(f"/aides/{demande.pk}/achats/", {"date": aujourd_hui, "montant": "-5"}, follow=True)
    )
    assert "Montant des achats : indiquez un montant positif." in texte
    texte = page(
        client, client.post(f"/aides/{demande.pk}/achats/", {"date": aujourd_hui, "montant": "abc"}, follow=True)
    )
    assert "Montant des achats (€) :" in texte
    with tenant_context(lot):
        assert list(AchatEpicerie.objects.values_list("montant", "participation")) == [(Decimal("120"), Decimal("24"))]
    # the objectives are reviewed at the end of the period only
    texte = page(client, client.post(f"/aides/{demande.pk}/revue/", {"resultat": "atteints"}, follow=True))
    assert f"Résultat : la revue des objectifs se fait à la fin de l'accès, le {fin:%d/%m/%Y}." in texte
    assert "seront revus à la fin de l'accès" in texte
    with tenant_context(lot):
        assert not RevueObjectifs.objects.exists()


def test_the_objectives_are_reviewed_once_at_the_end_of_the_period(client, lot, epicerie, bob, alice):
    with tenant_context(lot):
        demande = accorder(epicerie, bob, 100)
    client.force_login(bob)
    texte = page(client, client.get(f"/aides/{demande.pk}/"))
    assert "(période terminée)" in texte and "Enregistrer les achats" not in texte
    hier = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    texte = page(client, client.post(f"/aides/{demande.pk}/achats/", {"date": hier, "montant": "10"}, follow=True))
    assert "Date : la carte est valable du" in texte
    donnees = {"resultat": "partiellement", "commentaire": "Deux dettes sur trois soldées."}
    texte = page(client, client.post(f"/aides/{demande.pk}/revue/", donnees, follow=True))
    assert "Objectifs partiellement atteints" in texte and "Deux dettes sur trois soldées." in texte
    texte = page(client, client.post(f"/aides/{demande.pk}/revue/", {"resultat": "atteints"}, follow=True))
    assert "Résultat : les objectifs de cette aide ont déjà été revus." in texte
    texte = page(client, client.post(f"/aides/{demande.pk}/revue/", {"resultat": "n'importe"}, follow=True))
    assert "Résultat :" in texte
    with tenant_context(lot):
        assert RevueObjectifs.objects.count() == 1
    # reception is outside the need-to-know: no page, no write
    client.force_login(alice)
    assert client.post(f"/aides/{demande.pk}/achats/", {"date": hier, "montant": "10"}).status_code == 404


def test_only_an_epicerie_has_a_card(client, lot, secours, bob):
    with tenant_context(lot):
        demande = f.DemandeAideFactory(dispositif=secours, instructeur=bob, statut="accordee")
        f.DecisionFactory(demande=demande, decidee_par=bob, montant=100)
    client.force_login(bob)
    texte = page(client, client.get(f"/aides/{demande.pk}/"))
    assert "Carte d'accès à l'épicerie sociale" not in texte
    aujourd_hui = timezone.localdate().isoformat()
    texte = page(
        client, client.post(f"/aides/{demande.pk}/achats/", {"date": aujourd_hui, "montant": "10"}, follow=True)
    )
    assert "Seule une aide d'épicerie sociale a une carte d'accès." in texte
    with tenant_context(lot):
        assert not AchatEpicerie.objects.exists()
