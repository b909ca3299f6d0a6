"""The account's journey for a partner's software (docs/securite.md §16): Alice logs in through the second factor,
creates an API token from « Mes jetons d'API », sees its secret once, the API answers it, she revokes it."""

import re

from playwright.sync_api import expect

from tests.connexion import code_totp, enroler
from tests.factories import MOT_DE_PASSE


def test_a_user_creates_uses_and_revokes_an_api_token(page, transactional_db, alice, lieu_a, axe):
    enroler(alice)
    page.goto("/comptes/sessions/")
    page.get_by_label("Adresse e-mail").fill(alice.email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_label("Mot de passe").press("Enter")
    champ = page.get_by_label(re.compile("Code à 6 chiffres"))
    champ.fill(code_totp(alice))
    champ.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes sessions ouvertes")

    page.get_by_role("link", name="Mes jetons d'API").click()
    expect(page.get_by_text("Vous n'avez aucun jeton d'API.")).to_be_visible()
    axe.verifier(page, "jetons-api")
    page.get_by_label("Nom du jeton").fill("Logiciel du CCAS")
    page.get_by_role("button", name="Créer le jeton").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Jeton « Logiciel du CCAS » créé")
    secret = page.get_by_label("Jeton", exact=True).input_value()
    assert secret.startswith("rls_")
    axe.verifier(page, "jeton-cree")
    reponse = page.request.get("/api/lieux/", headers={"Authorization": f"Token {secret}"})
    assert reponse.status == 200 and reponse.json()["results"][0]["nom"] == "MSD de Cahors"

    page.get_by_role("button", name="J'ai copié le jeton, revenir à mes jetons").click()
    ligne = page.get_by_role("row", name=re.compile("Logiciel du CCAS"))
    expect(ligne).to_contain_text(secret[:12])
    expect(page.get_by_text(secret)).to_have_count(0)
    expect(ligne).not_to_contain_text("jamais")  # used once: the last use is shown
    ligne.get_by_role("button", name="Révoquer le jeton Logiciel du CCAS").click()
    expect(page.get_by_text("Le jeton « Logiciel du CCAS » est révoqué")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Logiciel du CCAS"))).to_contain_text("révoqué le")
    assert page.request.get("/api/lieux/", headers={"Authorization": f"Token {secret}"}).status == 401
