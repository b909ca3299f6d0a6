"""The charter indicators on small hand-built networks whose answers are known."""

import math
from datetime import date
from functools import partial

import pytest

from collectivites.tenancy import tenant_context
from indicateurs import calcul
from indicateurs.enums import Indicateur, Periodicite
from indicateurs.models import Cible, Instantane, InstantaneImmuable
from reseau.enums import TypeAccueil, TypeStructure
from reseau.models import LieuAccueil, NiveauEngagement, Structure
from territoire.distances import RAYON_TERRE_KM, Estimateur
from tests import factories as f

KM_PAR_DEGRE = 2 * math.pi * RAYON_TERRE_KM / 360


def degres_de_latitude(minutes):
    """How far north or south the default estimator takes ``minutes``, in degrees of latitude."""
    e = Estimateur()
    return minutes * e.vitesse_kmh / 60.0 / e.detour / KM_PAR_DEGRE


DEBUT, FIN = date(2025, 1, 1), date(2025, 12, 31)


@pytest.fixture
def reseau_29_31(lot):
    """One site at Cahors; a commune (100 inh.) at 29 minutes north, one (300 inh.) at 31 minutes south."""
    cahors = f.CommuneFactory(code="46042", nom="Cahors", population=600, latitude=44.0, longitude=1.5)
    f.CommuneFactory(code="46901", nom="Nord", population=100, latitude=44.0 + degres_de_latitude(29), longitude=1.5)
    f.CommuneFactory(code="46902", nom="Sud", population=300, latitude=44.0 - degres_de_latitude(31), longitude=1.5)
    f.CommuneFactory(code="50001", nom="Ailleurs", population=9999, departement=f.DepartementFactory(code="50"))
    with tenant_context(lot):
        structure = f.StructureFactory(collectivite=lot, commune=cahors, niveau_engagement="active")
        f.LieuAccueilFactory(
            collectivite=lot,
            structure=structure,
            nom="MSD de Cahors",
            commune=cahors,
            latitude=44.0,
            longitude=1.5,
            horaires="Mo-Fr 09:00-12:00",
        )
        f.LieuAccueilFactory(
            collectivite=lot,
            structure=structure,
            nom="Permanence",
            commune=cahors,
            latitude=44.0,
            longitude=1.5,
            type_accueil=TypeAccueil.PERMANENCE,
        )
    return lot


def test_coverage_counts_the_commune_at_29_minutes_and_not_the_one_at_31(reseau_29_31):
    with tenant_context(reseau_29_31):
        r = calcul.indicateur_couverture(reseau_29_31, DEBUT, FIN)
    assert r.entrees == {"communes": 3, "lieux": 1, "population_totale": 1000, "population_couverte": 700}
    assert r.valeur == 70.0
    assert [c["nom"] for c in r.detail["non_couvertes"]] == ["Sud"]
    assert r.detail["non_couvertes"][0]["minutes"] == pytest.approx(31, abs=0.1)
    assert r.parametres == {"detour": 1.3, "vitesse_kmh": 50.0, "methode": "grand_cercle", "seuil_minutes": 30.0}


def test_the_collectivites_own_speed_changes_the_answer_and_is_stored(reseau_29_31):

    with tenant_context(reseau_29_31):
        f.ParametresCouvertureFactory(vitesse_kmh=40)
        r = calcul.indicateur_couverture(reseau_29_31, DEBUT, FIN)
    assert r.valeur == 60.0  # at 40 km/h the commune at "29 minutes" is now 36.3 minutes away
    assert r.parametres["vitesse_kmh"] == 40


def _structure(lot, nom, **champs):
    commune = f.CommuneFactory(code="46042", nom="Cahors")
    return f.StructureFactory(collectivite=lot, nom=nom, commune=commune, **champs)


