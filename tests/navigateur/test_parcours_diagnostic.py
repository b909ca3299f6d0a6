"""The diagnostic social de territoire journey (docs/diagnostic.md): the project lead opens a diagnostic of Figeac and
Capdenac, assembles its data pack, lists the actors, records an interview, writes the synthesis and a
problématique citing a figure of the pack, invites a partner; the partner comments and proposes an amendment; the
project lead accepts it and shares the version, which is then frozen; its PDF is read back."""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from .test_parcours_fondation import se_connecter


def _onglet(page, nom):
    page.get_by_role("navigation", name="Parties du diagnostic").get_by_role("link", name=nom).click()


def _se_deconnecter(page):
    page.get_by_role("button", name="Se déconnecter").click()


def test_the_project_lead_builds_a_diagnostic_a_partner_amends_it_and_the_shared_version_is_frozen(page, demo, axe):
    se_connecter(page, "chef-de-projet@lot.demo.fr")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Diagnostics de territoire"
    ).click()
    expect(page.get_by_role("link", name="Diagnostic social du pays de Gourdon")).to_be_visible()
    axe.verifier(page, "diagnostic-liste")
    page.get_by_role("button", name="Ouvrir un diagnostic").click()
    page.get_by_role("button", name="Ouvrir le diagnostic").click()
    expect(page.get_by_text("Rien n'a été enregistré")).to_be_visible()
    axe.verifier(page, "diagnostic-nouveau-erreurs")
    page.get_by_label("Titre", exact=True).fill("Diagnostic du Figeacois")
    page.get_by_label("Commanditaire", exact=True).fill("Mairie de Figeac")
    page.get_by_label("Un groupe de communes").check()
    page.get_by_label("Communes", exact=True).select_option(label=["Figeac (46102)", "Capdenac (46055)"])
    page.get_by_role("button", name="Ouvrir le diagnostic").click()
    expect(page.get_by_role("heading", name="Diagnostic du Figeacois", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Version 1 — en cours d'écriture"))).to_be_visible()

    # the data pack, assembled by the worker (in-process here) at today's date
    _onglet(page, "Pack de données")
    page.get_by_label("Date de référence").fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    page.get_by_role("button", name="Assembler le pack de données").click()
    expect(page.get_by_role("heading", name=re.compile(r"Pack au \d\d.\d\d.\d{4}"))).to_be_visible()
    expect(page.get_by_text("Population municipale (COG)")).to_be_visible()
    expect(page.get_by_text(re.compile("Minima sociaux .*Aucun fichier Insee"))).to_be_visible()
    axe.verifier(page, "diagnostic-pack")

    # the actors: the network's structures of the territory, and one outside the network
    _onglet(page, "Acteurs")
    page.get_by_role("button", name="Ajouter les structures du réseau présentes sur le territoire").click()
    expect(page.get_by_text(re.compile(r"\d+ structure\(s\) du réseau ajoutée\(s\)"))).to_be_visible()
    page.get_by_label("Nom", exact=True).fill("Restos du cœur de Figeac")
    page.get_by_label("Nature", exact=True).select_option(label="Association")
    page.get_by_label("Ce qu'il fait").fill("Aide alimentaire l'hiver.")
    page.get_by_role("button", name="Ajouter l'acteur").click()
    ligne = page.get_by_role("row").filter(has_text="Restos du cœur de Figeac")
    ligne.get_by_role("button", name=re.compile("Marquer rencontré")).click()
    expect(page.get_by_role("row").filter(has_text="Restos du cœur de Figeac")).to_contain_text("oui")
    axe.verifier(page, "diagnostic-acteurs")

    # the expressed demand: a grid, then an interview without any name
    _onglet(page, "Demande exprimée")
    page.get_by_label("Type d'entretien").select_option(label="Entretien collectif")
    page.get_by_label("Titre", exact=True).fill("Rencontre au centre social")
    page.get_by_label("Points abordés").fill("Se déplacer\nSe loger")
    page.get_by_role("button", name="Ajouter la grille").click()
    expect(page.get_by_text("N'écrivez aucun nom")).to_be_visible()
    page.get_by_label("Grille", exact=True).select_option(label="Rencontre au centre social (entretien collectif)")
    page.get_by_label("Date", exact=True).fill("2026-05-12")
    page.get_by_label("Nombre de participants").fill("7")
    page.get_by_label("Synthèse", exact=True).fill("Les loyers du centre-ville éloignent les jeunes ménages.")
    page.get_by_role("button", name="Enregistrer l'entretien").click()
    expect(page.get_by_text("Les loyers du centre-ville éloignent les jeunes ménages.")).to_be_visible()
    axe.verifier(page, "diagnostic-demande")

    # the analysis: synthesis, a problématique with its evidence
    _onglet(page, "Analyse et partage")
    page.get_by_label("Synthèse", exact=True).fill("Un bassin d'emploi attractif où se loger devient difficile.")
    page.get_by_role("button", name="Enregistrer la synthèse").click()
    page.get_by_role("button", name="Ajouter une problématique").click()
    page.get_by_label("Problématique", exact=True).fill("Logement des jeunes ménages")
    page.get_by_label("Constat", exact=True).fill("Les loyers éloignent les jeunes ménages du centre.")
    page.get_by_label(re.compile("Population municipale \\(COG\\)")).check()
    page.get_by_label(re.compile("Rencontre au centre social du 12.05.2026")).check()
    page.get_by_role("button", name="Ajouter la problématique").click()
    expect(page.get_by_text("Chiffre du pack : Population municipale (COG)")).to_be_visible()
    axe.verifier(page, "diagnostic-analyse")
    _onglet(page, "Partenaires invités")
    page.get_by_label("Partenaire à inviter").select_option(label="Emma Lacoste")
    page.get_by_role("button", name="Inviter").click()
    expect(page.get_by_role("cell", name="Emma Lacoste")).to_be_visible()
    axe.verifier(page, "diagnostic-partenaires")
    _se_deconnecter(page)

    # the partner reads, comments and proposes an amendment, and cannot write the document
    se_connecter(page, "partenaire@lot.demo.fr")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Diagnostics de territoire"
    ).click()
    page.get_by_role("link", name="Diagnostic du Figeacois").click()
    expect(page.get_by_role("button", name="Enregistrer la synthèse")).to_have_count(0)
    page.get_by_label("Commentaire", exact=True).fill("La mobilité pèse aussi.")
    page.get_by_label("Problématique visée").select_option(label="Logement des jeunes ménages")
    page.get_by_label("Texte proposé (amendement)").fill("Les loyers et le manque de transports éloignent les jeunes.")
    page.get_by_role("button", name="Envoyer le commentaire").click()
    expect(page.get_by_text("Amendement proposé : « Les loyers et le manque de transports")).to_be_visible()
    axe.verifier(page, "diagnostic-partenaire")
    _se_deconnecter(page)

    # the project lead accepts the amendment and shares the version: it is dated and frozen
    se_connecter(page, "chef-de-projet@lot.demo.fr")
    page.goto("/diagnostic/")
    page.get_by_role("link", name="Diagnostic du Figeacois").click()
    page.get_by_role("button", name="Accepter l'amendement").click()
    expect(page.get_by_text("Les loyers et le manque de transports éloignent les jeunes.").first).to_be_visible()
    page.get_by_role("button", name="Partager la version 1").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"Version 1 — partagée le \d\d.\d\d.\d{4}, figée"))
    ).to_be_visible()
    expect(page.get_by_role("button", name="Enregistrer la synthèse")).to_have_count(0)
    expect(page.get_by_role("button", name="Ajouter une problématique")).to_have_count(0)
    expect(page.get_by_label("Commentaire", exact=True)).to_have_count(0)
    axe.verifier(page, "diagnostic-partage")

    # its PDF, rendered by the worker, read back
    page.get_by_role("button", name="Générer le PDF de la version 1").click()
    lien = page.get_by_role("link", name="télécharger le PDF")
    expect(lien).to_be_visible(timeout=60_000)
    reponse = page.request.get(lien.get_attribute("href"))
    assert reponse.ok and reponse.headers["content-type"] == "application/pdf"
    lecteur = PdfReader(io.BytesIO(reponse.body()))
    contenu = " ".join(" ".join(p.extract_text() for p in lecteur.pages).split())
    assert "Diagnostic social de territoire : Diagnostic du Figeacois" in contenu
    assert "(version figée)" in contenu
    assert "Les loyers et le manque de transports éloignent les jeunes." in contenu
    assert "Restos du cœur de Figeac" in contenu and "Rencontre au centre social" in contenu
