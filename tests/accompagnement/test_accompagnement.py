import pytest

from accompagnement.models import Action, Entretien, MembreGroupe, NotePrivee, Objectif, Theme
from collectivites.tenancy import tenant_context
from usagers.models import JournalAcces

# The fixed dates below (due dates, an interview on 20/11/2026, « no contact for a month ») are read against today.
pytestmark = pytest.mark.date_figee


def dans(lot, fonction):
    with tenant_context(lot):
        return fonction()


def plan(client, a, structure_a2):
    client.post(f"/accompagnements/{a.pk}/themes/", {"libelle": "Budget"})
    theme = dans(a.collectivite, lambda: Theme.objects.get(accompagnement=a))
    client.post(
        f"/accompagnements/{a.pk}/objectifs/",
        {"theme": theme.pk, "libelle": "Résorber la dette d'énergie", "date_accord": "2026-09-05"},
    )
    objectif = dans(a.collectivite, lambda: Objectif.objects.get(theme=theme))
    for libelle, porteur, structure, echeance in (
        ("Demander le FSL énergie", "travailleur", "", "2026-09-20"),
        ("Rassembler les factures", "personne", "", "2099-01-10"),
        ("Instruire l'aide alimentaire", "partenaire", structure_a2.pk, "2099-02-01"),
    ):
        client.post(
            f"/accompagnements/{a.pk}/actions/",
            {
                "objectif": objectif.pk,
                "libelle": libelle,
                "porteur": porteur,
                "structure_porteuse": structure,
                "echeance": echeance,
            },
        )
    return objectif


def test_a_social_worker_opens_a_support_and_is_its_referent(soutien, bob, structure_a):
    assert soutien.referent == bob and soutien.statut == "ouvert"
    groupe = dans(soutien.collectivite, lambda: list(MembreGroupe.objects.filter(accompagnement=soutien)))
    assert [(m.utilisateur, m.structure, m.referent) for m in groupe] == [(bob, structure_a, True)]


def test_the_plan_reads_like_a_plan(client, soutien, bob, structure_a2):
    client.force_login(bob)
    plan(client, soutien, structure_a2)
    page = client.get(f"/accompagnements/{soutien.pk}/").content.decode()
    assert "Résorber la dette d&#x27;énergie" in page and "(convenu le 05/09/2026)" in page
    assert "En retard (1)" in page and "Demander le FSL énergie — échéance 20/09/2026" in page
    assert "Une structure partenaire : CCAS de Cahors" in page


def test_an_action_due_before_the_support_started_is_refused(client, soutien, bob, structure_a2):
    client.force_login(bob)
    objectif = plan(client, soutien, structure_a2)
    reponse = client.post(
        f"/accompagnements/{soutien.pk}/actions/",
        {"objectif": objectif.pk, "libelle": "Trop tôt", "porteur": "personne", "echeance": "2026-01-01"},
        follow=True,
    )
    assert "L&#x27;échéance ne peut pas précéder le début de l&#x27;accompagnement (01/09/2026)." in (
        reponse.content.decode()
    )
    assert not dans(soutien.collectivite, lambda: Action.objects.filter(libelle="Trop tôt").exists())


def test_a_partner_action_needs_its_structure(client, soutien, bob, structure_a2):
    client.force_login(bob)
    objectif = plan(client, soutien, structure_a2)
    reponse = client.post(
        f"/accompagnements/{soutien.pk}/actions/",
        {"objectif": objectif.pk, "libelle": "Sans partenaire", "porteur": "partenaire"},
        follow=True,
    )
    assert "Choisissez la structure partenaire qui porte l&#x27;action." in reponse.content.decode()


