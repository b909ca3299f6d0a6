"""The foundation's journey: the reception user of the Lot logs in, sees their home page, logs out; the Manche user
sees nothing of the Lot."""

import re

from django_otp.oath import TOTP
from playwright.sync_api import expect

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context
from comptes.models import Utilisateur
from comptes.second_facteur import cle_depuis_base32
from portail.demo import MOT_DE_PASSE_DEMO
from reseau.models import LieuAccueil
from tests.connexion import code_totp


def se_connecter(page, email):
    """The real login: password, then the second-factor page with the code of the demo account's TOTP secret."""
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/comptes/connexion/"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE_DEMO)
    page.get_by_label("Mot de passe").press("Enter")
    expect(page).to_have_url(re.compile(r"/comptes/second-facteur/"))
    champ = page.get_by_label(re.compile("Code à 6 chiffres"))
    champ.fill(code_totp(Utilisateur.objects.get(email=email)))
    champ.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/comptes/second-facteur/"))


def enroler_dans_le_navigateur(page):
    """The first login of a new account: the enrolment page, its manual key typed into an "authenticator app"
    (django-otp's TOTP here), the first code, then the ten recovery codes shown once."""
    expect(page).to_have_url(re.compile(r"/comptes/second-facteur/enrolement/"))
    expect(page.locator(".qr svg")).to_be_visible()
    cle = cle_depuis_base32(page.locator(".cle-totp").inner_text())
    champ = page.get_by_label(re.compile("Code à 6 chiffres"))
    champ.fill(f"{TOTP(cle).token():06d}")
    champ.press("Enter")
    expect(page.get_by_role("heading", name="Vos codes de récupération")).to_be_visible()
    expect(page.locator(".codes-recuperation li")).to_have_count(10)
    page.get_by_role("button", name="J'ai noté mes codes, continuer").click()


def test_reception_user_of_the_lot_logs_in_and_out(page, demo, axe):
    page.goto("/")
    axe.verifier(page, "connexion")
    se_connecter(page, "accueil@lot.demo.fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Alice")
    expect(page.locator(".adhesions")).to_have_text("Accueil — Département du Lot — Solidarités (MSD de Cahors)")
    expect(page.get_by_role("heading", name="Mon lieu d'accueil")).to_be_visible()
    expect(page.get_by_role("link", name="MSD de Cahors")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Navigation principale")
    expect(navigation.get_by_role("link", name="Lieux d'accueil")).to_be_visible()
    expect(navigation.get_by_role("link", name="Membres")).to_have_count(0)
    axe.verifier(page, "accueil-lot")

    page.get_by_role("link", name="MSD de Cahors").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("MSD de Cahors")
    axe.verifier(page, "lieu-lot")

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/comptes/connexion/"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/comptes/connexion/"))


def test_the_manche_user_sees_nothing_of_the_lot(page, demo, axe):
    with tenant_context(Collectivite.objects.get(slug="lot")):
        lieu_du_lot = LieuAccueil.objects.get(nom="MSD de Cahors")
    se_connecter(page, "accueil@manche.demo.fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Alice")
    expect(page.locator("header")).to_contain_text("Département de la Manche")
    for url in ("/", "/reseau/lieux/", "/reseau/structures/", "/territoire/sectorisation/"):
        page.goto(url)
        contenu = page.content()
        assert "Cahors" not in contenu and "Lot" not in contenu.replace("Lots", ""), url
    axe.verifier(page, "sectorisation-manche")
    reponse = page.goto(f"/reseau/lieux/{lieu_du_lot.pk}/")
    assert reponse.status == 404
