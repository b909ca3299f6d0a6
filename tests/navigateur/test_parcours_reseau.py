"""The network journey: the lead invites a CCAS; its administrator accepts, signs the charter, invites two staff
(as partners: a partner administrator grants no more than she holds) who accept, and registers them to a training;
the lead records attendance and sees the counts change."""

import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from collectivites.models import Collectivite
from collectivites.noms import forme
from collectivites.tenancy import tenant_context
from reseau.models import Evenement, Inscription, Structure

from .test_parcours_fondation import enroler_dans_le_navigateur, se_connecter

MOT_DE_PASSE = "Accueil-Gramat-2026!"


def _lien_du_dernier_mail(destinataire):
    message = [m for m in mail.outbox if m.to == [destinataire]][-1]
    return re.search(r"/c/lot/invitation/[^\s/]+/", message.body).group(0)


def _accepter(chromium, live_server, axe, lien, prenom, nom, nom_capture=None):
    contexte = chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_server.url)
    page = contexte.new_page()
    page.goto(lien)
    expect(page.get_by_role("heading", name=re.compile("Rejoindre"))).to_be_visible()
    if nom_capture:
        axe.verifier(page, nom_capture)
    page.get_by_label("Prénom").fill(prenom)
    page.get_by_label("Nom", exact=True).fill(nom)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_label("Confirmation du mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Accepter l'invitation").click()
    expect(page.get_by_text(re.compile("Bienvenue dans Relais"))).to_be_visible()
    enroler_dans_le_navigateur(page)
    return contexte, page


def _inviter(page, email, role, administrateur=False):
    page.get_by_role("button", name="Inviter une personne").click()
    page.get_by_label("Adresse e-mail professionnelle").fill(email)
    page.get_by_label("Rôle").select_option(label=role)
    if administrateur:
        page.get_by_label(re.compile("Administrateur de la structure")).check()
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text(f"Invitation envoyée à {email}.")).to_be_visible()


def _totaux(page):
    page.goto("/reseau/evenements/")
    texte = page.locator("main p", has_text="formé").first.inner_text()
    professionnels, structures = (int(n) for n in re.findall(r"\d+", texte)[:2])
    return professionnels, structures


def test_a_ccas_joins_signs_and_trains_its_staff(page, chromium, live_server, demo, axe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lot = Collectivite.objects.get(slug="lot")
    with tenant_context(lot):
        ccas = Structure.objects.filter(type="ccas-cias").order_by("pk").first()
        Structure.objects.filter(pk=ccas.pk).update(niveau_engagement="identifiee", engagee_le=None)
        ccas.signatures.all().delete()
        Inscription.objects.filter(structure=ccas).delete()  # so that the CCAS is reached by this training only
        formation = Evenement.objects.filter(date__gt=timezone.now()).order_by("date").first()

    # the network lead invites the CCAS's director as its administrator
    se_connecter(page, "chef-de-projet@lot.demo.fr")
    avant = _totaux(page)
    page.goto(f"/reseau/structures/?q={ccas.nom}")
    page.get_by_role("link", name=ccas.nom, exact=True).click()
    _inviter(page, "direction@ccas-gramat.test", "Partenaire", administrateur=True)
    expect(page.get_by_text(re.compile("direction@ccas-gramat.test — Partenaire, administrateur"))).to_be_visible()
    axe.verifier(page, "reseau-structure-invitation")

    # the director accepts, lands logged in, and signs the charter for the CCAS
    contexte, directrice = _accepter(
        chromium, live_server, axe, _lien_du_dernier_mail("direction@ccas-gramat.test"), "Inès", "Delmas", "invitation"
    )
    directrice.goto("/reseau/charte/")
    directrice.get_by_role("button", name="Signer au nom de ma structure").click()
    directrice.get_by_label("Structure signataire").select_option(label=ccas.nom)
    directrice.get_by_label("Nom du signataire").fill("Inès Delmas")
    directrice.get_by_label("Fonction").fill("Directrice du CCAS")
    for case in directrice.get_by_role("checkbox").all():
        case.check()
    axe.verifier(directrice, "reseau-signature")
    directrice.get_by_role("button", name="Enregistrer la signature").click()
    expect(directrice.get_by_text(f"Signature {forme(ccas).de} enregistrée.")).to_be_visible()
    expect(directrice.get_by_role("cell", name=ccas.nom, exact=True)).to_be_visible()

    # she invites two staff members, who accept
    directrice.goto(f"/reseau/structures/{ccas.pk}/")
    for email in ("agent1@ccas-gramat.test", "agent2@ccas-gramat.test"):
        _inviter(directrice, email, "Partenaire")
    agents = []
    for email, prenom in (("agent1@ccas-gramat.test", "Paul"), ("agent2@ccas-gramat.test", "Lina")):
        agents.append(_accepter(chromium, live_server, axe, _lien_du_dernier_mail(email), prenom, "Agent")[0])
    directrice.goto(f"/reseau/structures/{ccas.pk}/")
    expect(directrice.get_by_role("cell", name="Paul Agent", exact=True)).to_be_visible()

    # and registers both to the training
    directrice.goto(f"/reseau/evenements/{formation.pk}/")
    for prenom in ("Paul", "Lina"):
        directrice.get_by_label("Professionnel").select_option(label=f"{prenom} Agent")
        directrice.get_by_label("Structure", exact=True).select_option(label=ccas.nom)
        directrice.get_by_role("button", name="Inscrire").click()
        expect(directrice.get_by_text(re.compile(f"{prenom}.* est inscrit"))).to_be_visible()
    axe.verifier(directrice, "reseau-evenement-inscriptions")

    # the lead records attendance; the counts of professionals trained and structures reached go up
    page.goto(f"/reseau/evenements/{formation.pk}/")
    for prenom in ("Paul", "Lina"):
        page.get_by_label(re.compile(f"{prenom}.*{re.escape(ccas.nom)}")).check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_text("Présences enregistrées.")).to_be_visible()
    apres = _totaux(page)
    assert apres == (avant[0] + 2, avant[1] + 1)
    page.goto(f"/reseau/structures/{ccas.pk}/")
    expect(page.get_by_text("Signataire de la charte", exact=False)).to_be_visible()
    for c in (contexte, *agents):
        c.close()
