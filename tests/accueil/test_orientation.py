import re

import pytest
from django.core import mail
from django.utils import timezone

from accueil import liens
from accueil.models import Orientation
from accueil.tasks import relancer_orientations
from collectivites.tenancy import tenant_context
from tests import factories as f

# Expiry after 30 days and a weekly reminder are read against today.
pytestmark = pytest.mark.date_figee


@pytest.fixture
def orientation(client, alice, lot, saisie, orientation_vers, structure_a2, django_capture_on_commit_callbacks):
    structure_a2.email = "accueil@ccas-cahors.fr"
    structure_a2.save()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accueil/passage/nouveau/", saisie(**orientation_vers()))
    client.logout()
    mail.outbox.clear()
    with tenant_context(lot):
        return Orientation.objects.get()


def lien(orientation):
    with tenant_context(orientation.collectivite):
        return f"/c/lot/orientation/{liens.lien_reponse(orientation)}/"


def rafraichir(o):
    with tenant_context(o.collectivite):
        return Orientation.objects.get(pk=o.pk)


def test_the_partner_accepts_through_the_link_and_the_sender_sees_it(
    client, orientation, alice, django_capture_on_commit_callbacks
):
    page = client.get(lien(orientation)).content.decode()
    assert "Demande d&#x27;aide alimentaire d&#x27;urgence." in page
    assert rafraichir(orientation).statut == "envoyee"  # opening the link changes nothing (a mail scanner does it)
    assert "Accuser réception" in page
    reponse = client.post(lien(orientation), {"decision": "recue"}, follow=True)
    assert "Réception confirmée" in reponse.content.decode() and rafraichir(orientation).statut == "recue"
    assert "Accuser réception" not in reponse.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(lien(orientation), {"decision": "acceptee", "commentaire": "RDV jeudi 10 h"})
    assert reponse.status_code == 302
    o = rafraichir(orientation)
    assert o.statut == "acceptee"
    with tenant_context(o.collectivite):
        assert [(e.de, e.vers, e.via_lien) for e in o.evenements.all()] == [
            ("", "envoyee", False),
            ("envoyee", "recue", True),
            ("recue", "acceptee", True),
        ]
    (message,) = mail.outbox
    assert message.to == [alice.email] and "acceptée" in message.subject
    client.force_login(alice)
    passage = client.get(f"/accueil/passages/{o.passage_id}/").content.decode()
    assert 'data-statut="acceptee">acceptée' in passage


def test_a_refusal_needs_a_reason_from_the_list(client, orientation):
    page = client.post(lien(orientation), {"decision": "refusee"}).content.decode()
    assert "Choisissez le motif du refus." in page
    assert rafraichir(orientation).statut == "envoyee"  # nothing written
    client.post(lien(orientation), {"decision": "refusee", "motif_refus": "hors_competence"})
    o = rafraichir(orientation)
    assert o.statut == "refusee" and o.get_motif_refus_display() == "Hors de nos compétences"


def test_the_link_answers_once(client, orientation):
    client.post(lien(orientation), {"decision": "refusee", "motif_refus": "capacite"})
    page = client.get(lien(orientation)).content.decode()
    assert "Cette orientation a reçu sa réponse : refusée." in page and "Accepter" not in page
    client.post(lien(orientation), {"decision": "acceptee"})
    assert rafraichir(orientation).statut == "refusee"


def test_a_tampered_link_is_refused(client, orientation):
    jeton = lien(orientation).split("/")[-2]
    reponse = client.get(f"/c/lot/orientation/{jeton[:-2]}xx/")
    assert reponse.status_code == 404 and "Ce lien n&#x27;est pas valide." in reponse.content.decode()
    assert rafraichir(orientation).statut == "envoyee"


def test_a_link_used_on_another_collectivites_address_is_refused(client, orientation, manche):
    reponse = client.get(lien(orientation).replace("/c/lot/", "/c/manche/"))
    assert reponse.status_code == 404


def test_a_revoked_link_is_refused(client, orientation):
    ancien = lien(orientation)
    with tenant_context(orientation.collectivite):
        Orientation.objects.filter(pk=orientation.pk).update(cle_lien="00000000-0000-0000-0000-000000000000")
    assert client.get(ancien).status_code == 404


def test_an_expired_link_is_refused(client, orientation):
    with tenant_context(orientation.collectivite):
        Orientation.objects.filter(pk=orientation.pk).update(echeance=timezone.now() - timezone.timedelta(days=1))
    reponse = client.get(lien(orientation))
    assert reponse.status_code == 404 and "Ce lien a expiré" in reponse.content.decode()


def test_the_receiving_structure_answers_in_the_app(client, orientation, chloe, bob):
    client.force_login(bob)  # the sending structure sees it but cannot answer
    page = client.get(f"/accueil/orientations/{orientation.pk}/").content.decode()
    assert "Répondre" not in page and rafraichir(orientation).statut == "envoyee"
    assert client.post(f"/accueil/orientations/{orientation.pk}/", {"decision": "acceptee"}).status_code == 404
    client.force_login(chloe)
    assert "Répondre" in client.get(f"/accueil/orientations/{orientation.pk}/").content.decode()
    assert rafraichir(orientation).statut == "envoyee"  # reading is not acknowledging
    client.post(f"/accueil/orientations/{orientation.pk}/", {"decision": "recue"})
    assert rafraichir(orientation).statut == "recue"
    client.post(f"/accueil/orientations/{orientation.pk}/", {"decision": "acceptee"})
    client.post(f"/accueil/orientations/{orientation.pk}/", {"decision": "realisee"})
    o = rafraichir(orientation)
    assert o.statut == "realisee"
    with tenant_context(o.collectivite):
        assert o.evenements.last().par == chloe
    page = client.post(f"/accueil/orientations/{orientation.pk}/", {"decision": "refusee", "motif_refus": "autre"})
    assert rafraichir(orientation).statut == "realisee"


