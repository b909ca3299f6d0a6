"""Issue 12 point 5: a signed link shows, a button acts. Opening a link sent by e-mail — as a mail scanner that
prefetches every link does, without cookies — writes nothing; every signed-link route of the project is covered."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from accueil import liens as liens_accueil
from accueil.models import Orientation
from collectivites.tenancy import tenant_context
from ingenierie import liens as liens_ingenierie
from ingenierie.models import Demande
from reseau import liens as liens_reseau
from reseau.models import Invitation
from tests import factories as f

pytestmark = pytest.mark.django_db


def _routes(resolver=None, prefixe=""):
    for motif in (resolver or get_resolver()).url_patterns:
        if isinstance(motif, URLResolver):
            yield from _routes(motif, prefixe + str(motif.pattern))
        elif isinstance(motif, URLPattern):
            yield prefixe + str(motif.pattern)


@pytest.fixture
def liens(lot, lieu_a, alice, structure_a2):
    """One URL per signed-link route, for a live object of the Lot."""
    with tenant_context(lot):
        orientation = f.OrientationFactory(passage=f.PassageFactory(lieu=lieu_a, agent=alice))
        demande = f.DemandeFactory(tis=f.TISFactory(collectivite=lot))
        invitation = f.InvitationFactory(structure=structure_a2, email="nouvelle@ccas-cahors.fr")
        suivi = f"/c/lot/ingenierie/suivi/{liens_ingenierie.lien_suivi(demande)}/"
        # a questionnaire's public link: a random token, not a signature, but the same rule (opening writes nothing)
        version = f.QuestionFactory().version
        questionnaire = f"/c/lot/questionnaire/{f.DiffusionFactory(questionnaire=version.questionnaire).jeton}/"
        return {
            "c/<slug:collectivite_slug>/orientation/<str:jeton>/": (
                f"/c/lot/orientation/{liens_accueil.lien_reponse(orientation)}/"
            ),
            "c/<slug:collectivite_slug>/invitation/<str:jeton>/": (
                f"/c/lot/invitation/{liens_reseau.lien_invitation(invitation)}/"
            ),
            "c/<slug:collectivite_slug>/ingenierie/suivi/<str:jeton>/": suivi,
            "c/<slug:collectivite_slug>/ingenierie/suivi/<str:jeton>/note.pdf": suivi + "note.pdf",
            "c/<slug:collectivite_slug>/ingenierie/suivi/<str:jeton>/documents/<int:document_id>/": (
                f"{suivi}documents/999999/"  # no such document: a 404, and still nothing written
            ),
            "c/<slug:collectivite_slug>/questionnaire/<str:jeton>/": questionnaire,
            "c/<slug:collectivite_slug>/questionnaire/<str:jeton>/merci/": questionnaire + "merci/",
        }


def _ecritures(requetes):
    return [q["sql"] for q in requetes if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_every_signed_link_route_is_checked(liens):
    """A new route taking a signed token must be added to the fixture above (and so be checked below)."""
    assert {r for r in _routes() if "<str:jeton>" in r} == set(liens)


@pytest.mark.parametrize("methode", ["get", "head"])
def test_opening_a_signed_link_writes_nothing(liens, lot, methode):
    scanner = Client()  # no cookie, no session: what a mail scanner is
    for route, url in liens.items():
        with CaptureQueriesContext(connection) as requetes:
            reponse = getattr(scanner, methode)(url)
        assert reponse.status_code in (200, 302, 404, 405), (route, reponse.status_code)
        assert _ecritures(requetes.captured_queries) == [], route
    with tenant_context(lot):
        assert Orientation.objects.get().statut == "envoyee"
        assert Demande.objects.get().statut == "recue"
        assert Invitation.objects.get().acceptee_le is None


def test_the_partner_acknowledges_with_a_button(client, liens, lot):
    url = liens["c/<slug:collectivite_slug>/orientation/<str:jeton>/"]
    page = client.get(url).content.decode()
    assert 'name="decision" value="recue"' in page and 'method="post"' in page
    client.post(url, {"decision": "recue"})
    with tenant_context(lot):
        orientation = Orientation.objects.get()
        assert orientation.statut == "recue"
        assert [(e.de, e.vers, e.via_lien) for e in orientation.evenements.order_by("pk")][-1] == (
            "envoyee",
            "recue",
            True,
        )