def test_private_notes_belong_to_their_author(client, soutien, bob, chloe, eric, structure_a2, lot):
    client.force_login(bob)
    client.post(f"/accompagnements/{soutien.pk}/groupe/", {"utilisateur": chloe.pk, "structure": structure_a2.pk})
    client.post(
        f"/accompagnements/{soutien.pk}/entretiens/nouveau/",
        {
            "date": "2026-10-02T10:00",
            "canal": "domicile",
            "adresse_visite": "3 rue des Fleurs, Cahors",
            "synthese": "Point sur les factures.",
            "note_privee": "Tension palpable avec le bailleur.",
        },
    )
    page_bob = client.get(f"/accompagnements/{soutien.pk}/").content.decode()
    assert "Tension palpable avec le bailleur." in page_bob and "3 rue des Fleurs" in page_bob
    for autre in (chloe, eric):  # a group member, and the encadrant of the structure
        client.force_login(autre)
        page = client.get(f"/accompagnements/{soutien.pk}/").content.decode()
        assert "Point sur les factures." in page and "3 rue des Fleurs" in page
        assert "Tension palpable" not in page
    with tenant_context(lot):
        assert NotePrivee.objects.de(chloe).count() == 0 and NotePrivee.objects.de(bob).count() == 1


@pytest.mark.parametrize(
    "role,attendu",
    [
        ("travailleur_social", 200),  # referent, in the group
        ("encadrant", 200),  # encadrant of the structure
        ("travailleur_social_autre_structure", 404),  # not in the group
        ("accueil", 403),
        ("chef_de_projet", 403),
        ("administrateur", 403),
        ("partenaire", 403),
    ],
)
def test_who_may_open_a_support(client, cast_a, soutien, role, attendu):
    client.force_login(cast_a[role])
    assert client.get(f"/accompagnements/{soutien.pk}/").status_code == attendu


def test_a_member_added_then_removed_sees_then_only_knows_it_exists(client, soutien, bob, chloe, structure_a2, jeanne):
    client.force_login(bob)
    client.post(f"/accompagnements/{soutien.pk}/groupe/", {"utilisateur": chloe.pk, "structure": structure_a2.pk})
    client.force_login(chloe)
    assert client.get(f"/accompagnements/{soutien.pk}/").status_code == 200
    client.force_login(bob)
    membre = dans(soutien.collectivite, lambda: MembreGroupe.objects.get(utilisateur=chloe))
    client.post(f"/accompagnements/{soutien.pk}/groupe/{membre.pk}/retirer/")
    client.force_login(chloe)
    assert client.get(f"/accompagnements/{soutien.pk}/").status_code == 404
    bandeau = client.get(f"/usagers/{jeanne.pk}/bandeau/").content.decode()
    assert "Accompagnement budgétaire — Département du Lot — Solidarités" in bandeau
    assert f'href="/accompagnements/{soutien.pk}/"' not in bandeau


def test_a_member_must_belong_to_the_structure_named(client, soutien, bob, chloe, structure_a):
    client.force_login(bob)
    reponse = client.post(
        f"/accompagnements/{soutien.pk}/groupe/", {"utilisateur": chloe.pk, "structure": structure_a.pk}, follow=True
    )
    assert "n&#x27;est pas membre du Département du Lot" in reponse.content.decode()
    assert dans(soutien.collectivite, lambda: MembreGroupe.objects.count()) == 1


def test_someone_outside_the_group_cannot_write(client, soutien, chloe):
    client.force_login(chloe)
    assert client.post(f"/accompagnements/{soutien.pk}/themes/", {"libelle": "Intrusion"}).status_code == 404
    assert not dans(soutien.collectivite, lambda: Theme.objects.exists())


def test_closure_needs_an_outcome_and_locks_the_plan(client, soutien, bob):
    client.force_login(bob)
    page = client.post(f"/accompagnements/{soutien.pk}/cloturer/", {"issue": ""}).content.decode()
    assert "Choisissez l&#x27;issue de l&#x27;accompagnement." in page
    client.post(f"/accompagnements/{soutien.pk}/cloturer/", {"issue": "objectifs_atteints"})
    soutien.refresh_from_db()
    assert soutien.statut == "clos" and soutien.date_fin is not None
    reponse = client.post(f"/accompagnements/{soutien.pk}/themes/", {"libelle": "Après"}, follow=True)
    assert "Cet accompagnement est clos : rouvrez-le pour le modifier." in reponse.content.decode()
    client.post(f"/accompagnements/{soutien.pk}/rouvrir/")
    soutien.refresh_from_db()
    assert soutien.statut == "ouvert" and soutien.issue == ""


