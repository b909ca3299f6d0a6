"""The social worker's journey: open a support from a person's file, build a plan of two objectives and three actions,
record a home visit with a private note, mark an action done, download the plan PDF; a social worker of another
structure added to the group sees the plan but not the private note; removed from the group, sees only that a
support exists. On the way (issue 14): the social worker lands on the caseload; the person strip names every member
of the group with how to reach them; a second support of the same type warns and links the first."""

import re

from playwright.sync_api import expect

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context
from tests import factories as f

from .test_parcours_fondation import se_connecter


def test_a_support_from_opening_to_pdf(page, demo, axe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lot = Collectivite.objects.get(slug="lot")
    with tenant_context(lot):
        usager = f.UsagerFactory(prenom="Gaëlle", nom="Vayssière", date_naissance="1980-03-14")
    se_connecter(page, "travailleur-social@lot.demo.fr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mes accompagnements")
    expect(page.get_by_role("link", name="Ouvrir le guichet")).to_have_count(0)
    # from a passage where the person asked for help with her budget
    page.goto("/accueil/passage/nouveau/")
    page.get_by_label(re.compile("Identifier la personne")).fill("Vaissiere")
    page.get_by_role("button", name=re.compile("Gaëlle VAYSSIÈRE")).click()
    page.get_by_label("Budget, surendettement", exact=True).check()
    page.get_by_label("Accompagnement proposé", exact=True).check()
    page.get_by_role("button", name="Enregistrer le passage").click()
    expect(page.get_by_text("Passage enregistré.")).to_be_visible()
    page.get_by_role("link", name="Ouvrir un accompagnement").click()
    page.get_by_label("Type d'accompagnement").select_option(label="Accompagnement budgétaire")
    page.get_by_role("button", name="Ouvrir l'accompagnement").click()
    expect(page.get_by_text("Accompagnement ouvert")).to_be_visible()
    accompagnement_url = page.url.split("#")[0]

    page.get_by_label("Nouveau thème").fill("Budget")
    page.get_by_role("button", name="Ajouter le thème").click()
    for objectif in ("Résorber la dette d'énergie", "Constituer une épargne de précaution"):
        page.get_by_text("Ajouter un objectif au thème « Budget »").click()
        page.get_by_label("Objectif", exact=True).fill(objectif)
        page.get_by_role("button", name="Ajouter l'objectif").click()
    for objectif, action in (
        ("Résorber la dette d'énergie", "Demander le FSL énergie"),
        ("Résorber la dette d'énergie", "Négocier un échéancier"),
        ("Constituer une épargne de précaution", "Ouvrir un livret A"),
    ):
        page.get_by_text(f"Ajouter une action à « {objectif} »").click()
        bloc = page.locator("details", has=page.get_by_text(f"Ajouter une action à « {objectif} »"))
        bloc.get_by_label("Action", exact=True).fill(action)
        bloc.get_by_role("button", name="Ajouter l'action").click()
    expect(page.locator("#plan tbody tr")).to_have_count(3)
    axe.verifier(page, "accompagnement-plan")

    page.get_by_role("button", name="Consigner un entretien").click()
    page.get_by_role("radio", name="À domicile").check()
    page.get_by_label("Adresse de la visite (visite à domicile)").fill("12 chemin des Vignes, Cahors")
    page.get_by_label("Synthèse partagée avec le groupe de suivi").fill("Factures rassemblées, dossier FSL prêt.")
    page.get_by_label("Note privée (vous seul·e pourrez la lire)").fill("Fatigue importante, à revoir.")
    page.get_by_role("button", name="Enregistrer l'entretien").click()
    expect(page.get_by_text("Fatigue importante, à revoir.")).to_be_visible()

    page.get_by_label("Statut de « Demander le FSL énergie »").select_option(label="Réalisée")
    page.get_by_role("button", name="Mettre à jour « Demander le FSL énergie »").click()
    expect(page.get_by_label("Statut de « Demander le FSL énergie »")).to_have_value("realisee")

    # a social worker of the CCAS joins the group
    page.get_by_label("Professionnel").select_option(label="Chloé Vidal")
    page.get_by_label("Au titre de la structure").select_option(label="CCAS de Cahors")
    page.get_by_role("button", name="Ajouter au groupe de suivi").click()
    expect(page.locator("#groupe")).to_contain_text("CCAS de Cahors")

    # the person strip names both members, how to reach them, and nothing of the plan
    page.goto(f"/usagers/{usager.pk}/")
    groupe = page.locator(".bandeau-usager .groupe-de-suivi")
    expect(groupe).to_contain_text("référent·e")
    expect(groupe).to_contain_text(re.compile(r"Chloé Vidal, membre du groupe de suivi — CCAS de Cahors, depuis le"))
    expect(groupe.get_by_role("link", name=re.compile("@lot.demo.fr"))).to_have_count(2)
    expect(page.locator(".bandeau-usager")).not_to_contain_text("Demander le FSL énergie")
    axe.verifier(page, "bandeau-groupe-de-suivi")

    # a second budget support for the same person: a warning that links the first, nothing opened
    page.get_by_role("link", name="Ouvrir un accompagnement").first.click()
    page.get_by_label("Type d'accompagnement").select_option(label="Accompagnement budgétaire")
    page.get_by_role("button", name="Ouvrir l'accompagnement").click()
    alerte = page.locator(".doublon-accompagnement")
    expect(alerte).to_contain_text("Un accompagnement de ce type est déjà ouvert pour Gaëlle VAYSSIÈRE.")
    axe.verifier(page, "accompagnement-doublon")
    alerte.get_by_role("link", name=re.compile("Accompagnement budgétaire")).click()
    expect(page).to_have_url(accompagnement_url)

    page.get_by_text("Produire le contrat d'engagement (PDF)").click()
    page.get_by_label("Fait à").fill("Cahors")
    page.get_by_role("button", name="Produire le contrat d'engagement", exact=True).click()
    lien = page.get_by_role("link", name=re.compile("Contrat d'engagement du"))
    expect(lien).to_be_visible()
    with page.expect_download() as telechargement:
        lien.click()
    assert telechargement.value.suggested_filename.endswith(".pdf")
    with open(telechargement.value.path(), "rb") as fichier:
        assert fichier.read(4) == b"%PDF"
    axe.verifier(page, "accompagnement-documents")

    # Chloé (CCAS) sees the plan and the synthesis, not the private note
    page.get_by_role("button", name="Se déconnecter").click()
    se_connecter(page, "travailleur-social-ccas@lot.demo.fr")
    page.goto(accompagnement_url)
    expect(page.get_by_role("cell", name="Demander le FSL énergie", exact=True)).to_be_visible()
    expect(page.get_by_text("Factures rassemblées, dossier FSL prêt.")).to_be_visible()
    expect(page.get_by_text("Fatigue importante")).to_have_count(0)

    # removed from the group, she only learns that a support exists
    page.get_by_role("button", name="Se déconnecter").click()
    se_connecter(page, "travailleur-social@lot.demo.fr")
    page.goto(accompagnement_url)
    page.get_by_role("button", name=re.compile("Retirer Chloé")).click()
    page.get_by_role("button", name="Se déconnecter").click()
    se_connecter(page, "travailleur-social-ccas@lot.demo.fr")
    assert page.goto(accompagnement_url).status == 404
    page.goto(f"/usagers/{usager.pk}/")
    expect(page.locator(".bandeau-usager")).to_contain_text("Accompagnement budgétaire — Département du Lot")
    expect(page.locator(".bandeau-usager").get_by_role("link", name="Accompagnement budgétaire")).to_have_count(0)
