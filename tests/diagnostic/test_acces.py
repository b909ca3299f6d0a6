"""Who reads and writes a diagnostic (docs/diagnostic.md §7): the team (project leads and encadrants), the partners
invited to it, nobody else; another collectivité's diagnostic is a 404 (the route sweep covers every route)."""

import pytest

from collectivites.tenancy import tenant_context
from diagnostic.access import diagnostics_visibles_par, peut_voir_diagnostics
from tests import factories as f

from .conftest import texte

pytestmark = pytest.mark.django_db


def test_the_team_sees_every_diagnostic_and_others_only_those_they_are_invited_to(
    lot, cast_a, diagnostic, david, eric, bob, emma, chloe
):
    with tenant_context(lot):
        assert list(diagnostics_visibles_par(david)) == [diagnostic]
        assert list(diagnostics_visibles_par(eric)) == [diagnostic]
        for user in (bob, emma, chloe):
            assert not diagnostics_visibles_par(user).exists()
            assert not peut_voir_diagnostics(user)
        f.InvitationDiagnosticFactory(diagnostic=diagnostic, utilisateur=emma, invite_par=david)
        assert list(diagnostics_visibles_par(emma)) == [diagnostic]
        assert peut_voir_diagnostics(emma)


def test_a_user_not_invited_gets_a_404_and_an_invited_partner_reads_without_writing(
    client, lot, diagnostic, bob, invitee
):
    url = f"/diagnostic/{diagnostic.pk}/"
    client.force_login(bob)
    assert client.get(url).status_code == 404
    assert client.get("/diagnostic/").status_code == 200
    assert "Diagnostic de Cahors" not in texte(client.get("/diagnostic/"))

    client.force_login(invitee)
    page = texte(client.get(url))
    assert "Diagnostic de Cahors" in page and "Commenter ou proposer un amendement" in page
    assert "Enregistrer la synthèse" not in page and "Partager la version" not in page
    assert client.post(url, {"synthese": "Réécrit par un partenaire"}).status_code == 403
    assert client.post(f"/diagnostic/{diagnostic.pk}/partager/").status_code == 403
    assert client.post(f"/diagnostic/{diagnostic.pk}/acteurs/", {"nom": "X", "nature": "autre"}).status_code == 403
    assert client.get("/diagnostic/nouveau/").status_code == 403
    with tenant_context(lot):
        assert diagnostic.versions.get().synthese == ""
        assert not diagnostic.acteurs.exists()


def test_the_navigation_shows_the_entry_to_the_team_and_invited_partners_only(client, diagnostic, david, bob, invitee):
    for user, attendu in ((david, True), (invitee, True), (bob, False)):
        client.force_login(user)
        assert ("Diagnostics de territoire" in texte(client.get("/"))) is attendu, user


def test_another_collectivites_diagnostic_is_a_404_even_for_the_team(client, manche, david, zoe):
    with tenant_context(manche):
        autre = f.DiagnosticFactory(ouvert_par=zoe, communes=[f.CommuneFactory(code="50502", nom="Saint-Lô")])
    client.force_login(david)
    assert client.get(f"/diagnostic/{autre.pk}/").status_code == 404
    assert client.get(f"/diagnostic/{autre.pk}/donnees/").status_code == 404
