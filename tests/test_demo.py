import pytest
from django.core.management import call_command
from django.db.models import Count

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context
from comptes.models import Utilisateur
from comptes.roles import Role
from portail import demo
from reseau.models import LieuAccueil, Structure
from territoire.models import Commune, Sectorisation, TerritoireInterventionSociale


@pytest.fixture(scope="module")
def base_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("construire_demo", departements="46,50", verbosity=0)
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command as cc

        # the application role empties the tables but does not own their sequences (docs/securite.md §30)
        cc("flush", interactive=False, verbosity=0, reset_sequences=False)


@pytest.mark.django_db
def test_the_lot_is_a_believable_network(base_demo):
    lot = Collectivite.objects.get(slug="lot")
    with tenant_context(lot):
        assert Commune.objects.du_departement("46").count() == 312
        assert Sectorisation.objects.count() == 312  # every commune has its TIS
        assert TerritoireInterventionSociale.objects.count() == 8
        assert LieuAccueil.objects.filter(structure__type="departement").count() == 45  # seed 004
        types = dict(Structure.objects.values_list("type").annotate(n=Count("id")))
        assert types["ccas-cias"] == 5 and types["france-service"] == 7
        assert Structure.objects.filter(structure_parente__isnull=False).count() == 1


@pytest.mark.django_db
def test_the_manche_has_the_nine_poles_of_the_seed(base_demo):
    manche = Collectivite.objects.get(slug="manche")
    with tenant_context(manche):
        noms = set(TerritoireInterventionSociale.objects.values_list("nom", flat=True))
        assert len(noms) == 9 and "Pôle d'action sociale de Saint-Hilaire-du-Harcouët" in noms
        assert Sectorisation.objects.count() == 445
        hague = TerritoireInterventionSociale.objects.get(nom__endswith="Cherbourg-Hague")
        saire = TerritoireInterventionSociale.objects.get(nom__endswith="Cherbourg-Val de Saire")
        assert hague.sectorisations.exists() and saire.sectorisations.exists()


@pytest.mark.django_db
def test_every_printed_login_works(base_demo, client):
    for reseau in demo.RESEAUX:
        for role, email in demo.logins(reseau):
            assert client.login(username=email, password=demo.MOT_DE_PASSE_DEMO), email
            user = Utilisateur.objects.get(email=email)
            with tenant_context(user.collectivite):
                assert user.role_principal == role
            # the landing page of each role answers (a social worker is sent on to the caseload)
            assert client.get("/", follow=True).status_code == 200
            client.logout()


@pytest.mark.django_db
def test_building_twice_changes_nothing(base_demo, capsys):
    avant = Utilisateur.objects.count()
    call_command("construire_demo", departements="46,50")
    assert Utilisateur.objects.count() == avant
    sortie = capsys.readouterr().out
    assert "existe déjà" in sortie and "accueil@lot.demo.fr" in sortie
    assert Role.ACCUEIL.label in sortie


@pytest.mark.django_db
def test_the_demo_desk_is_alive_with_a_seasonal_year(base_demo):
    from accueil.models import Orientation, Passage

    lot = Collectivite.objects.get(slug="lot")
    with tenant_context(lot):
        passages = Passage.objects.exclude(statut="en_attente")
        assert passages.count() > 5000
        par_mois = {m: passages.filter(date_heure__month=m).count() for m in (8, 10)}
        assert par_mois[8] < par_mois[10] * 0.7  # August is quiet
        assert Passage.objects.filter(statut="en_attente").count() == 2
        assert passages.filter(usager__isnull=True).count() > passages.filter(usager__isnull=False).count()
        statuts = set(Orientation.objects.values_list("statut", flat=True))
        assert {"realisee", "refusee", "acceptee"} <= statuts


@pytest.mark.django_db
def test_the_demo_network_has_its_charter_and_opening_hours(base_demo, client):
    from reseau.models import Charte, Signature

    lot = Collectivite.objects.get(slug="lot")
    with tenant_context(lot):
        assert Charte.objects.get().en_vigueur
        assert Signature.objects.count() >= 10
        assert not LieuAccueil.objects.filter(horaires="").exists()
    assert "Structures signataires" in client.get("/c/lot/charte/").content.decode()


