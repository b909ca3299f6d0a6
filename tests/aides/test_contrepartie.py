"""Bourse au permis: counterpart hours planned by the instructing professional, declared done, then validated — or
refused with a reason — by a person of the host structure (docs/aides.md « Bourse au permis »)."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aides import actions
from aides.models import HeuresContrepartie
from collectivites.tenancy import tenant_context
from comptes.roles import Role
from reseau.enums import TypeStructure
from tests import factories as f
from usagers.models import JournalAcces

from .conftest import accorder

pytestmark = [pytest.mark.django_db, pytest.mark.date_figee("2026-10-15 10:00")]

JOUR = datetime.date(2026, 10, 1)


@pytest.fixture
def association(lot, cahors):
    return f.StructureFactory(
        collectivite=lot, nom="Les Jardins partagés", type=TypeStructure.ASSOCIATION, commune=cahors
    )


@pytest.fixture
def gaspard(lot, association):
    """A volunteer coordinator of the host association: no role that reads supports or aids."""
    return f.utilisateur(lot, association, Role.PARTENAIRE, prenom="Gaspard", nom="Lagarde", email="gaspard@lot.test")


@pytest.fixture
def permis(lot, eric, fanny, bob, structure_a, jeanne, situation_jeanne, commission):
    """Jeanne's bourse au permis, granted with 10 counterpart hours."""
    with tenant_context(lot):
        dispositif = actions.do_creer_dispositif(
            eric,
            structure_a,
            {
                "nom": "Bourse au permis",
                "nature": "permis",
                "budget_annuel": Decimal("5000"),
                "plafond_foyer": Decimal("800"),
                "heures_contrepartie": 10,
            },
        )
        demande = actions.do_deposer(bob, jeanne, dispositif, {"objet": "Permis B", "montant_demande": Decimal("800")})
        actions.do_inscrire(eric, commission, demande)
        return actions.do_decider(fanny, commission, demande, accorder("800"))


def _prevoir(user, decision, heures, hote, jour=JOUR):
    return actions.do_prevoir_heures(user, decision, {"date": jour, "heures": Decimal(heures), "structure_hote": hote})


def _erreur(fonction, *args):
    with pytest.raises(ValidationError) as e:
        fonction(*args)
    return e.value.message_dict


def test_planned_then_declared_then_validated_by_the_host(lot, permis, bob, gaspard, association, eric):
    with tenant_context(lot):
        h = _prevoir(bob, permis, "7", association)
        assert h.est_prevue
        # beyond the hours agreed, negative hours, no host: a French error naming the field, nothing written
        assert _erreur(_prevoir, bob, permis, "4", association)["heures"] == [
            "Heures : 7 h déjà prévues ou faites sur les 10 h convenues, il en reste 3."
        ]
        assert _erreur(_prevoir, bob, permis, "-2", association)["heures"] == [
            "Heures : un nombre d'heures positif est attendu."
        ]
        assert "structure_hote" in _erreur(_prevoir, bob, permis, "2", None)
        assert HeuresContrepartie.objects.count() == 1
        # planned for a later day: declared once that day has come
        plus_tard = _prevoir(bob, permis, "2", association, datetime.date(2026, 10, 20))
        assert _erreur(actions.do_declarer_heures, bob, plus_tard)["date"] == [
            "Date : ces heures sont prévues le 20/10/2026, elles se déclarent une fois faites."
        ]
        # not yet declared: the host cannot validate
        assert "pas encore déclarées faites" in _erreur(actions.do_valider_heures, gaspard, h)["decision"][0]
        assert _erreur(actions.do_declarer_heures, bob, h, Decimal("8"))["heures"] == [
            "Heures faites : au plus les 7 h prévues ce jour-là."
        ]
        h = actions.do_declarer_heures(bob, h, Decimal("6"))
        assert h.est_faite and h.heures == Decimal("6")
        # only a person of the host validates — not the instructing professional, not the scheme's encadrant
        for autre in (bob, eric):
            with pytest.raises(PermissionDenied):
                actions.do_valider_heures(autre, h)
        h = actions.do_valider_heures(gaspard, h)
        assert h.est_validee and h.validee_par == gaspard
        assert _erreur(actions.do_valider_heures, gaspard, h)["decision"] == [
            "Décision : ces heures ont déjà été validées le 15/10/2026 par Gaspard Lagarde."
        ]
        assert "déjà été validées" in _erreur(actions.do_refuser_heures, gaspard, h, "Absent")["decision"][0]


