"""Invitations by e-mail, structure administrators managing their members, leaving a structure."""

import re

import pytest
from django.core import signing

from collectivites.tenancy import tenant_context
from comptes.models import Utilisateur
from comptes.roles import Role
from reseau.models import Invitation, Membre, Structure


def _inviter(client, structure, email, role=Role.PARTENAIRE, gestionnaire=True, callbacks=None):
    donnees = {"email": email, "role": role}
    if gestionnaire:
        donnees["gestionnaire"] = "on"
    with callbacks(execute=True):
        return client.post(f"/reseau/structures/{structure.pk}/inviter/", donnees)


def _lien(message):
    return re.search(r"http://[^\s]+/c/lot/invitation/[^\s/]+/", message.body).group(0).split("8000", 1)[-1]


@pytest.fixture
def invitee(client, david, structure_a2, django_capture_on_commit_callbacks, mailoutbox):
    client.force_login(david)
    reponse = _inviter(client, structure_a2, "Direction@CCAS-Cahors.fr", callbacks=django_capture_on_commit_callbacks)
    assert reponse.status_code == 302
    client.logout()
    (message,) = mailoutbox
    return message


def test_the_lead_invites_and_the_person_joins_with_a_password(client, invitee, lot, structure_a2):
    assert invitee.to == ["direction@ccas-cahors.fr"] and "CCAS de Cahors" in invitee.subject
    lien = _lien(invitee)
    page = client.get(lien).content.decode()
    assert "Rejoindre CCAS de Cahors" in page and "direction@ccas-cahors.fr" in page
    reponse = client.post(
        lien,
        {"prenom": "Inès", "nom": "Martin", "mot_de_passe": "Ccas-Cahors-2026!", "confirmation": "Ccas-Cahors-2026!"},
    )
    assert reponse.status_code == 302
    assert "Bienvenue" in client.get("/").content.decode()  # logged in
    with tenant_context(lot):
        membre = Membre.objects.get(utilisateur__email="direction@ccas-cahors.fr")
        assert membre.structure == structure_a2 and membre.gestionnaire and membre.role == Role.PARTENAIRE
        assert Structure.objects.get(pk=structure_a2.pk).niveau_engagement == "mobilisee"
    # the link served once
    page = client.get(lien).content.decode()
    assert "déjà été acceptée" in page


def test_a_bad_password_or_a_forged_link_writes_nothing(client, invitee, lot):
    lien = _lien(invitee)
    page = client.post(lien, {"prenom": "Inès", "nom": "Martin", "mot_de_passe": "court", "confirmation": "autre"})
    assert "Les deux mots de passe ne sont pas identiques." in page.content.decode()
    assert not Utilisateur.objects.filter(email="direction@ccas-cahors.fr").exists()
    jeton = lien.rstrip("/").rsplit("/", 1)[-1]
    falsifie = signing.dumps({"i": 1, "c": "00000000-0000-0000-0000-000000000000"}, salt="reseau.invitation")
    for mauvais in (jeton[:-3] + "abc", falsifie):
        reponse = client.get(f"/c/lot/invitation/{mauvais}/")
        assert reponse.status_code == 404 and "pas valide" in reponse.content.decode()


def test_a_revoked_invitation_no_longer_works(client, invitee, david, lot):
    with tenant_context(lot):
        invitation = Invitation.objects.get()
    client.force_login(david)
    client.post(f"/reseau/invitations/{invitation.pk}/revoquer/")
    client.logout()
    reponse = client.get(_lien(invitee))
    assert reponse.status_code == 404 and "révoquée" in reponse.content.decode()


def test_a_structure_administrator_invites_staff_but_cannot_grant_more(
    client, emma, lot, structure_a, structure_a2, django_capture_on_commit_callbacks, mailoutbox
):
    with tenant_context(lot):
        Membre.objects.filter(utilisateur=emma).update(gestionnaire=True)
    client.force_login(emma)
    assert "Inviter une personne" in client.get(f"/reseau/structures/{structure_a2.pk}/").content.decode()
    reponse = _inviter(
        client, structure_a2, "agent@ccas.fr", Role.ACCUEIL, False, callbacks=django_capture_on_commit_callbacks
    )
    assert reponse.status_code == 302 and len(mailoutbox) == 1
    page = _inviter(
        client, structure_a2, "chef@ccas.fr", Role.CHEF_DE_PROJET, callbacks=django_capture_on_commit_callbacks
    ).content.decode()
    assert "Sélectionnez un choix valide" in page
    # not the administrator of another structure
    assert client.get(f"/reseau/structures/{structure_a.pk}/inviter/").status_code == 404
    # a second pending invitation to the same address is refused
    page = _inviter(
        client, structure_a2, "agent@ccas.fr", Role.ACCUEIL, False, callbacks=django_capture_on_commit_callbacks
    ).content.decode()
    assert "a déjà une invitation en attente" in page
    with tenant_context(lot):
        assert Invitation.objects.count() == 1


def test_a_plain_partner_cannot_invite(client, emma, structure_a2):
    client.force_login(emma)
    assert "Inviter une personne" not in client.get(f"/reseau/structures/{structure_a2.pk}/").content.decode()
    assert client.get(f"/reseau/structures/{structure_a2.pk}/inviter/").status_code == 404


def test_leaving_a_structure_ends_access_at_once(client, emma, alice, lot, structure_a2):
    client.force_login(emma)
    assert client.get("/accueil/orientations/").status_code == 200
    with tenant_context(lot):
        membre = Membre.objects.get(utilisateur=emma)
    reponse = client.post(f"/reseau/membres/{membre.pk}/retirer/")
    assert reponse.status_code == 302
    assert client.get("/accueil/orientations/").status_code == 403
    # and one cannot remove someone of another structure
    with tenant_context(lot):
        autre = Membre.objects.get(utilisateur=alice)
    client.force_login(alice)
    client.logout()
    client.force_login(emma)
    assert client.post(f"/reseau/membres/{autre.pk}/retirer/").status_code in (403, 404)
    with tenant_context(lot):
        assert Membre.objects.get(pk=autre.pk).date_fin is None


def test_an_administrator_removes_a_member(client, emma, chloe, lot, structure_a2):
    with tenant_context(lot):
        Membre.objects.filter(utilisateur=emma).update(gestionnaire=True)
        membre = Membre.objects.get(utilisateur=chloe)
    client.force_login(emma)
    client.post(f"/reseau/membres/{membre.pk}/retirer/")
    page = client.get(f"/reseau/structures/{structure_a2.pk}/").content.decode()
    assert "ne fait plus partie de CCAS de Cahors" in page and "Chloé" not in page.split("<h2>Membres")[1]
    client.force_login(chloe)
    assert client.get("/accompagnements/").status_code == 403
