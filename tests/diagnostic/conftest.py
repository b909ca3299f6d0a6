"""Diagnostic fixtures: a diagnostic of Cahors opened by David (chef de projet of structure A), Emma (partenaire of
the CCAS) invited to it."""

import html

import pytest

from collectivites.tenancy import tenant_context
from diagnostic import actions


@pytest.fixture
def diagnostic(lot, david, cahors):
    with tenant_context(lot):
        return actions.do_ouvrir(
            david,
            titre="Diagnostic de Cahors",
            commanditaire="Mairie de Cahors",
            type_territoire="communes",
            communes=[cahors],
        )


@pytest.fixture
def invitee(lot, david, emma, diagnostic):
    with tenant_context(lot):
        actions.do_inviter(david, diagnostic, emma)
    return emma


def texte(reponse):
    """The page as a reader reads it (HTML entities decoded)."""
    return html.unescape(reponse.content.decode())
