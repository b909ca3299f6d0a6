"""An inhabitant answers without an account: nothing about them is stored, a honeypot and a rate limit hold."""

import datetime

from django.utils import timezone

from collectivites.tenancy import tenant_context
from developpement import views
from developpement.models import ParametresDeveloppement, Reponse, Valeur
from tests import factories as f

from .conftest import questions_de, texte, url_publique


def _reponse_complete(satisfaction, lot):
    with tenant_context(lot):
        q = questions_de(satisfaction)
    valeurs = {
        "Est-ce votre première venue ici ?": "Oui",
        "Pourquoi êtes-vous venu ?": ["Une démarche", "Une information"],
        "Êtes-vous satisfait de l'accueil ?": "5",
        "Qu'est-ce qui pourrait être amélioré ?": "Des chaises en plus.",
    }
    return {f"q{q[libelle].pk}": v for libelle, v in valeurs.items()}


def test_an_inhabitant_answers_without_an_account_and_nothing_identifies_them(client, diffusion, satisfaction, lot):
    page = client.get(url_publique(diffusion))
    corps = texte(page)
    assert page.status_code == 200
    assert "Êtes-vous satisfait de l'accueil ? (obligatoire)" in corps and "hx-" not in corps  # a plain form
    reponse = client.post(url_publique(diffusion), _reponse_complete(satisfaction, lot), REMOTE_ADDR="203.0.113.7")
    assert reponse.status_code == 302 and reponse["Location"].endswith("/merci/")
    assert "Merci pour vos réponses" in texte(client.get(reponse["Location"]))
    assert "sessionid" not in client.cookies  # no session: the CSRF cookie alone
    with tenant_context(lot):
        r = Reponse.objects.get()
        assert r.recue_le == timezone.localdate()
        valeurs = {str(v.choix or v.nombre or v.texte) for v in Valeur.objects.filter(reponse=r)}
        assert valeurs == {"Oui", "Une démarche", "Une information", "5", "Des chaises en plus."}
    # the model has no field that could point to a person, an address or a moment of the day
    champs = {f.name for f in Reponse._meta.concrete_fields}
    assert champs == {"id", "collectivite", "diffusion", "version", "recue_le", "demonstration"}


def test_a_missing_required_answer_is_named_and_nothing_is_written(client, diffusion, lot):
    reponse = client.post(url_publique(diffusion), {})
    corps = texte(reponse)
    assert reponse.status_code == 200
    assert "Votre réponse n'est pas encore envoyée" in corps and "Ce champ est obligatoire." in corps
    with tenant_context(lot):
        assert not Reponse.objects.exists()


def test_the_honeypot_thanks_a_robot_and_writes_nothing(client, diffusion, satisfaction, lot):
    donnees = {**_reponse_complete(satisfaction, lot), "site_internet": "http://spam.example"}
    reponse = client.post(url_publique(diffusion), donnees)
    assert reponse.status_code == 302
    with tenant_context(lot):
        assert not Reponse.objects.exists()


def test_the_rate_limit_stops_a_flood_from_one_address(client, diffusion, satisfaction, lot, monkeypatch):
    monkeypatch.setattr(views, "DEBIT_REPONSES", "2/h")
    donnees = _reponse_complete(satisfaction, lot)
    statuts = [client.post(url_publique(diffusion), donnees).status_code for _ in range(3)]
    assert statuts == [302, 302, 429]
    with tenant_context(lot):
        assert Reponse.objects.count() == 2


def test_a_closed_publication_says_so(client, diffusion, lot):
    with tenant_context(lot):
        diffusion.ferme_le = timezone.localdate() - datetime.timedelta(days=1)
        diffusion.save()
    reponse = client.get(url_publique(diffusion))
    assert reponse.status_code == 410 and "ne reçoit pas de réponse aujourd'hui" in texte(reponse)


def test_an_unknown_link_is_a_404(client, lot):
    assert client.get("/c/lot/questionnaire/inconnu/").status_code == 404


def test_a_link_published_before_any_question_says_it_receives_no_answer(client, lot):
    with tenant_context(lot):
        diffusion = f.DiffusionFactory()  # a questionnaire without a version: nothing to answer yet
    page = client.get(f"/c/lot/questionnaire/{diffusion.jeton}/")
    assert page.status_code == 410 and "ne reçoit pas de réponse" in texte(page)


def test_the_collectivite_limit_stops_a_flood_from_many_addresses(client, diffusion, satisfaction, lot, fanny):
    """docs/developpement.md §3: beside the limit per address, one per collectivité, set by its administrator."""
    client.force_login(fanny)
    reponse = client.post("/developpement/parametres/", {"reponses_minimum_satisfaction": 20, "reponses_par_heure": 40})
    assert reponse.status_code == 302
    # a value out of bounds is refused in French under its field, nothing written
    reponse = client.post("/developpement/parametres/", {"reponses_minimum_satisfaction": 20, "reponses_par_heure": 2})
    assert reponse.status_code == 200 and "supérieure ou égale à 30" in texte(reponse)
    client.logout()
    with tenant_context(lot):
        assert ParametresDeveloppement.objects.get().reponses_par_heure == 40
        ParametresDeveloppement.objects.update(reponses_par_heure=3)  # below the form's bound, to test quickly
    assert views.DEBIT_REPONSES == "30/h"  # the limit per address is not what stops these
    donnees = _reponse_complete(satisfaction, lot)
    statuts = [
        client.post(url_publique(diffusion), donnees, REMOTE_ADDR=f"192.0.2.{i}").status_code for i in range(1, 5)
    ]
    assert statuts == [302, 302, 302, 429]
    page = texte(client.post(url_publique(diffusion), donnees, REMOTE_ADDR="192.0.2.50"))
    assert "Ce questionnaire reçoit en ce moment trop de réponses" in page
    with tenant_context(lot):
        assert Reponse.objects.count() == 3
