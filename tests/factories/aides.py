"""Factories of optional aids (aides facultatives, docs/aides.md)."""

import datetime

import factory

from aides import models as aides

from .fondation import StructureFactory, UtilisateurFactory, _de
from .usagers import UsagerFactory


class DispositifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.Dispositif

    collectivite = _de("structure")
    structure = factory.SubFactory(StructureFactory)
    nom = factory.Sequence(lambda n: f"Dispositif {n}")
    nature = "secours"
    budget_annuel = 10000
    plafond_foyer = 1000


class HabilitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.Habilitation

    collectivite = _de("dispositif")
    dispositif = factory.SubFactory(DispositifFactory)
    utilisateur = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
    montant_max = 300


class SituationFoyerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.SituationFoyer

    collectivite = _de("usager")
    usager = factory.SubFactory(UsagerFactory)
    type_foyer = "monoparental"
    moins_14 = 2
    ressources = 1200
    charges = 800


class DemandeAideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.Demande

    collectivite = _de("dispositif")
    dispositif = factory.SubFactory(DispositifFactory)
    situation = factory.SubFactory(SituationFoyerFactory, collectivite=factory.SelfAttribute("..collectivite"))
    usager = factory.SelfAttribute("situation.usager")
    instructeur = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
    # the instructor's structure: their first membership (none for a bare user)
    structure_instructrice_id = factory.LazyAttribute(
        lambda o: o.instructeur.adhesions.order_by("pk").values_list("structure_id", flat=True).first()
    )
    objet = "Facture d'énergie"
    montant_demande = 200
    reste_a_vivre = 5


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.Commission

    collectivite = _de("structure")
    structure = factory.SubFactory(StructureFactory)
    date = datetime.date(2026, 9, 15)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.Decision

    collectivite = _de("demande")
    demande = factory.SubFactory(DemandeAideFactory)
    sens = "accordee"
    montant = 200
    decidee_par = factory.SelfAttribute("demande.instructeur")


class DocumentAideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.DocumentAide

    collectivite = _de("decision")
    decision = factory.SubFactory(DecisionFactory)
    type = "lettre"
    demande_par = factory.SelfAttribute("decision.decidee_par")


class VersementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.Versement

    collectivite = _de("decision")
    decision = factory.SubFactory(DecisionFactory)
    montant = 100
    beneficiaire = "personne"
    moyen = "virement"
    enregistre_par = factory.SelfAttribute("decision.decidee_par")


class BonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.Bon

    collectivite = _de("decision")
    decision = factory.SubFactory(DecisionFactory)
    numero = factory.Sequence(lambda n: f"2026-0-{n:05d}")
    valeur = 20
    expire_le = datetime.date(2026, 12, 31)


class EcheanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.Echeance

    collectivite = _de("decision")
    decision = factory.SubFactory(DecisionFactory)
    numero = factory.Sequence(lambda n: n + 1)
    date_prevue = datetime.date(2026, 10, 5)
    montant = 50


class HeuresContrepartieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.HeuresContrepartie

    collectivite = _de("decision")
    decision = factory.SubFactory(DecisionFactory)
    date = datetime.date(2026, 10, 1)
    heures = 3
    hote = "Service des espaces verts"
    enregistre_par = factory.SelfAttribute("decision.decidee_par")


class AchatEpicerieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.AchatEpicerie

    collectivite = _de("decision")
    decision = factory.SubFactory(DecisionFactory)
    date = datetime.date(2026, 10, 1)
    montant = 40
    participation = 8
    enregistre_par = factory.SelfAttribute("decision.decidee_par")


class RevueObjectifsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.RevueObjectifs

    collectivite = _de("decision")
    decision = factory.SubFactory(DecisionFactory)
    date = datetime.date(2026, 11, 1)
    resultat = "atteints"
    revue_par = factory.SelfAttribute("decision.decidee_par")


class ExamenPermisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = aides.ExamenPermis

    collectivite = _de("decision")
    decision = factory.SubFactory(DecisionFactory)
    epreuve = "code"
    date = datetime.date(2026, 10, 1)
    resultat = "reussi"
    enregistre_par = factory.SelfAttribute("decision.decidee_par")
