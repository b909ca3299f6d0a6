"""Factories of supports and their plans."""

import datetime

import factory
from django.utils import timezone

from accompagnement.models import (
    Accompagnement,
    Action,
    DocumentPlan,
    EnqueteExpulsion,
    Entretien,
    EvaluationIP,
    MembreGroupe,
    NotePrivee,
    Objectif,
    PartenaireConsenti,
    Theme,
    TypeAccompagnement,
)

from .fondation import StructureFactory, UtilisateurFactory, _collectivite_active, _de
from .usagers import UsagerFactory


class TypeAccompagnementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TypeAccompagnement

    class Params:
        confidentiel_ip = factory.Trait(confidentiel=True)

    collectivite = factory.LazyFunction(_collectivite_active)
    code = factory.Sequence(lambda n: f"type-{n}")
    libelle = factory.Sequence(lambda n: f"Type {n}")


class AccompagnementFactory(factory.django.DjangoModelFactory):
    """An open support whose referent is its creator (the group is left to ``MembreGroupeFactory``)."""

    class Meta:
        model = Accompagnement

    class Params:
        clos = factory.Trait(statut="clos", date_fin=factory.LazyFunction(timezone.localdate))

    collectivite = _de("structure")
    structure = factory.SubFactory(StructureFactory)
    usager = factory.SubFactory(UsagerFactory, collectivite=factory.SelfAttribute("..collectivite"))
    type = factory.SubFactory(TypeAccompagnementFactory, collectivite=factory.SelfAttribute("..collectivite"))
    referent = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
    cree_par = factory.SelfAttribute("referent")


class PartenaireConsentiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartenaireConsenti

    collectivite = _de("accompagnement")
    accompagnement = factory.SubFactory(AccompagnementFactory)
    structure = factory.SubFactory(StructureFactory, collectivite=factory.SelfAttribute("..collectivite"))


class MembreGroupeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembreGroupe

    class Params:
        est_referent = factory.Trait(referent=True)

    collectivite = _de("accompagnement")
    accompagnement = factory.SubFactory(AccompagnementFactory)
    utilisateur = factory.SelfAttribute("accompagnement.referent")
    structure = factory.SelfAttribute("accompagnement.structure")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    collectivite = _de("accompagnement")
    accompagnement = factory.SubFactory(AccompagnementFactory)
    libelle = factory.Sequence(lambda n: f"Thème {n}")


class ObjectifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objectif

    collectivite = _de("theme")
    theme = factory.SubFactory(ThemeFactory)
    libelle = factory.Sequence(lambda n: f"Objectif {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    class Params:
        en_retard = factory.Trait(
            echeance=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
        )

    collectivite = _de("objectif")
    objectif = factory.SubFactory(ObjectifFactory)
    libelle = factory.Sequence(lambda n: f"Action {n}")
    porteur = "personne"


class EntretienFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entretien

    collectivite = _de("accompagnement")
    accompagnement = factory.SubFactory(AccompagnementFactory)
    canal = "bureau"
    synthese = "Point sur les démarches."
    auteur = factory.SelfAttribute("accompagnement.referent")


class NotePriveeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotePrivee

    collectivite = _de("entretien")
    entretien = factory.SubFactory(EntretienFactory)
    auteur = factory.SelfAttribute("entretien.auteur")
    texte = "Note privée."


class DocumentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentPlan

    collectivite = _de("accompagnement")
    accompagnement = factory.SubFactory(AccompagnementFactory)
    demande_par = factory.SelfAttribute("accompagnement.referent")


class EnqueteExpulsionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnqueteExpulsion

    collectivite = _de("accompagnement")
    accompagnement = factory.SubFactory(AccompagnementFactory)
    demandeur = "prefecture"
    date_demande = datetime.date(2026, 1, 1)
    type_bailleur = "prive"


class EvaluationIPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationIP

    collectivite = _de("accompagnement")
    accompagnement = factory.SubFactory(AccompagnementFactory)
    date_reception = datetime.date(2026, 1, 1)