def test_refused_hours_need_a_reason_and_no_longer_count(lot, permis, bob, gaspard, association):
    with tenant_context(lot):
        h = actions.do_declarer_heures(gaspard, _prevoir(bob, permis, "10", association))  # the host declares too
        assert _erreur(actions.do_refuser_heures, gaspard, h, "  ")["motif_refus"] == [
            "Motif du refus : dites pourquoi ces heures ne sont pas validées."
        ]
        h = actions.do_refuser_heures(gaspard, h, "La personne n'est pas venue.")
        assert h.est_refusee and h.motif_refus == "La personne n'est pas venue."
        _prevoir(bob, permis, "10", association)  # the refused hours freed the total agreed
        assert "heures" in _erreur(_prevoir, bob, permis, "1", association)


def test_the_host_page_the_application_page_and_the_person_file(
    client, lot, permis, bob, gaspard, association, alice, jeanne
):
    demande = permis.demande
    client.force_login(bob)
    url = f"/aides/{demande.pk}/heures/"
    texte = html.unescape(
        client.post(
            url, {"date": "2026-10-01", "heures": "-3", "structure_hote": association.pk}, follow=True
        ).content.decode()
    )
    assert "Heures : Assurez-vous que cette valeur est supérieure ou égale à 0.5." in texte
    client.post(url, {"date": "2026-10-01", "heures": "3.5", "structure_hote": association.pk, "hote": "Potager"})
    with tenant_context(lot):
        h = HeuresContrepartie.objects.get()
    texte = html.unescape(client.get(f"/aides/{demande.pk}/").content.decode())
    assert "3,5 h aux Jardins partagés — Potager — prévues" in texte
    client.post(f"/aides/{demande.pk}/heures/{h.pk}/declarer/")
    # the host's page, from the menu: the person's name, the date, the hours — and the read is logged
    client.force_login(gaspard)
    assert 'href="/aides/contreparties/">Heures de contrepartie' in client.get("/", follow=True).content.decode()
    texte = html.unescape(client.get("/aides/contreparties/").content.decode())
    assert str(jeanne) in texte and "3,5 h" in texte and "Permis B" not in texte  # nothing of the application
    with tenant_context(lot):
        assert JournalAcces.objects.filter(utilisateur=gaspard).concernant(jeanne).exists()
    assert client.get(f"/aides/{demande.pk}/").status_code == 404  # the host never opens the application
    texte = html.unescape(
        client.post(f"/aides/contreparties/{h.pk}/valider/", {"decision": "refuser"}, follow=True).content.decode()
    )
    assert "Motif du refus : dites pourquoi" in texte
    client.post(f"/aides/contreparties/{h.pk}/valider/", {"decision": "valider"})
    texte = html.unescape(
        client.post(f"/aides/contreparties/{h.pk}/valider/", {"decision": "valider"}, follow=True).content.decode()
    )
    assert "ces heures ont déjà été validées" in texte
    # another structure's people never see nor validate them
    client.force_login(alice)
    assert "Heures de contrepartie" not in client.get("/", follow=True).content.decode()
    assert str(jeanne) not in client.get("/aides/contreparties/?statut=").content.decode()
    assert client.post(f"/aides/contreparties/{h.pk}/valider/", {"decision": "valider"}).status_code == 404
    # the follow-up and the person file show the validated total
    client.force_login(bob)
    texte = html.unescape(client.get(f"/aides/{demande.pk}/").content.decode())
    assert "3,5 h validées par la structure d'accueil sur 10 h convenues" in texte
    assert "heures de contrepartie validées : 3,5 h sur 10 h" in html.unescape(
        client.get(f"/usagers/{jeanne.pk}/").content.decode()
    )
    client.force_login(alice)  # the reception desk learns that an aid exists, nothing more
    assert "heures de contrepartie validées" not in client.get(f"/usagers/{jeanne.pk}/").content.decode()
