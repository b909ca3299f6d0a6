"""Identified participants of collective actions (docs/developpement.md §8): persons of Relais named with their
consent, known only by the social workers and encadrants of the carrying structures, every read logged; attendance
per session; the person's file shows the actions they took part in to those who may know."""

import datetime

from collectivites.tenancy import tenant_context
from developpement.models import ParticipantIdentifie, Presence
from tests import factories as f
from usagers.models import JournalAcces

from .conftest import texte

COMPTES_A_ZERO = {
    f"n_{t}_{s}": 0 for t in ("moins_18", "18_25", "26_59", "60_plus") for s in ("femme", "homme", "non_precise")
}


def _action(lot, structure_a, **kw):
    with tenant_context(lot):
        return f.ActionCollectiveFactory(titre="Café des parents", structures=[structure_a], **kw)


def _nommer(client, action, usager, **donnees):
    return client.post(
        f"/developpement/actions/{action.pk}/participants/ajouter/",
        {"q": "Dupont", "usager": usager.pk, "consentement": "on", "consentement_le": "2026-03-01", **donnees},
    )


def test_a_worker_names_a_person_with_their_consent_and_the_read_is_logged(client, bob, structure_a, jeanne, lot):
    action = _action(lot, structure_a)
    client.force_login(bob)
    recherche = client.get(f"/developpement/actions/{action.pk}/participants/ajouter/?q=Jeanne Dupont")
    assert recherche.status_code == 200 and "Jeanne" in texte(recherche) and "DUPONT" in texte(recherche).upper()
    reponse = _nommer(client, action, jeanne)
    assert reponse.status_code == 302 and reponse["Location"] == f"/developpement/actions/{action.pk}/"
    with tenant_context(lot):
        participant = ParticipantIdentifie.objects.get()
        assert participant.usager == jeanne and participant.consentement_le == datetime.date(2026, 3, 1)
        avant = JournalAcces.objects.concernant(jeanne).count()
    page = texte(client.get(f"/developpement/actions/{action.pk}/"))
    assert "Participants nommés" in page and "1 participant nommé" in page and "Jeanne" in page
    with tenant_context(lot):
        # the action's page named Jeanne: one more access-log row mentions her
        assert JournalAcces.objects.concernant(jeanne).count() == avant + 1


def test_without_consent_nothing_is_written_and_the_field_says_why(client, bob, structure_a, jeanne, lot):
    action = _action(lot, structure_a)
    client.force_login(bob)
    reponse = client.post(
        f"/developpement/actions/{action.pk}/participants/ajouter/",
        {"q": "Dupont", "usager": jeanne.pk, "consentement_le": "2026-03-01"},
    )
    assert reponse.status_code == 200
    page = texte(reponse)
    assert "Rien n'a été enregistré" in page and "doit avoir donné son accord" in page
    reponse = _nommer(client, action, jeanne, consentement_le="pas une date")
    assert "Saisissez une date valide" in texte(reponse)
    with tenant_context(lot):
        assert not ParticipantIdentifie.objects.exists()


def test_a_person_is_named_once_per_action(client, bob, structure_a, jeanne, lot):
    action = _action(lot, structure_a)
    client.force_login(bob)
    _nommer(client, action, jeanne)
    reponse = _nommer(client, action, jeanne)
    assert reponse.status_code == 200 and "participe déjà à cette action" in texte(reponse)
    with tenant_context(lot):
        assert ParticipantIdentifie.objects.count() == 1


def test_only_the_workers_of_a_carrying_structure_know_the_named_participants(client, cast_a, structure_a, jeanne, lot):
    action = _action(lot, structure_a)
    with tenant_context(lot):
        f.ParticipantIdentifieFactory(action=action, usager=jeanne)
    for role, user in cast_a.items():
        client.force_login(user)
        reponse = client.get(f"/developpement/actions/{action.pk}/")
        nomme = reponse.status_code == 200 and "Jeanne" in texte(reponse)
        # bob and eric (travailleur social, encadrant of structure A) follow persons in a carrying structure;
        # alice (desk), david (project lead), fanny (administrator) see the action, not who took part
        assert nomme == (role in ("travailleur_social", "encadrant")), role
        ajout = client.get(f"/developpement/actions/{action.pk}/participants/ajouter/?q=Dupont")
        attendu = {"travailleur_social": 200, "encadrant": 200, "travailleur_social_autre_structure": 404}
        assert ajout.status_code == attendu.get(role, 403), role


def test_a_session_records_the_attendance_of_named_participants(client, bob, structure_a, jeanne, lot):
    action = _action(lot, structure_a)
    with tenant_context(lot):
        participant = f.ParticipantIdentifieFactory(action=action, usager=jeanne)
    client.force_login(bob)
    formulaire = texte(client.get(f"/developpement/actions/{action.pk}/seances/nouvelle/"))
    assert "Participants identifiés présents" in formulaire and "Jeanne" in formulaire
    reponse = client.post(
        f"/developpement/actions/{action.pk}/seances/nouvelle/",
        {
            "date": "2026-03-10",
            "adresse": "Salle des fêtes",
            "contenu": "Le sommeil des enfants.",
            "presents": [participant.pk],
            **COMPTES_A_ZERO,
            "n_26_59_femme": 4,
        },
    )
    assert reponse.status_code == 302
    with tenant_context(lot):
        assert list(Presence.objects.values_list("participant__usager_id", flat=True)) == [jeanne.pk]
    page = texte(client.get(f"/developpement/actions/{action.pk}/"))
    # 4 counted + Jeanne present
    assert "1 séance, 5 participations" in page and "Dont 1 présence de participants nommés" in page


