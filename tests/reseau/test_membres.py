"""Invitations by e-mail, structure administrators managing their members, leaving a structure."""

import re

import pytest
from django.core import signing
from django.core.exceptions import ValidationError

from collectivites.tenancy import tenant_context
from comptes.models import Utilisateur
from comptes.roles import Role
from reseau.actions.membres import do_inviter
from reseau.models import Invitation, Membre, Structure
from tests import factories as f


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
    assert "Rejoindre le CCAS de Cahors" in page and "direction@ccas-cahors.fr" in page
    reponse = client.post(
        lien,
        {"prenom": "Inès", "nom": "Martin", "mot_de_passe": "Ccas-Cahors-2026!", "confirmation": "Ccas-Cahors-2026!"},
    )
    assert reponse.status_code == 302
    # logged in, and sent to enrol a second factor before anything else (docs/securite.md §16)
    accueil = client.get("/", follow=True)
    assert accueil.redirect_chain[-1][0].startswith("/comptes/second-facteur/enrolement/")
    assert "Bienvenue" in accueil.content.decode()
    with tenant_context(lot):
        membre = Membre.objects.get(utilisateur__email="direction@ccas-cahors.fr")
        assert membre.structure == structure_a2 and membre.gestionnaire and membre.role == Role.PARTENAIRE
        assert Structure.objects.get(pk=structure_a2.pk).niveau_engagement == "mobilisee"
    # the link served once (asked from another browser: this session must first pass its second factor)
    page = type(client)().get(lien).content.decode()
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
        client, structure_a2, "agent@ccas.fr", Role.PARTENAIRE, False, callbacks=django_capture_on_commit_callbacks
    )
    assert reponse.status_code == 302 and len(mailoutbox) == 1
    # a partner administrator cannot create accounts that read persons' files
    for role in (Role.ACCUEIL, Role.CHEF_DE_PROJET):
        page = _inviter(client, structure_a2, "x@ccas.fr", role, callbacks=django_capture_on_commit_callbacks)
        assert "Sélectionnez un choix valide" in page.content.decode()
    emma.refresh_from_db()
    with tenant_context(lot), pytest.raises(ValidationError, match="ne pouvez pas donner ce rôle"):
        do_inviter(emma, structure_a2, "x@ccas.fr", Role.ACCUEIL)
    # not the administrator of another structure
    assert client.get(f"/reseau/structures/{structure_a.pk}/inviter/").status_code == 404
    # a second pending invitation to the same address is refused
    page = _inviter(
        client, structure_a2, "agent@ccas.fr", Role.PARTENAIRE, False, callbacks=django_capture_on_commit_callbacks
    ).content.decode()
    assert "a déjà une invitation en attente" in page
    with tenant_context(lot):
        assert Invitation.objects.count() == 1


def test_the_network_lead_cannot_hand_out_access_to_persons_files(client, david, fanny, lot, structure_a2):
    with tenant_context(lot):
        for role in (Role.PROTECTION_ENFANCE, Role.ACCUEIL, Role.ADMINISTRATEUR):
            with pytest.raises(ValidationError, match="ne pouvez pas donner ce rôle"):
                do_inviter(david, structure_a2, "pirate@exemple.fr", role)
        with pytest.raises(ValidationError, match="vous inviter vous-même"):
            do_inviter(david, structure_a2, david.email, Role.PARTENAIRE)
        # the collectivité's administrator can
        assert do_inviter(fanny, structure_a2, "agent@ccas.fr", Role.ACCUEIL).role == Role.ACCUEIL


def test_an_address_of_another_collectivite_gets_a_neutral_refusal(client, david, zoe, lot, structure_a2):
    with tenant_context(lot), pytest.raises(ValidationError) as erreur:
        do_inviter(david, structure_a2, zoe.email, Role.PARTENAIRE)
    assert "autre collectivité" not in str(erreur.value) and "ne peut pas être invitée" in str(erreur.value)


