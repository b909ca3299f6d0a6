"""docs/securite.md §16: ProConnect against a real OpenID Connect provider on 127.0.0.1 (tests/oidc/, panva's
oidc-provider run by node): discovery, authorization code with PKCE, state and nonce, the ID token's signature,
``amr`` with and without MFA, a tampered state, an expired token, an e-mail of another collectivité. No mocked HTTP."""

import datetime
import re
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
import time_machine
from django.contrib.messages import get_messages
from django.utils import timezone

from comptes import proconnect
from comptes.models import JournalSecurite
from tests.connexion import enroler

DOSSIER = Path(__file__).resolve().parents[1] / "oidc"
RETOUR = "http://testserver/comptes/proconnect/retour/"


@pytest.fixture(scope="session")
def fournisseur():
    node = shutil.which("node")
    assert node, "node introuvable : il fait tourner le fournisseur OpenID Connect des tests (tests/oidc/)"
    assert (DOSSIER / "node_modules" / "oidc-provider").exists(), (
        "lancez npm ci --prefix tests/oidc (make test le fait)"
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    processus = subprocess.Popen(
        [node, str(DOSSIER / "fournisseur.mjs"), str(port), RETOUR],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        ligne = processus.stdout.readline()
        assert ligne.startswith("pret"), ligne
        yield f"http://127.0.0.1:{port}"
    finally:
        processus.terminate()
        processus.wait(timeout=10)
        processus.stdout.close()


@pytest.fixture
def lot_proconnect(lot, fournisseur):
    proconnect.configurer(lot, fournisseur, "relais", "secret-de-test-relais")
    return lot


def _chez_le_fournisseur(client, fournisseur, email, mfa):
    """Relais's redirection, then the provider's pages until it sends the browser back to Relais."""
    reponse = client.get("/comptes/proconnect/?collectivite=lot")
    assert reponse.status_code == 302
    url = reponse["Location"]
    parametres = parse_qs(urlparse(url).query)
    assert url.startswith(f"{fournisseur}/auth?")
    assert parametres["code_challenge_method"] == ["S256"] and parametres["code_challenge"][0]
    assert parametres["state"][0] and parametres["nonce"][0]
    navigateur = requests.Session()
    while not url.startswith(RETOUR):
        interaction = re.fullmatch(r".*/interaction/([^/?]+)", url)
        if interaction:
            url = f"{fournisseur}/interaction/{interaction.group(1)}/test?email={email}&mfa={int(mfa)}"
        reponse = navigateur.get(url, allow_redirects=False, timeout=10)
        assert reponse.status_code in (302, 303), (url, reponse.status_code, reponse.text[:500])
        url = urljoin(url, reponse.headers["Location"])
    return url.removeprefix("http://testserver")


def _message(reponse):
    return " ".join(str(m) for m in get_messages(reponse.wsgi_request))


def test_discovery_answers(fournisseur):
    metadonnees = requests.get(f"{fournisseur}/.well-known/openid-configuration", timeout=10).json()
    assert metadonnees["issuer"] == fournisseur and "S256" in metadonnees["code_challenge_methods_supported"]


def test_a_login_with_mfa_skips_relais_second_factor_and_records_sub(client, lot_proconnect, fournisseur, alice):
    retour = _chez_le_fournisseur(client, fournisseur, alice.email, mfa=True)
    reponse = client.get(retour)
    assert reponse.status_code == 302 and reponse["Location"] == "/", (
        _message(reponse),
        list(JournalSecurite.objects.values_list("detail", flat=True)),
    )
    assert client.get("/").status_code == 200
    alice.refresh_from_db()
    assert alice.proconnect_sub == f"sub-{alice.email}"
    assert JournalSecurite.objects.filter(action="connexion_proconnect", cible=alice).exists()


def test_a_login_without_mfa_asks_for_relais_second_factor(client, lot_proconnect, fournisseur, alice):
    enroler(alice)
    reponse = client.get(_chez_le_fournisseur(client, fournisseur, alice.email, mfa=False))
    assert reponse["Location"] == "/comptes/second-facteur/?next=/"
    assert client.get("/").status_code == 302


def test_an_email_of_another_collectivite_is_refused(client, lot_proconnect, fournisseur, zoe):
    reponse = client.get(_chez_le_fournisseur(client, fournisseur, zoe.email, mfa=True))
    assert reponse["Location"] == "/comptes/connexion/"
    assert "Aucun compte Relais du Département du Lot" in _message(reponse)
    assert "_auth_user_id" not in client.session


def test_an_unknown_email_is_refused_and_no_account_is_created(client, lot_proconnect, fournisseur):
    from comptes.models import Utilisateur

    avant = Utilisateur.objects.count()
    reponse = client.get(_chez_le_fournisseur(client, fournisseur, "inconnue@lot.test", mfa=True))
    assert "demandez une invitation" in _message(reponse)
    assert Utilisateur.objects.count() == avant and "_auth_user_id" not in client.session


def test_a_tampered_state_is_refused(client, lot_proconnect, fournisseur, alice):
    retour = _chez_le_fournisseur(client, fournisseur, alice.email, mfa=True)
    retour = re.sub(r"state=[^&]+", "state=falsifie", retour)
    reponse = client.get(retour)
    assert reponse["Location"] == "/comptes/connexion/" and "_auth_user_id" not in client.session
    assert "MismatchingStateError" in JournalSecurite.objects.get(action="proconnect_refuse").detail
    assert "n'a pas pu être vérifiée" in _message(reponse)


def test_an_expired_id_token_is_refused(client, lot_proconnect, fournisseur, alice):
    retour = _chez_le_fournisseur(client, fournisseur, alice.email, mfa=True)
    # the provider signs ID tokens for 5 minutes (tests/oidc/fournisseur.mjs); Relais reads it 10 minutes later
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10), tick=True):
        reponse = client.get(retour)
    assert reponse["Location"] == "/comptes/connexion/" and "_auth_user_id" not in client.session
    assert "ExpiredTokenError" in JournalSecurite.objects.get(action="proconnect_refuse").detail


def test_a_code_serves_once(client, lot_proconnect, fournisseur, alice):
    retour = _chez_le_fournisseur(client, fournisseur, alice.email, mfa=True)
    assert client.get(retour)["Location"] == "/"
    client.logout()
    assert client.get(retour)["Location"] == "/comptes/connexion/" and "_auth_user_id" not in client.session


def test_another_sub_for_the_same_account_is_refused(client, lot_proconnect, fournisseur, alice):
    alice.proconnect_sub = "quelqu-un-d-autre"
    alice.save()
    reponse = client.get(_chez_le_fournisseur(client, fournisseur, alice.email, mfa=True))
    assert "autre identité ProConnect" in _message(reponse) and "_auth_user_id" not in client.session


def test_the_secret_is_stored_encrypted(lot_proconnect):
    assert "secret-de-test-relais" not in lot_proconnect.proconnect_secret_chiffre
    assert proconnect.configuration(lot_proconnect).secret == "secret-de-test-relais"


def test_the_login_page_offers_proconnect_to_the_collectivites_that_have_it(client, lot_proconnect, manche):
    contenu = client.get("/comptes/connexion/").content.decode()
    assert "S'identifier avec ProConnect — Département du Lot" in contenu
    assert "Manche" not in contenu


def test_a_collectivite_without_proconnect_gives_404(client, manche):
    assert client.get("/comptes/proconnect/?collectivite=manche").status_code == 404