def test_satisfaction_is_the_share_of_engaged_structures_that_measure_it(lot):
    with tenant_context(lot):
        _structure(
            lot,
            "Mesure",
            niveau_engagement=NiveauEngagement.SIGNATAIRE,
            mesure_satisfaction=True,
            satisfaction_methode="questionnaire annuel",
        )
        _structure(lot, "Ne mesure pas", niveau_engagement=NiveauEngagement.ACTIVE)
        _structure(lot, "Pas encore engagée", niveau_engagement=NiveauEngagement.IDENTIFIEE, mesure_satisfaction=True)
        _structure(
            lot,
            "Mesure depuis 2026",
            niveau_engagement=NiveauEngagement.ACTIVE,
            mesure_satisfaction=True,
            satisfaction_depuis=date(2026, 3, 1),
        )
        r = calcul.indicateur_satisfaction(lot, DEBUT, FIN)
    assert r.entrees == {"engagees": 3, "mesurent": 1}
    assert r.valeur == pytest.approx(33.3)
    assert r.detail["methodes"] == ["questionnaire annuel"]


def test_structures_are_counted_by_type_once_engaged_before_the_end_of_the_period(lot):
    with tenant_context(lot):
        _structure(
            lot,
            "CCAS",
            type=TypeStructure.CCAS_CIAS,
            niveau_engagement=NiveauEngagement.SIGNATAIRE,
            engagee_le=date(2024, 5, 1),
        )
        _structure(
            lot, "CAF", type=TypeStructure.CAF, niveau_engagement=NiveauEngagement.ACTIVE, engagee_le=date(2025, 6, 1)
        )
        _structure(
            lot,
            "Mission locale",
            type=TypeStructure.MISSION_LOCALE,
            niveau_engagement=NiveauEngagement.MOBILISEE,
            engagee_le=date(2026, 2, 1),
        )
        _structure(lot, "Identifiée", niveau_engagement=NiveauEngagement.IDENTIFIEE)
        r2025 = calcul.indicateur_structures(lot, DEBUT, FIN)
        r2024 = calcul.indicateur_structures(lot, date(2024, 1, 1), date(2024, 12, 31))
    assert r2025.valeur == 2 and r2024.valeur == 1
    assert r2025.detail["par_type"] == {"CAF": 1, "CCAS / CIAS": 1}
    assert r2025.detail["par_territoire"] == {"Hors sectorisation": 2}


def test_localisation_needs_a_verified_point_and_opening_hours(lot):
    cahors = f.CommuneFactory(code="46042", nom="Cahors", latitude=44.4491, longitude=1.4366)
    with tenant_context(lot):
        s = f.StructureFactory(collectivite=lot, commune=cahors)
        lieu = partial(f.LieuAccueilFactory, collectivite=lot, structure=s, commune=cahors)
        lieu(nom="Complet", localisation_verifiee=True, horaires="Mo-Fr 09:00-12:00")
        lieu(nom="Au centre de la commune", horaires="Mo-Fr 09:00-12:00")
        lieu(nom="Sans horaires", localisation_verifiee=True)
        lieu(nom="Permanence", type_accueil=TypeAccueil.PERMANENCE)  # not a first-reception site: not counted
        r = calcul.indicateur_localisation(lot, DEBUT, FIN)
    assert r.entrees == {"lieux": 3, "localises": 2, "avec_horaires": 2}
    assert r.valeur == pytest.approx(33.3)
    assert {m["nom"] for m in r.detail["a_completer"]} == {"Au centre de la commune", "Sans horaires"}


def test_tools_count_each_professional_once(lot, structure_a, alice, bob):
    from django.utils import timezone

    with tenant_context(lot):
        formation = f.EvenementFactory(
            type="formation",
            titre="Formation",
            lieu="Cahors",
            date=timezone.make_aware(timezone.datetime(2025, 3, 4, 9)),
            organisateur=structure_a,
        )
        immersion = f.EvenementFactory(
            type="immersion",
            titre="Immersion",
            lieu="Figeac",
            date=timezone.make_aware(timezone.datetime(2025, 6, 4, 9)),
            organisateur=structure_a,
        )
        for ev, user, present in ((formation, alice, True), (formation, bob, False), (immersion, alice, True)):
            f.InscriptionFactory(
                evenement=ev, utilisateur=user, structure=structure_a, present=present, inscrit_par=alice
            )
        f.RessourceFactory(
            titre="Guide",
            categorie="document",
            creee_par=alice,
            creee_le=timezone.make_aware(timezone.datetime(2025, 2, 1)),
        )
        f.RessourceFactory(
            titre="Fiche",
            categorie="fiche_liaison",
            creee_par=alice,
            creee_le=timezone.make_aware(timezone.datetime(2025, 2, 1)),
        )
        f.RessourceFactory(
            titre="Plus tard",
            categorie="document",
            creee_par=alice,
            creee_le=timezone.make_aware(timezone.datetime(2026, 2, 1)),
        )
        r = calcul.indicateur_outils(lot, DEBUT, FIN)
    outils = {o["outil"]: o for o in r.detail["outils"]}
    assert outils["ressource:document"]["nombre"] == 1 and outils["ressource:fiche_liaison"]["nombre"] == 1
    assert outils["formation"] == {
        "outil": "formation",
        "libelle": "Formation interinstitutionnelle",
        "nombre": 1,
        "professionnels": 1,
    }
    assert outils["immersion"]["professionnels"] == 1
    assert r.valeur == 1  # alice, present twice, counts once; bob was absent