def test_an_existing_account_accepts_only_once_logged_in(
    client, david, alice, lot, structure_a2, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(david)
    _inviter(client, structure_a2, alice.email, Role.PARTENAIRE, False, callbacks=django_capture_on_commit_callbacks)
    client.logout()
    lien = _lien(mailoutbox[0])
    assert client.post(lien).url.startswith("/comptes/connexion/?next=/c/lot/invitation/")
    with tenant_context(lot):
        assert not Membre.objects.filter(utilisateur=alice, structure=structure_a2).exists()
    client.force_login(alice)
    assert client.post(lien).status_code == 302
    with tenant_context(lot):
        assert Membre.objects.actifs().filter(utilisateur=alice, structure=structure_a2, role="partenaire").exists()


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
    assert client.post(f"/reseau/membres/{autre.pk}/retirer/").status_code == 403  # no longer in the network
    with tenant_context(lot):
        assert Membre.objects.get(pk=autre.pk).date_fin is None


def test_a_structure_administrator_removes_a_partner_but_not_a_higher_role(client, emma, chloe, lot, structure_a2):
    collegue = f.utilisateur(lot, structure_a2, Role.PARTENAIRE, prenom="Louis", email="louis@lot.test")
    with tenant_context(lot):
        Membre.objects.filter(utilisateur=emma).update(gestionnaire=True)
        membre = Membre.objects.get(utilisateur=collegue)
        travailleuse = Membre.objects.get(utilisateur=chloe)
    client.force_login(emma)
    client.post(f"/reseau/membres/{membre.pk}/retirer/")
    page = client.get(f"/reseau/structures/{structure_a2.pk}/").content.decode()
    assert "ne fait plus partie du CCAS de Cahors" in page and "Louis" not in page.split("<h2>Membres")[1]
    assert client.post(f"/reseau/membres/{travailleuse.pk}/retirer/").status_code == 403
    client.force_login(collegue)
    assert client.get("/accueil/orientations/").status_code == 403


def test_a_referent_cannot_leave_before_being_replaced_and_others_leave_their_groups(
    client, bob, chloe, soutien, lot, structure_a2
):
    from accompagnement.models import MembreGroupe

    with tenant_context(lot):
        f.MembreGroupeFactory(accompagnement=soutien, utilisateur=chloe, structure=structure_a2)
        membre_bob = Membre.objects.get(utilisateur=bob)
        membre_chloe = Membre.objects.get(utilisateur=chloe)
    client.force_login(bob)
    client.post(f"/reseau/membres/{membre_bob.pk}/retirer/")
    with tenant_context(lot):
        assert Membre.objects.get(pk=membre_bob.pk).date_fin is None  # refused: referent of an open support
    assert "doit d&#x27;abord désigner un autre référent" in client.get("/", follow=True).content.decode()
    client.force_login(chloe)
    assert client.get(f"/accompagnements/{soutien.pk}/").status_code == 200
    client.post(f"/reseau/membres/{membre_chloe.pk}/retirer/")
    with tenant_context(lot):
        groupe = MembreGroupe.objects.get(utilisateur=chloe)
        assert groupe.motif_fin == "depart" and not MembreGroupe.objects.actifs().filter(utilisateur=chloe).exists()


def test_the_last_administrator_cannot_leave(client, fanny, lot):
    with tenant_context(lot):
        membre = Membre.objects.get(utilisateur=fanny)
    client.force_login(fanny)
    client.post(f"/reseau/membres/{membre.pk}/retirer/")
    with tenant_context(lot):
        assert Membre.objects.get(pk=membre.pk).date_fin is None


def test_an_invited_administrator_needs_a_longer_password(
    client, fanny, lot, structure_a, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(fanny)
    _inviter(client, structure_a, "admin2@lot.test", Role.ADMINISTRATEUR, callbacks=django_capture_on_commit_callbacks)
    client.logout()
    lien = _lien(mailoutbox[0])
    page = client.post(
        lien, {"prenom": "Jo", "nom": "Admin", "mot_de_passe": "Lot-Admin-2026", "confirmation": "Lot-Admin-2026"}
    ).content.decode()
    assert "16 caractères au moins" in page
    assert not Utilisateur.objects.filter(email="admin2@lot.test").exists()
