"""The outbox queues tasks by name; the shared helpers of the actions: signed links, absolute URLs, e-mails."""

import ast
import datetime
from pathlib import Path

import pytest
from celery import current_app
from django.conf import settings
from django.core import mail, signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from collectivites import courriels
from collectivites.champs import affecter
from collectivites.envois import planifier
from collectivites.liens import LienSigne, url_absolue
from collectivites.models import Envoi
from comptes.roles import Role
from reseau.models import Invitation, Structure

RACINE = Path(settings.BASE_DIR)


def _taches_planifiees():
    """Every task name written as the first argument of a ``planifier(…)`` call in the project's code."""
    noms = {}
    for fichier in RACINE.glob("*/**/*.py"):
        if fichier.parts[len(RACINE.parts)] in (".venv", "tests", "bench"):
            continue
        for noeud in ast.walk(ast.parse(fichier.read_text(), str(fichier))):
            if isinstance(noeud, ast.Call) and getattr(noeud.func, "id", None) == "planifier" and noeud.args:
                premier = noeud.args[0]
                if isinstance(premier, ast.Constant):
                    noms.setdefault(premier.value, str(fichier.relative_to(RACINE)))
    return noms


def test_every_task_queued_by_name_exists():
    """A misspelt name would wait in the outbox for ever: each one names a registered task."""
    noms = _taches_planifiees()
    assert {"accueil.notifier_orientation", "reseau.envoyer_invitation", "comptes.envoyer_email"} <= set(noms)
    current_app.loader.import_default_modules()
    inconnues = {nom: ou for nom, ou in noms.items() if nom not in current_app.tasks}
    assert inconnues == {}


def test_a_task_is_queued_by_its_name_not_by_the_task(dans_le_lot):
    from reseau.tasks import envoyer_invitation

    with pytest.raises(TypeError, match="nom de la tâche"):
        planifier(envoyer_invitation, dans_le_lot, 1)
    assert not Envoi.objects.exists()


def test_the_outbox_row_carries_the_name_and_the_collectivite(dans_le_lot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        envoi = planifier("comptes.envoyer_email", dans_le_lot, ["x@exemple.fr"], "Sujet", "Texte")
    assert envoi.tache == "comptes.envoyer_email" and envoi.arguments == [["x@exemple.fr"], "Sujet", "Texte"]
    assert envoi.options == {"collectivite_id": dans_le_lot.pk}
    assert len(rappels) == 1  # published after the commit, not before


# Signed links

LIEN = LienSigne(sel="relais.test", champ="t", duree=datetime.timedelta(days=2), message_expire="Trop tard.")


def test_a_signed_link_carries_the_id_and_the_key():
    assert LIEN.lire(LIEN.jeton(42, "cle")) == (42, "cle")


def test_a_link_made_before_the_shared_helper_still_opens():
    """Links already e-mailed keep working: same salt, same payload, same compression."""
    ancien = signing.dumps({"t": 7, "c": "abc"}, salt="relais.test", compress=True)
    assert LIEN.lire(ancien) == (7, "abc")


@pytest.mark.parametrize(
    "jeton",
    [
        "n'importe quoi",
        LienSigne(sel="autre.usage", champ="t", duree=datetime.timedelta(days=2)).jeton(42, "cle"),  # another use
        signing.dumps(["t", 42], salt="relais.test", compress=True),
    ],
)
def test_a_tampered_link_or_one_for_another_use_is_refused(jeton):
    with pytest.raises(ValidationError, match="Ce lien n'est pas valide."):
        LIEN.lire(jeton)


def test_an_expired_link_says_so(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC), tick=False)
    jeton = LIEN.jeton(42, "cle")
    time_machine.move_to(datetime.datetime(2026, 5, 3, 11, tzinfo=datetime.UTC), tick=False)
    with pytest.raises(ValidationError, match="Trop tard."):
        LIEN.lire(jeton)


@override_settings(RELAIS_URL="https://relais.lot.fr/")
def test_an_absolute_url_is_the_public_address_plus_the_path():
    assert url_absolue("accueil:orientation", pk=3) == "https://relais.lot.fr" + reverse(
        "accueil:orientation", args=[3]
    )
    assert url_absolue("orientation_lien", collectivite_slug="lot", jeton="j").startswith(
        "https://relais.lot.fr/c/lot/"
    )


# E-mails


def test_an_email_has_its_html_alternative_when_the_template_exists(lot, structure_a2, fanny):
    structure_a2.nom = "CCAS <b>de</b> Cahors"
    invitation = Invitation(
        collectivite=lot, structure=structure_a2, invitee_par=fanny, role=Role.ACCUEIL, expire_le=timezone.now()
    )
    contexte = {"invitation": invitation, "lien": "https://relais.lot.fr/c/lot/invitation/j/"}
    assert courriels.envoyer("reseau/emails/invitation.txt", "Invitation", ["a@exemple.fr"], contexte) == 1
    (message,) = mail.outbox
    ((html, type_),) = message.alternatives
    assert type_ == "text/html" and "CCAS &lt;b&gt;de&lt;/b&gt; Cahors" in html  # escaped in HTML
    assert "CCAS <b>de</b> Cahors" in message.body  # plain text stays as typed


def test_an_email_without_html_template_is_text_only(alice):
    contexte = {"user": alice, "protocol": "https", "domain": "relais.lot.fr", "uid": "MQ", "token": "a-b"}
    texte, html = courriels.rendre("comptes/email_reinitialisation.txt", contexte)
    assert html is None and "https://relais.lot.fr/" in texte
    assert courriels.expedier(["a@exemple.fr"], "Sujet\nsur deux lignes\n", texte) == 1
    (message,) = mail.outbox
    assert message.alternatives == [] and message.subject == "Sujet sur deux lignes"


def test_no_recipient_no_email():
    assert courriels.envoyer("reseau/emails/invitation.txt", "Sujet", ["", None], {}) == 0
    assert courriels.expedier([], "Sujet", "Texte") == 0
    assert mail.outbox == []


# Explicit arguments


def test_affecter_sets_model_fields_and_refuses_an_unknown_name():
    structure = affecter(Structure(), {"nom": "CCAS", "email": "ccas@exemple.fr"})
    assert (structure.nom, structure.email) == ("CCAS", "ccas@exemple.fr")
    with pytest.raises(FieldDoesNotExist):
        affecter(structure, {"nomm": "faute de frappe"})
