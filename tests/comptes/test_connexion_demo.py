"""The login page of the demo says how to sign in (the demo accounts and their password), and only in demo mode;
``make demo PORT=…`` gives e-mail links the address it serves (docs/publications.md §5)."""

import subprocess
from pathlib import Path

from comptes.demonstration import MOT_DE_PASSE_DEMO
from tests import factories as f


def test_the_demo_login_page_lists_the_demo_accounts_and_their_password(client, lot, settings):
    settings.RELAIS_ENV = "demo"
    f.utilisateur(lot, f.StructureFactory(collectivite=lot), email="accueil@lot.demo.fr")
    page = client.get("/comptes/connexion/").content.decode()
    assert "Démonstration : comment se connecter" in page
    assert "accueil@lot.demo.fr" in page and MOT_DE_PASSE_DEMO in page


def test_outside_the_demo_the_login_page_says_nothing_of_it(client, lot, settings):
    assert settings.RELAIS_ENV == "test"
    f.utilisateur(lot, f.StructureFactory(collectivite=lot), email="accueil@lot.demo.fr")
    page = client.get("/comptes/connexion/").content.decode()
    assert "Démonstration" not in page and "accueil@lot.demo.fr" not in page and MOT_DE_PASSE_DEMO not in page


def test_make_demo_derives_the_address_of_e_mail_links_from_host_and_port():
    racine = Path(__file__).resolve().parents[2]
    commandes = subprocess.run(
        ["make", "-n", "demo", "PORT=8300", "HOST=127.0.0.2"], cwd=racine, capture_output=True, text=True, check=True
    ).stdout
    assert "RELAIS_URL=http://127.0.0.2:8300" in commandes
    assert "runserver 127.0.0.2:8300" in commandes