def test_a_computation_adds_five_snapshots_with_the_years_targets_and_never_updates_them(reseau_29_31):
    lot = reseau_29_31
    with tenant_context(lot):
        f.CibleFactory(indicateur=Indicateur.COUVERTURE, annee=2025, valeur=100)
        f.CibleFactory(
            indicateur=Indicateur.OUTILS,
            annee=2025,
            libelle="Liste à produire et nombre de professionnels bénéficiaires",
        )
        premiers = calcul.calculer(lot, DEBUT, FIN, Periodicite.ANNUELLE)
        assert len(premiers) == 5
        couverture = next(i for i in premiers if i.indicateur == Indicateur.COUVERTURE)
        assert (couverture.valeur, couverture.cible, couverture.unite) == (70.0, 100.0, "%")
        outils = next(i for i in premiers if i.indicateur == Indicateur.OUTILS)
        assert outils.cible is None and outils.cible_libelle.startswith("Liste à produire")

        couverture.valeur = 100
        with pytest.raises(InstantaneImmuable):
            couverture.save()
        with pytest.raises(InstantaneImmuable):
            Instantane.objects.filter(pk=couverture.pk).update(valeur=100)

        Cible.objects.filter(indicateur=Indicateur.COUVERTURE).update(valeur=80)
        calcul.calculer(lot, DEBUT, FIN, Periodicite.ANNUELLE)
        assert Instantane.objects.count() == 10
        assert Instantane.objects.get(pk=couverture.pk).cible == 100  # the old snapshot keeps its target
        dernier = Instantane.objects.filter(fin__year=2025).derniers()[Indicateur.COUVERTURE]
        assert dernier.pk != couverture.pk and dernier.cible == 80


def test_coverage_counts_only_sites_open_to_the_public(reseau_29_31):
    """A first-reception site without opening hours, or of a structure only identified (not engaged), is no
    reception point for an inhabitant: the same communes are then not covered."""
    with tenant_context(reseau_29_31):
        LieuAccueil.objects.filter(nom="MSD de Cahors").update(horaires="")
        assert calcul.indicateur_couverture(reseau_29_31, *calcul.periode_annuelle(2026)).valeur == 0.0
        LieuAccueil.objects.filter(nom="MSD de Cahors").update(horaires="Mo-Fr 09:00-12:00")
        Structure.objects.update(niveau_engagement="identifiee")
        assert calcul.indicateur_couverture(reseau_29_31, *calcul.periode_annuelle(2026)).valeur == 0.0
        Structure.objects.update(niveau_engagement="signataire")
        assert calcul.indicateur_couverture(reseau_29_31, *calcul.periode_annuelle(2026)).valeur == 70.0


def test_the_years_value_is_the_yearly_snapshot_never_a_monthly_one(reseau_29_31):

    with tenant_context(reseau_29_31):
        calcul.calculer(reseau_29_31, *calcul.periode_annuelle(2025), Periodicite.ANNUELLE)
        calcul.calculer(reseau_29_31, *calcul.periode_mensuelle(2025, 12), Periodicite.MENSUELLE)
        annee = Instantane.objects.valeurs_de_l_annee(2025)
    assert {i.periodicite for i in annee.values()} == {Periodicite.ANNUELLE}
