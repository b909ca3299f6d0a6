"""The engineering journey: a mairie submits a request without an account; it lands at the pôle of its commune; the
manager qualifies it at level 1 and assigns an advisor; the advisor completes the steps and generates the note; the
mairie downloads the note through its private link."""

import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from ingenierie.enums import ETAPES, Niveau

from .test_parcours_fondation import se_connecter


def test_a_mairie_request_from_the_form_to_the_note(page, demo, axe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mail.outbox.clear()
    page.goto("/c/lot/")
    page.get_by_role("link", name="Demandez l'accompagnement gratuit du Département").click()
    expect(page.get_by_text("Les communes et leurs groupements seulement")).to_be_visible()
    axe.verifier(page, "ingenierie-formulaire")
    page.get_by_label("Vous êtes").select_option(label="Commune (mairie)")
    page.get_by_label("Votre commune ou votre intercommunalité").fill("Lalbenque (46148)")
    page.get_by_label("Nom de la collectivité ou de l'établissement").fill("Mairie de Lalbenque")
    page.get_by_label("Nom et prénom").fill("Claire Lacombe")
    page.get_by_label("Fonction").select_option(label="Élu·e (maire, adjoint·e, conseiller·ère)")
    page.get_by_label("Adresse e-mail").fill("adjointe@mairie-lalbenque.test")
    page.get_by_label("Téléphone").fill("05 65 20 88 88")
    page.get_by_label("Type de projet").select_option(label="Épicerie sociale")
    page.get_by_label("Description du projet").fill("Les demandes d'aide alimentaire augmentent.")
    page.get_by_label("Une idée, une envie de faire").check()
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("heading", name="Votre demande est envoyée")).to_be_visible()
    (accuse,) = [m for m in mail.outbox if m.to == ["adjointe@mairie-lalbenque.test"]]
    assert "MSD de Cahors" in accuse.body
    lien = re.search(r"/c/lot/ingenierie/suivi/\S+/", accuse.body).group(0)  # its path on the test server
    assert [m for m in mail.outbox if m.to == ["encadrant@lot.demo.fr"]], "la responsable du pôle n'est pas prévenue"

    # the manager of the MSD de Cahors qualifies it at level 1 and assigns Bruno
    se_connecter(page, "encadrant@lot.demo.fr")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Ingénierie").click()
    ligne = page.get_by_role("row", name=re.compile("Mairie de Lalbenque"))
    expect(ligne).to_contain_text("MSD de Cahors")
    ligne.get_by_role("link").click()
    axe.verifier(page, "ingenierie-qualification")
    page.get_by_label("Niveau 1 — lancement de la réflexion").check()
    page.get_by_label("Conseiller·ère").select_option(label="Bruno Garcia")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Demande qualifiée au niveau 1, confiée à Bruno Garcia")).to_be_visible()
    url_demande = page.url.split("#")[0]
    page.get_by_role("button", name="Se déconnecter").click()

    # the advisor completes the steps and generates the note
    se_connecter(page, "travailleur-social@lot.demo.fr")
    page.goto(url_demande)
    aujourd_hui = timezone.localdate().isoformat()
    for _, libelle in ETAPES[Niveau.LANCEMENT]:
        page.get_by_text(f"Renseigner l'étape « {libelle} »").click()
        bloc = page.locator("details", has=page.get_by_text(f"Renseigner l'étape « {libelle} »"))
        bloc.get_by_label("Réalisée le").fill(aujourd_hui)
        bloc.get_by_label("Notes").fill(f"Fait : {libelle.lower()}.")
        bloc.get_by_role("button", name="Enregistrer l'étape").click()
        expect(page.get_by_text(f"Étape « {libelle} » enregistrée.")).to_be_visible()
    page.get_by_label("Partenaires identifiés").fill("Secours populaire, banque alimentaire, CAF")
    page.get_by_label("Recommandations").fill("Associer les bénévoles dès la conception.")
    page.get_by_role("button", name="Enregistrer le contenu").click()
    page.get_by_role("button", name="Générer la note (PDF)").click()
    expect(page.get_by_role("link", name="télécharger le PDF")).to_be_visible()
    axe.verifier(page, "ingenierie-suivi")
    page.get_by_role("button", name="Transmettre la note à la commune").click()
    expect(page.get_by_text("Note transmise")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    # the mairie downloads the note through its link, without an account
    page.goto(lien)
    expect(page.get_by_text("État : Restituée")).to_be_visible()
    axe.verifier(page, "ingenierie-lien-de-suivi")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name=re.compile("Télécharger la note de restitution")).click()
    with open(telechargement.value.path(), "rb") as fichier:
        assert fichier.read(4) == b"%PDF"
