"""Every list of the diagnostic paginates (docs/diagnostic.md §1): on the document's page, the problématiques, the
comments, the versions and the PDFs each turn their own pages; on the expressed demand, the grids and interviews."""

import pytest

from collectivites.tenancy import tenant_context
from diagnostic import actions

from .conftest import texte

pytestmark = pytest.mark.django_db


def test_the_problematiques_and_the_comments_of_the_document_page_turn_their_own_pages(
    client, lot, david, invitee, diagnostic
):
    with tenant_context(lot):
        version = diagnostic.versions.get()
        for n in range(1, 31):
            actions.do_ajouter_problematique(david, version, titre=f"Problématique n°{n:02d}", constat="Constat.")
        for n in range(1, 28):
            actions.do_commenter(invitee, version, texte=f"Remarque n°{n:02d} du partenaire")
    client.force_login(invitee)
    page = texte(client.get(f"/diagnostic/{diagnostic.pk}/"))
    # The comment form still offers every problématique as its target: the list is what pages.
    assert "25. Problématique n°25" in page and "26. Problématique n°26" not in page
    assert "Remarque n°25 du partenaire" in page and "Remarque n°26" not in page
    assert "Page 1 sur 2 (30 résultats)" in page and "Page 1 sur 2 (27 résultats)" in page
    assert 'aria-label="Pagination : problématiques"' in page and 'aria-label="Pagination : commentaires"' in page
    assert "?page_problematiques=2" in page and "?page_commentaires=2" in page

    suite = texte(client.get(f"/diagnostic/{diagnostic.pk}/?page_problematiques=2"))
    assert "26. Problématique n°26" in suite and "30. Problématique n°30" in suite
    assert "25. Problématique n°25" not in suite
    # The comments stay on their first page, and their link keeps the problématiques' page.
    assert "Remarque n°01 du partenaire" in suite and "Remarque n°26" not in suite
    assert "?page_problematiques=2&page_commentaires=2" in suite

    fin = texte(client.get(f"/diagnostic/{diagnostic.pk}/?page_problematiques=2&page_commentaires=2"))
    assert "26. Problématique n°26" in fin and "Remarque n°27 du partenaire" in fin and "Remarque n°01" not in fin
    # A page out of range shows the last one, a malformed one the first: never an error.
    assert "Remarque n°27" in texte(client.get(f"/diagnostic/{diagnostic.pk}/?page_commentaires=99"))
    assert "Remarque n°01" in texte(client.get(f"/diagnostic/{diagnostic.pk}/?page_commentaires=abc"))


def test_the_interview_grids_of_the_expressed_demand_paginate(client, lot, david, invitee, diagnostic):
    with tenant_context(lot):
        for n in range(1, 28):
            actions.do_ajouter_grille(
                david, diagnostic, type="individuel", titre=f"Grille n°{n:02d}", questions="Une question"
            )
    client.force_login(invitee)  # the team's interview form would list every grid
    page = texte(client.get(f"/diagnostic/{diagnostic.pk}/demande-exprimee/"))
    assert "Grille n°25" in page and "Grille n°26" not in page and "Page 1 sur 2 (27 résultats)" in page
    suite = texte(client.get(f"/diagnostic/{diagnostic.pk}/demande-exprimee/?page_grilles=2"))
    assert "Grille n°27" in suite and "Grille n°01" not in suite
