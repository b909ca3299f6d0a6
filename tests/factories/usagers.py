"""Factories of persons (usagers)."""

import factory

from usagers.models import DureeConservation, EvenementUsager, JournalAcces, Usager

from .fondation import UtilisateurFactory, _collectivite_active, _de


class UsagerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Usager

    collectivite = factory.LazyFunction(_collectivite_active)
    prenom = "Camille"
    nom = factory.Sequence(lambda n: f"Usager{n}")


class EvenementUsagerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvenementUsager

    collectivite = _de("usager")
    usager = factory.SubFactory(UsagerFactory)
    type = "creation"


class JournalAccesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalAcces

    collectivite = _de("usager")
    usager = factory.SubFactory(UsagerFactory)
    utilisateur = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
    action = "consultation"


class DureeConservationFactory(factory.django.DjangoModelFactory):
    """A period the collectivité shortened (usagers.retention.CATEGORIES has the codes and bounds)."""

    class Meta:
        model = DureeConservation

    collectivite = factory.LazyFunction(_collectivite_active)
    categorie = "notes_privees"
    mois = 12
