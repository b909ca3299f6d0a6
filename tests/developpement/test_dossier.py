"""A person named in collective actions, in their file's exports and at the end of its retention period
(docs/developpement.md §8, docs/retention.md): the right-of-access answer lists the actions of each carrying
structure, the encadrant's export what they may know; when the file leaves, the names go and the sessions still
count the person, anonymously."""

import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone

from collectivites.tenancy import tenant_context
from developpement.models import ParticipantIdentifie, Participation
from developpement.retention import tranche_d_age
from portail.export import partie_de_structure, structures_concernees
from tests import factories as f
from usagers.models import Usager
from usagers.retention import appliquer


@pytest.fixture
def cafe(lot, structure_a, jeanne):
    """Jeanne (born 14 March 1980) named in the « Café des parents » of structure A, present at two sessions of three;
    a third session counted three women aged 26–59 already."""
    with tenant_context(lot):
        Usager.objects.filter(pk=jeanne.pk).update(civilite="madame")
        action = f.ActionCollectiveFactory(titre="Café des parents", structures=[structure_a])
        seances = [f.SeanceFactory(action=action, date=datetime.date(2026, 3, j)) for j in (10, 17, 24)]
        participant = f.ParticipantIdentifieFactory(action=action, usager=jeanne)
        for seance in seances[:2]:
            f.PresenceFactory(seance=seance, participant=participant)
        f.ParticipationFactory(seance=seances[0], tranche_age="26_59", sexe="femme", nombre=3)
    return action, seances


def test_the_right_of_access_answer_lists_the_actions_of_the_carrying_structure(eric, bob, jeanne, cafe, lot):
    with tenant_context(lot):
        structure_a = cafe[0].structures.get()
        assert (structure_a.pk, False) in structures_concernees(jeanne)
        [action] = partie_de_structure(bob, jeanne, structure_a, False)["actions_collectives"]
    assert action["action"] == "Café des parents"
    assert action["seances_suivies"] == [datetime.date(2026, 3, 10), datetime.date(2026, 3, 17)]


def test_the_encadrants_export_has_the_actions_they_may_know(client, eric, alice, jeanne, cafe):
    client.force_login(eric)
    reponse = client.get(f"/personnes/{jeanne.pk}/export.zip")
    assert reponse.status_code == 200
    with zipfile.ZipFile(io.BytesIO(reponse.content)) as zf:
        actions = json.loads(zf.read("actions_collectives.json"))
    assert [a["action"] for a in actions] == ["Café des parents"]


@pytest.mark.date_figee
def test_when_the_file_leaves_the_names_go_and_the_sessions_still_count_the_person(lot, jeanne, cafe):
    action, seances = cafe
    maintenant = timezone.now()
    with tenant_context(lot):
        Usager.objects.filter(pk=jeanne.pk).update(dernier_contact=maintenant - timezone.timedelta(days=800))
    appliquer(maintenant)
    with tenant_context(lot):
        assert not ParticipantIdentifie.objects.exists()
        comptes = {
            (p.seance_id, p.tranche_age, p.sexe): p.nombre for p in Participation.objects.filter(seance__action=action)
        }
    # 46 years old in March 2026, « Madame »: one more woman of 26–59 at each session she attended
    assert comptes == {(seances[0].pk, "26_59", "femme"): 4, (seances[1].pk, "26_59", "femme"): 1}
    jeanne.refresh_from_db()
    assert jeanne.anonymise_le is not None


@pytest.mark.parametrize(
    ("naissance", "jour", "tranche"),
    [
        ("2008-03-11", "2026-03-10", "moins_18"),
        ("2008-03-10", "2026-03-10", "18_25"),
        ("2000-03-10", "2026-03-10", "26_59"),
        ("1966-03-11", "2026-03-10", "26_59"),
        ("1966-03-10", "2026-03-10", "60_plus"),
    ],
)
def test_the_age_band_is_the_age_on_the_sessions_day(naissance, jour, tranche):
    assert tranche_d_age(datetime.date.fromisoformat(naissance), datetime.date.fromisoformat(jour)) == tranche