def test_a_participant_of_another_action_cannot_be_marked_present(client, bob, structure_a, jeanne, lot):
    action = _action(lot, structure_a)
    with tenant_context(lot):
        ailleurs = f.ParticipantIdentifieFactory(action=_action(lot, structure_a), usager=jeanne)
    client.force_login(bob)
    reponse = client.post(
        f"/developpement/actions/{action.pk}/seances/nouvelle/",
        {"date": "2026-03-10", "adresse": "Salle", "contenu": "Atelier.", "presents": [ailleurs.pk], **COMPTES_A_ZERO},
    )
    assert reponse.status_code == 200 and "Rien n'a été enregistré" in texte(reponse)
    with tenant_context(lot):
        assert not Presence.objects.exists() and not action.seances.exists()


def test_a_participant_is_withdrawn_when_they_withdraw_their_consent(client, bob, structure_a, jeanne, lot):
    action = _action(lot, structure_a)
    with tenant_context(lot):
        participant = f.ParticipantIdentifieFactory(action=action, usager=jeanne)
        f.PresenceFactory(seance=f.SeanceFactory(action=action), participant=participant)
    client.force_login(bob)
    url = f"/developpement/actions/{action.pk}/participants/{participant.pk}/retirer/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    with tenant_context(lot):
        assert not ParticipantIdentifie.objects.exists() and not Presence.objects.exists()


def test_the_person_file_shows_the_actions_to_those_who_may_know(client, alice, bob, structure_a, jeanne, lot):
    action = _action(lot, structure_a, debut=datetime.date(2026, 3, 1))
    with tenant_context(lot):
        participant = f.ParticipantIdentifieFactory(action=action, usager=jeanne)
        f.PresenceFactory(seance=f.SeanceFactory(action=action), participant=participant)
    client.force_login(bob)
    fiche = texte(client.get(f"/usagers/{jeanne.pk}/"))
    assert "Actions collectives" in fiche and "Café des parents" in fiche and "1 séance suivie" in fiche
    # the desk sees Jeanne's file but does not learn that she took part in an action
    client.force_login(alice)
    fiche = texte(client.get(f"/usagers/{jeanne.pk}/"))
    assert "Jeanne" in fiche and "Café des parents" not in fiche


def test_the_evaluation_offers_a_questionnaire_for_the_participants(client, bob, chloe, structure_a, lot):
    from developpement.models import Diffusion

    action = _action(lot, structure_a, fin=datetime.date(2026, 6, 30))
    client.force_login(bob)
    page = texte(client.get(f"/developpement/actions/{action.pk}/"))
    assert "Créer le questionnaire des participants" in page
    url = f"/developpement/actions/{action.pk}/questionnaire/"
    assert client.get(url).status_code == 405
    reponse = client.post(url)
    with tenant_context(lot):
        action.refresh_from_db()
        questionnaire = action.questionnaire
        diffusion = Diffusion.objects.get(questionnaire=questionnaire)
    assert reponse["Location"] == f"/developpement/questionnaires/{questionnaire.pk}/"
    assert questionnaire.titre == "Votre avis sur « Café des parents »" and questionnaire.structure == structure_a
    assert questionnaire.nature == "action_collective" and diffusion.lieu is None
    page = texte(client.get(f"/developpement/actions/{action.pk}/"))
    assert "Votre avis sur « Café des parents »" in page and "Créer le questionnaire" not in page
    # a participant answers it like any public questionnaire
    public = texte(client.get(f"/c/lot/questionnaire/{diffusion.jeton}/"))
    assert "Êtes-vous satisfait de l'action ?" in public
    # a second one is refused; the staff of another structure cannot create it
    reponse = client.post(url, follow=True)
    assert "déjà son questionnaire des participants" in texte(reponse)
    client.force_login(chloe)
    assert client.post(url).status_code == 404


def test_the_action_page_costs_the_same_number_of_queries_whatever_the_number_of_participants(
    client, bob, structure_a, lot, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action = _action(lot, structure_a)
    seance = None

    def nommer(n):
        nonlocal seance
        with tenant_context(lot):
            seance = seance or f.SeanceFactory(action=action)
            for _ in range(n):
                f.PresenceFactory(seance=seance, participant=f.ParticipantIdentifieFactory(action=action))

    client.force_login(bob)
    url = f"/developpement/actions/{action.pk}/"
    nommer(3)
    client.get(url)
    with CaptureQueriesContext(connection) as requetes:
        page = client.get(url)
    assert "3 participants nommés" in texte(page)
    nommer(3)
    with django_assert_num_queries(len(requetes)):
        page = client.get(url)
    assert "6 participants nommés" in texte(page)