def test_a_structure_outside_the_loop_does_not_see_the_orientation(client, orientation, lot, cahors):
    autre = f.StructureFactory(collectivite=lot, nom="CAF du Lot", type="caf", commune=cahors)
    intrus = f.utilisateur(lot, autre, "partenaire", email="caf@lot.test")
    client.force_login(intrus)
    assert client.get(f"/accueil/orientations/{orientation.pk}/").status_code == 404
    assert "CCAS de Cahors" not in client.get("/accueil/orientations/?sens=recues").content.decode()


def test_lists_of_orientations_sent_and_received(client, orientation, alice, chloe):
    client.force_login(alice)
    assert "1 orientation" in client.get("/accueil/orientations/?sens=envoyees").content.decode()
    assert "0 orientation" in client.get("/accueil/orientations/?sens=recues").content.decode()
    client.force_login(chloe)
    assert "1 orientation" in client.get("/accueil/orientations/?sens=recues").content.decode()


def test_reminders_then_expiry_run_by_the_scheduled_job(orientation, lot):
    with tenant_context(lot):
        Orientation.objects.filter(pk=orientation.pk).update(emise_le=timezone.now() - timezone.timedelta(days=8))
    assert relancer_orientations()["lot"] == {"expirees": 0, "relancees": 1, "arrivees_closes": 0}
    assert "Rappel" in mail.outbox[0].body and mail.outbox[0].to == ["accueil@ccas-cahors.fr"]
    assert relancer_orientations()["lot"] == {
        "expirees": 0,
        "relancees": 0,
        "arrivees_closes": 0,
    }  # idempotent: one reminder a week
    with tenant_context(lot):
        Orientation.objects.filter(pk=orientation.pk).update(echeance=timezone.now() - timezone.timedelta(minutes=1))
    assert relancer_orientations()["lot"]["expirees"] == 1
    o = rafraichir(orientation)
    assert o.statut == "expiree" and o.nombre_relances == 1


def test_the_deadline_follows_the_collectivites_setting(client, alice, lot, saisie, orientation_vers):
    lot.delai_expiration_orientation = 10
    lot.save()
    client.force_login(alice)
    client.post("/accueil/passage/nouveau/", saisie(**orientation_vers()))
    with tenant_context(lot):
        o = Orientation.objects.get()
    assert 9.9 < (o.echeance - o.emise_le).total_seconds() / 86400 < 10.1


def test_the_notification_is_sent_once(orientation, lot):
    from accueil.tasks import notifier_orientation

    assert notifier_orientation.apply(kwargs={"collectivite_id": lot.pk}, args=[orientation.pk]).get() == (
        "déjà notifiée"
    )
    assert mail.outbox == []


def test_the_email_escapes_free_text(
    client, alice, lot, saisie, orientation_vers, structure_a2, django_capture_on_commit_callbacks
):
    structure_a2.email = "accueil@ccas-cahors.fr"
    structure_a2.save()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accueil/passage/nouveau/",
            saisie(**orientation_vers(**{"orientation-service": "<img src=x onerror=alert(1)>"})),
        )
    html = mail.outbox[0].alternatives[0][0]
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_desk_links_to_orientations_only_for_who_may_open_them(client, lot, alice, helene, structure_a):
    """The child-protection role works at the desk but does not answer orientations: its desk shows no link that
    would end in « accès refusé »; reception's desk lists the orientation received, and its links open."""
    with tenant_context(lot):
        recue = f.OrientationFactory(structure_destinataire=structure_a)
    for user, voit in ((alice, True), (helene, False)):
        client.force_login(user)
        page = client.get("/accueil/").content.decode()
        liens_orientations = re.findall(r'href="(/accueil/orientations/[^"]*)"', page)
        assert bool(liens_orientations) is voit
        assert (f"/accueil/orientations/{recue.pk}/" in liens_orientations) is voit
        for lien_ in liens_orientations:
            assert client.get(lien_).status_code == 200


def test_a_passage_links_to_its_orientations_only_for_who_may_open_them(client, lot, alice, helene, structure_a):
    """The passage's page names its orientations to everyone who reads it; the link only where it opens."""
    with tenant_context(lot):
        envoyee = f.OrientationFactory(passage__lieu=f.LieuAccueilFactory(structure=structure_a), passage__agent=alice)
    for user, voit in ((alice, True), (helene, False)):
        client.force_login(user)
        page = client.get(f"/accueil/passages/{envoyee.passage_id}/").content.decode()
        assert f"Vers {envoyee.structure_destinataire.nom}" in page
        assert (f'href="/accueil/orientations/{envoyee.pk}/"' in page) is voit


def test_an_orientation_without_its_own_motif_carries_the_passages_first(orientation, motifs):
    # docs/accueil.md §1: one list less to walk at the desk
    assert orientation.motif_id == motifs["logement-hebergement"].pk
