"""The local social development journey: the network lead opens the public link of the satisfaction questionnaire
and its QR code; an inhabitant answers on a 390 px phone, without JavaScript and without an account; the answer is
counted and nothing about them is stored."""

import re

from playwright.sync_api import expect

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context
from developpement.models import ParticipantIdentifie, Presence, Reponse
from usagers.models import Usager

from .test_parcours_fondation import se_connecter


def test_an_inhabitant_answers_the_satisfaction_questionnaire_on_a_phone(page, demo, axe, chromium, live_server):
    se_connecter(page, "chef-de-projet@lot.demo.fr")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Développement social"
    ).click()
    axe.verifier(page, "developpement-questionnaires")
    page.get_by_role("link", name="Votre avis sur l'accueil (démonstration)").click()
    expect(page.get_by_role("heading", name="Liens publics et codes QR")).to_be_visible()
    axe.verifier(page, "developpement-questionnaire")
    page.get_by_role("table", name="Publications du questionnaire").get_by_role("link").first.click()
    expect(page.get_by_role("img", name="Code QR du questionnaire")).to_be_visible()
    axe.verifier(page, "developpement-code-qr")
    lien = page.get_by_role("link", name=re.compile("c.lot.questionnaire")).get_attribute("href")
    chemin = re.search(r"/c/lot/questionnaire/[^/]+/", lien).group(0)  # the QR code's address, on the test server
    page.get_by_role("button", name="Se déconnecter").click()
    with tenant_context(Collectivite.objects.get(slug="lot")):
        avant = Reponse.objects.count()

    # axe-core runs in the page, so the accessibility check reads the same page on a phone with JavaScript on
    verification = chromium.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    apercu = verification.new_page()
    apercu.goto(chemin)
    assert apercu.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    axe.verifier(apercu, "developpement-repondre-telephone")
    verification.close()

    # the inhabitant's phone: a narrow screen, JavaScript off, no account
    telephone = chromium.new_context(
        locale="fr-FR",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        java_script_enabled=False,
        is_mobile=True,
    )
    mobile = telephone.new_page()
    mobile.goto(chemin)
    expect(mobile.get_by_role("heading", name="Votre avis sur l'accueil (démonstration)")).to_be_visible()
    mobile.get_by_role("button", name="Envoyer mes réponses").click()
    expect(mobile.get_by_text("Votre réponse n'est pas encore envoyée")).to_be_visible()
    mobile.get_by_role("group", name=re.compile("Êtes-vous satisfait de l'accueil")).get_by_label("4 — plutôt").check()
    mobile.get_by_role("group", name=re.compile("Est-ce votre première venue ici")).get_by_label("Oui").check()
    mobile.get_by_label("Qu'est-ce qui pourrait être amélioré ?").fill("Un coin pour les enfants.")
    mobile.get_by_role("button", name="Envoyer mes réponses").click()
    expect(mobile.get_by_role("heading", name="Merci pour vos réponses")).to_be_visible()
    assert {c["name"] for c in telephone.cookies()} <= {"csrftoken"}
    telephone.close()
    with tenant_context(Collectivite.objects.get(slug="lot")):
        assert Reponse.objects.count() == avant + 1
        assert not Reponse.objects.order_by("-pk").first().demonstration


def test_a_worker_records_a_collective_session(page, demo, axe):
    se_connecter(page, "travailleur-social@lot.demo.fr")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Développement social"
    ).click()
    page.get_by_role("navigation", name="Développement social local").get_by_role(
        "link", name="Actions collectives"
    ).click()
    axe.verifier(page, "developpement-actions")
    page.get_by_role("link", name="Café des parents").click()
    expect(page.get_by_role("table", name=re.compile("3 séances"))).to_be_visible()
    axe.verifier(page, "developpement-action")
    page.get_by_role("button", name="Enregistrer une séance").click()  # a link styled as a button
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("Lieu d'accueil").select_option(index=1)
    page.get_by_label("Contenu de la séance").fill("Le sommeil des tout-petits.")
    page.get_by_label("Femmes, 26 à 59 ans").fill("5")
    page.get_by_label("Hommes, 26 à 59 ans").fill("2")
    axe.verifier(page, "developpement-seance")
    page.get_by_role("button", name="Enregistrer la séance").click()
    expect(page.get_by_text("Séance enregistrée.")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("4 séances"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("20.11.2026"))).to_contain_text("7")


def test_a_worker_records_a_collective_session_with_a_named_participant(page, demo, axe):
    """docs/developpement.md §8: a person of Relais named with their consent, then ticked present at a session."""
    with tenant_context(Collectivite.objects.get(slug="lot")):
        # the demo names one person already (portail/demo/developpement.py): name another one
        cafe = ParticipantIdentifie.objects.filter(action__titre="Café des parents")
        deja = set(cafe.values_list("usager", flat=True))
        presences = Presence.objects.filter(seance__action__titre="Café des parents").count() + 1
        personne = Usager.objects.actifs().exclude(date_naissance=None).exclude(pk__in=deja).order_by("pk").first()
    nommes = len(deja) + 1
    se_connecter(page, "travailleur-social@lot.demo.fr")
    page.goto("/developpement/actions/")
    page.get_by_role("link", name="Café des parents").click()
    page.get_by_role("link", name="Nommer un participant").click()
    page.get_by_label("Rechercher la personne").fill(
        f"{personne.prenom} {personne.nom} {personne.date_naissance:%d/%m/%Y}"
    )
    page.get_by_role("button", name="Rechercher").click()
    page.locator(f'input[name="usager"][value="{personne.pk}"]').check()
    page.get_by_label("La personne a donné son accord").check()
    axe.verifier(page, "developpement-participant")
    page.get_by_role("button", name="Nommer parmi les participants").click()
    pluriel = "s" if nommes > 1 else ""
    expect(page.get_by_role("table", name=f"{nommes} participant{pluriel} nommé{pluriel}")).to_contain_text(
        str(personne)
    )
    page.get_by_role("button", name="Enregistrer une séance").click()
    page.get_by_label("Date").fill("2026-11-27")
    page.get_by_label("Adresse").fill("Salle des fêtes de Cahors")
    page.get_by_label("Contenu de la séance").fill("Jeux entre parents et enfants.")
    page.get_by_label("Femmes, 26 à 59 ans").fill("3")
    page.get_by_role("group", name="Participants identifiés présents").get_by_label(str(personne)).check()
    axe.verifier(page, "developpement-seance-nommee")
    page.get_by_role("button", name="Enregistrer la séance").click()
    expect(page.get_by_text("Séance enregistrée.")).to_be_visible()
    # 3 counted and the named person
    expect(page.get_by_role("row", name=re.compile("27.11.2026"))).to_contain_text("4")
    expect(
        page.get_by_text(f"Dont {presences} présence{'s' if presences > 1 else ''} de participants nommés.")
    ).to_be_visible()
