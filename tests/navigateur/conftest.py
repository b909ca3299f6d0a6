"""Headless Chromium (Debian's package) driven by Playwright, and an axe-core check."""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("RELAIS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "navigateur" in str(item.fspath):
            item.add_marker(pytest.mark.navigateur)


@pytest.fixture(scope="session")
def chromium():
    assert Path(CHROMIUM).exists(), f"Chromium introuvable ({CHROMIUM}) : apt-get install chromium (fait par .ci/run)"
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGUMENTS)
        yield navigateur
        navigateur.close()


@pytest.fixture
def page(chromium, live_server):
    contexte = chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_server.url)
    contexte.set_default_timeout(15_000)
    page = contexte.new_page()
    yield page
    contexte.close()


@pytest.fixture
def demo(transactional_db):
    call_command("construire_demo", departements="46,50", verbosity=0)


class Accessibilite:
    """axe-core on the current page: no serious or critical violation."""

    def __init__(self):
        self.axe = Axe()

    def verifier(self, page, nom):
        ARTEFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / f"{nom}.png"), full_page=True)
        resultats = self.axe.run(page)
        graves = [v for v in resultats.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not graves, f"{nom} : " + "; ".join(
            f"{v['id']} ({v['impact']}) : {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in graves
        )
        return resultats


@pytest.fixture
def axe():
    return Accessibilite()