@pytest.mark.django_db
def test_the_demo_network_has_events_with_attendance(base_demo):
    from reseau.models import Evenement, Inscription

    lot = Collectivite.objects.get(slug="lot")
    with tenant_context(lot):
        assert Evenement.objects.count() == 4
        assert Inscription.objects.filter(present=True).exists()


@pytest.mark.django_db
def test_the_demo_dashboards_are_alive_with_past_years_snapshots_and_targets(base_demo, client):
    from django.utils import timezone

    from indicateurs.models import Cible, Instantane

    lot = Collectivite.objects.get(slug="lot")
    annee = timezone.localdate().year
    with tenant_context(lot):
        for passee in (annee - 2, annee - 1):
            annuels = Instantane.objects.filter(periodicite="annuelle", fin__year=passee)
            assert annuels.count() == 5
            assert annuels.get(indicateur="couverture").cible == 100
        # past years computed on the network as it was then, not today's network back-filled
        structures = [
            Instantane.objects.get(periodicite="annuelle", fin__year=a, indicateur="structures").valeur
            for a in (annee - 2, annee - 1)
        ]
        assert structures[0] < structures[1]
        assert Cible.objects.get(indicateur="satisfaction", annee=2021).valeur == 100  # seed 004
    client.login(username="chef-de-projet@lot.demo.fr", password=demo.MOT_DE_PASSE_DEMO)
    page = client.get("/indicateurs/").content.decode()
    assert "Population à moins de 30 minutes" in page and "Passages par motif" in page
    assert "Aucune donnée pour cette période" not in page.split("Passages par motif")[1][:200]


@pytest.mark.django_db
def test_the_demo_has_a_shared_diagnostic_of_the_gourdon_area(base_demo, client):
    """docs/diagnostic.md §8: its pack, questionnaire results labelled as demonstration data, interviews, shared."""
    from diagnostic.models import Diagnostic

    lot = Collectivite.objects.get(slug="lot")
    with tenant_context(lot):
        d = Diagnostic.objects.get()
        v = d.versions.get()
        assert "Gourdon" in {c.nom for c in d.communes.all()} and d.demande.type_projet == "diagnostic"
        assert v.est_partagee and len(v.instantane["problematiques"]) == 3
        assert v.instantane["questionnaires"][0]["demonstration"] and v.instantane["questionnaires"][0]["total"] == 40
        assert len(v.instantane["entretiens"]) == 3 and d.packs.get().pret
        assert v.commentaires.get().statut == "accepte"
    with tenant_context(Collectivite.objects.get(slug="manche")):
        assert not Diagnostic.objects.exists()
    client.login(username="chef-de-projet@lot.demo.fr", password=demo.MOT_DE_PASSE_DEMO)
    page = client.get(f"/diagnostic/versions/{v.pk}/").content.decode()
    assert "Version partagée le" in page and "(données de démonstration)" in page
    assert "Transport à la demande Quercy Bouriane" in page


@pytest.mark.django_db
def test_the_demo_cafe_des_parents_names_one_person_whose_file_shows_it_to_the_social_worker(base_demo, client):
    """docs/developpement.md §8: one demo person agreed to be named at the « Café des parents »; the social worker who
    runs it reads « Actions collectives » on their file, the desk does not."""
    from developpement.models import ParticipantIdentifie

    lot = Collectivite.objects.get(slug="lot")
    with tenant_context(lot):
        participant = ParticipantIdentifie.objects.select_related("action", "usager").get()
        assert participant.action.titre == "Café des parents" and participant.consentement_le
        assert participant.presences.count() == 3
    assert client.login(username="travailleur-social@lot.demo.fr", password=demo.MOT_DE_PASSE_DEMO)
    fiche = client.get(f"/usagers/{participant.usager_id}/").content.decode()
    assert "Actions collectives" in fiche and "Café des parents" in fiche and "3 séances suivies" in fiche
    client.logout()
    assert client.login(username="accueil@lot.demo.fr", password=demo.MOT_DE_PASSE_DEMO)
    reponse = client.get(f"/usagers/{participant.usager_id}/")
    assert reponse.status_code == 200 and participant.usager.nom.upper() in reponse.content.decode()
    assert "Café des parents" not in reponse.content.decode()
