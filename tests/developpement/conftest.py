"""Questionnaire fixtures: the Cahors desk's satisfaction questionnaire built from the shipped template by Bob
(travailleur social of structure A), published at the MSD de Cahors."""

import pytest
from django.core.cache import caches

from collectivites.tenancy import tenant_context
from developpement import actions


@pytest.fixture(autouse=True)
def _debit_remis_a_zero(db):
    """The public form's rate limit counts in the shared cache (config/cache_debits.py): each test starts clean."""
    caches["debits"].clear()


@pytest.fixture
def satisfaction(lot, bob, structure_a):
    with tenant_context(lot):
        return actions.do_creer_questionnaire(
            bob,
            titre="Votre avis sur l'accueil",
            nature="satisfaction",
            structure=structure_a,
            introduction="Questionnaire anonyme.",
            modele="satisfaction",
        )


@pytest.fixture
def diffusion(lot, bob, satisfaction, lieu_a):
    import datetime

    from django.utils import timezone

    jour = timezone.localdate()
    with tenant_context(lot):
        return actions.do_publier(
            bob,
            satisfaction,
            lieu=lieu_a,
            ouvre_le=jour - datetime.timedelta(days=30),
            ferme_le=jour + datetime.timedelta(days=30),
        )


def questions_de(questionnaire):
    return {q.libelle: q for q in actions.version_courante(questionnaire).questions.all()}


def url_publique(diffusion):
    return f"/c/lot/questionnaire/{diffusion.jeton}/"


def texte(reponse):
    """The page as a reader reads it (HTML entities decoded)."""
    import html

    return html.unescape(reponse.content.decode())