def test_an_encadrant_replaces_the_referent(client, soutien, bob, eric, lot, structure_a):
    from tests import factories as f

    remplacante = f.utilisateur(lot, structure_a, "travailleur_social", prenom="Inès", email="ines@lot.test")
    client.force_login(bob)
    assert (
        client.post(
            f"/accompagnements/{soutien.pk}/referent/", {"utilisateur": remplacante.pk, "structure": structure_a.pk}
        ).status_code
        == 403
    )
    client.force_login(eric)
    client.post(
        f"/accompagnements/{soutien.pk}/referent/", {"utilisateur": remplacante.pk, "structure": structure_a.pk}
    )
    soutien.refresh_from_db()
    assert soutien.referent == remplacante
    with tenant_context(lot):
        ancien = MembreGroupe.objects.get(utilisateur=bob)
        assert ancien.date_fin is not None and ancien.motif_fin == "remplacement"


def test_child_protection_is_confidential(client, helene, bob, alice, jeanne, types, structure_a, lot):
    client.force_login(bob)
    assert (
        client.post(
            "/accompagnements/nouveau/",
            {
                "usager": jeanne.pk,
                "type": types["evaluation-ip"].pk,
                "structure": structure_a.pk,
                "date_debut": "2026-10-01",
            },
        ).status_code
        == 200
    )  # the type is not even offered to him
    client.force_login(helene)
    client.post(
        "/accompagnements/nouveau/",
        {
            "usager": jeanne.pk,
            "type": types["evaluation-ip"].pk,
            "structure": structure_a.pk,
            "date_debut": "2026-10-01",
        },
    )
    from accompagnement.models import Accompagnement

    ip = dans(lot, lambda: Accompagnement.objects.get(type=types["evaluation-ip"]))
    assert client.get(f"/accompagnements/{ip.pk}/").status_code == 200
    for autre in (bob, alice):
        client.force_login(autre)
        bandeau = client.get(f"/usagers/{jeanne.pk}/bandeau/").content.decode()
        assert "Un accompagnement confidentiel existe." in bandeau
        assert "information préoccupante" not in bandeau
    client.force_login(bob)
    assert client.get(f"/accompagnements/{ip.pk}/").status_code == 404


def test_reading_a_support_is_logged(client, soutien, bob, lot):
    client.force_login(bob)
    client.get(f"/accompagnements/{soutien.pk}/")
    with tenant_context(lot):
        assert JournalAcces.objects.filter(utilisateur=bob, objet=f"accompagnement:{soutien.pk}").count() == 1


def test_my_caseload_flags_overdue_and_silent_supports(client, soutien, bob, structure_a2, lot):
    lot.mois_sans_contact_alerte = 1  # the collectivité's setting: one month without contact
    lot.save()
    client.force_login(bob)
    plan(client, soutien, structure_a2)
    assert "1 accompagnement" in client.get("/accompagnements/?filtre=retard").content.decode()
    assert "1 accompagnement" in client.get("/accompagnements/?filtre=sans_contact").content.decode()
    client.post(f"/accompagnements/{soutien.pk}/entretiens/nouveau/", {"date": "2026-11-20T10:00", "canal": "bureau"})
    assert "0 accompagnement" in client.get("/accompagnements/?filtre=sans_contact").content.decode()
    assert dans(soutien.collectivite, lambda: Entretien.objects.count()) == 1


