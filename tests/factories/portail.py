"""Factories of access requests (droit d'accès)."""

import factory

from portail.models import DemandeAcces, PartieAcces

from .fondation import StructureFactory, UtilisateurFactory, _de
from .usagers import UsagerFactory


class DemandeAccesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemandeAcces

    collectivite = _de("usager")
    usager = factory.SubFactory(UsagerFactory)
    enregistree_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))


class PartieAccesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartieAcces

    collectivite = _de("demande")
    demande = factory.SubFactory(DemandeAccesFactory)
    structure = factory.SubFactory(StructureFactory, collectivite=factory.SelfAttribute("..collectivite"))
