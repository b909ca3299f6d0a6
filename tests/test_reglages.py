"""Production settings fail loudly on a missing secret, and pass ``check --deploy`` with no warning (docs/securite.md
§23)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "RELAIS_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "RELAIS_CLE_CHIFFREMENT": secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "relais.lot.fr",
    "DATABASE_URL": "postgres://relais:secret@db:5432/relais",
    "REDIS_URL": "redis://redis:6379/0",
    "EMAIL_URL": "smtp+tls://relais:secret@smtp.lot.fr:587",
    "DEFAULT_FROM_EMAIL": "Relais <relais@lot.fr>",
    "RELAIS_URL": "https://relais.lot.fr",
}


def manage(*args, **variables):
    """A fresh process with only these variables. The timeout only stops a hung command: collectstatic compresses
    every vendored asset and took up to 116 s on a loaded 2-core machine, so it is generous."""
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **variables}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=RACINE, env=env, capture_output=True, text=True, timeout=600
    )


def test_production_passes_check_deploy_without_warning():
    resultat = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert resultat.returncode == 0, resultat.stderr + resultat.stdout
    assert "no issues" in resultat.stdout


@pytest.mark.parametrize(
    "manquante",
    [
        "SECRET_KEY",
        "RELAIS_CLE_CHIFFREMENT",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "DEFAULT_FROM_EMAIL",
        "RELAIS_URL",
    ],
)
def test_production_refuses_to_start_without_a_secret(manquante):
    variables = {k: v for k, v in PRODUCTION.items() if k != manquante}
    resultat = manage("check", **variables)
    assert resultat.returncode != 0
    assert f"La variable d'environnement {manquante} est obligatoire en production." in resultat.stderr


def test_production_refuses_a_short_secret_key():
    resultat = manage("check", **{**PRODUCTION, "SECRET_KEY": "court"})
    assert resultat.returncode != 0 and "SECRET_KEY doit être une valeur secrète longue" in resultat.stderr


def test_the_demo_needs_no_variable_at_all():
    resultat = manage("check")
    assert resultat.returncode == 0, resultat.stderr


def test_env_example_lists_every_variable_the_settings_read():
    import re

    lues = set(
        re.findall(r'env(?:\.\w+)?\(\s*(?:_required\()?"([A-Z_]+)"', (RACINE / "config/settings.py").read_text())
    )
    exemple = (RACINE / ".env.example").read_text()
    manquantes = {v for v in lues if not re.search(rf"^#?\s*{v}=", exemple, re.M)}
    assert not manquantes, f"absentes de .env.example : {sorted(manquantes)}"


def test_collectstatic_with_the_production_storage(tmp_path):
    """Hashed static files (WhiteNoise manifest): every vendored asset and CSS reference resolves."""
    resultat = manage("collectstatic", "--noinput", **PRODUCTION, STATIC_ROOT=str(tmp_path))
    assert resultat.returncode == 0, resultat.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/pico/pico.min.*.css"))


def test_an_unknown_environment_name_is_refused():
    resultat = manage("check", RELAIS_ENV="prod")
    assert resultat.returncode != 0 and "choisissez demo, test ou production" in resultat.stderr