def test_the_caseload_columns_are_queryset_methods(client, soutien, bob, structure_a2, lot):
    """AccompagnementQuerySet: avec_suivi, en_retard, sans_contact_depuis, par_referent — chainable."""
    import datetime

    from accompagnement.models import Accompagnement

    client.force_login(bob)
    plan(client, soutien, structure_a2)
    jour = datetime.date(2026, 12, 1)
    with tenant_context(lot):
        a = Accompagnement.objects.ouverts().avec_suivi(jour).get()
        assert (a.en_retard, a.prochaine, a.dernier_entretien) == (1, datetime.date(2099, 1, 10), None)
        assert Accompagnement.objects.avec_suivi(jour).en_retard().count() == 1
        assert Accompagnement.objects.avec_suivi(datetime.date(2026, 9, 1)).en_retard().count() == 0
        seuil = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)
        assert list(Accompagnement.objects.sans_contact_depuis(seuil)) == [soutien]  # opened 01/09, no interview
        assert not Accompagnement.objects.sans_contact_depuis(seuil.replace(month=8)).exists()
        assert list(Accompagnement.objects.par_referent(jour)) == [
            {"referent": bob.pk, "referent__prenom": "Bob", "referent__nom": bob.nom, "nombre": 1, "en_retard": 1}
        ]


def test_an_interview_in_the_future_is_refused(client, soutien, bob):
    client.force_login(bob)
    page = client.post(
        f"/accompagnements/{soutien.pk}/entretiens/nouveau/", {"date": "2099-01-01T10:00", "canal": "bureau"}
    ).content.decode()
    assert "Un entretien ne se consigne pas à l&#x27;avance." in page
    assert dans(soutien.collectivite, lambda: Entretien.objects.count()) == 0


def test_the_team_view_counts_supports_per_referent(client, soutien, bob, eric, alice):
    client.force_login(alice)
    assert client.get("/accompagnements/equipe/").status_code == 403
    client.force_login(eric)
    page = client.get("/accompagnements/equipe/").content.decode()
    assert "Bob" in page and "Sans référent·e (0)" in page


def test_every_change_keeps_its_history(client, soutien, bob, structure_a2, lot):
    client.force_login(bob)
    objectif = plan(client, soutien, structure_a2)
    action = dans(lot, lambda: Action.objects.filter(objectif=objectif).first())
    client.post(
        f"/accompagnements/{soutien.pk}/actions/{action.pk}/statut/", {"statut": "realisee", "resultat": "FSL accordé"}
    )
    with tenant_context(lot):
        dernier = Action.historique.filter(id=action.pk).latest("history_date")
        assert dernier.history_user == bob and dernier.history_type == "~"
        assert {c.field for c in dernier.diff_against(dernier.prev_record).changes} == {
            "statut",
            "resultat",
            "realisee_le",
        }
    page = client.get(f"/accompagnements/{soutien.pk}/").content.decode()
    assert (
        "Bob Agent" in page
        and "modification : Action « Demander le FSL énergie » (réalisée le, résultat, statut)" in page
    )


def test_a_support_opened_from_a_passage_remembers_it(client, bob, jeanne, types, structure_a, lot, saisie):
    from accompagnement.models import Accompagnement
    from accueil.models import Passage

    client.force_login(bob)
    client.post("/accueil/passage/nouveau/", saisie(usager=jeanne.pk, accompagnement_propose="on"))
    passage = dans(lot, lambda: Passage.objects.get())
    page = client.get(f"/accueil/passages/{passage.pk}/").content.decode()
    lien = f"/accompagnements/nouveau/?usager={jeanne.pk}&amp;passage={passage.pk}"
    assert lien in page
    client.post(
        lien.replace("&amp;", "&"),
        {
            "usager": jeanne.pk,
            "passage": passage.pk,
            "type": types["logement"].pk,
            "structure": structure_a.pk,
            "date_debut": "2026-10-01",
        },
    )
    assert dans(lot, lambda: Accompagnement.objects.get().passage_origine_id) == passage.pk
