"""Factories of charter indicators and rollups."""

import datetime

import factory

from indicateurs.models import Agregat, Calcul, Cible, Instantane, RapportCharte
from territoire.models import (
    ParametresCouverture,
)

from .fondation import LieuAccueilFactory, UtilisateurFactory, _collectivite_active, _de


class CibleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cible

    collectivite = factory.LazyFunction(_collectivite_active)
    indicateur = "couverture"
    annee = 2026


class CalculFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Calcul

    collectivite = factory.LazyFunction(_collectivite_active)
    debut = datetime.date(2026, 1, 1)
    fin = datetime.date(2026, 12, 31)


class InstantaneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instantane

    collectivite = factory.LazyFunction(_collectivite_active)
    indicateur = "couverture"
    periodicite = "annuelle"
    debut = datetime.date(2026, 1, 1)
    fin = datetime.date(2026, 12, 31)
    valeur = 42.0
    unite = "%"
    methode = "Part de la population à moins de 30 minutes d'un lieu de premier accueil."


class ParametresCouvertureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParametresCouverture

    collectivite = factory.LazyFunction(_collectivite_active)


class AgregatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agregat

    collectivite = _de("lieu")
    lieu = factory.SubFactory(LieuAccueilFactory)
    source = "passages"
    mois = datetime.date(2026, 3, 1)
    dimension = "motif"
    cle = "1"
    libelle = "Motif"
    valeur = 50


class RapportCharteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RapportCharte

    collectivite = factory.LazyFunction(_collectivite_active)
    annee = 2026
    demande_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))


# indicateurs: incremental rollup refresh (issue 18)


class MoisARafraichirFactory(factory.django.DjangoModelFactory):
    """A month marked for the incremental refresh (the triggers write them; a factory for the sweeps)."""

    class Meta:
        model = "indicateurs.MoisARafraichir"

    collectivite = factory.LazyFunction(_collectivite_active)
    source = "passages"
    mois = datetime.date(2026, 3, 1)


class AgregatJourFactory(factory.django.DjangoModelFactory):
    """A daily rollup cell (the refresh writes them; a factory for the sweeps)."""

    class Meta:
        model = "indicateurs.AgregatJour"

    collectivite = _de("lieu")
    lieu = factory.SubFactory(LieuAccueilFactory)
    source = "passages"
    jour = datetime.date(2026, 3, 2)
    dimension = "motif"
    cle = "1"
    libelle = "Motif"
    valeur = 5


class PersonneJourFactory(factory.django.DjangoModelFactory):
    """A person seen on a day at a site (the refresh writes them; a factory for the sweeps)."""

    class Meta:
        model = "indicateurs.PersonneJour"

    collectivite = factory.LazyFunction(_collectivite_active)
    jour = datetime.date(2026, 3, 2)
