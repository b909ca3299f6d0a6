"""Factories of local social development: questionnaires, collective actions, steering."""

import datetime

import factory
from django.utils import timezone

from developpement import models as developpement_models
from developpement.models import (
    ActionCollective,
    Diffusion,
    Instance,
    ParametresDeveloppement,
    Participation,
    Question,
    Questionnaire,
    Reunion,
    Seance,
    Section,
    ThemeAction,
    Valeur,
    Version,
)
from developpement.models import (
    Decision as DecisionPilotage,
)
from developpement.models import (
    Reponse as ReponseQuestionnaire,
)

from .fondation import StructureFactory, UtilisateurFactory, _collectivite_active, _de
from .usagers import UsagerFactory


class ParametresDeveloppementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParametresDeveloppement

    collectivite = factory.LazyFunction(_collectivite_active)


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """A structure's satisfaction questionnaire; ``reseau=True``: the network's (no structure)."""

    class Meta:
        model = Questionnaire

    class Params:
        reseau = factory.Trait(structure=None)

    collectivite = factory.LazyFunction(_collectivite_active)
    titre = factory.Sequence(lambda n: f"Questionnaire {n}")
    nature = "satisfaction"
    structure = factory.SubFactory(StructureFactory, collectivite=factory.SelfAttribute("..collectivite"))
    introduction = "Questionnaire anonyme."
    cree_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Version

    class Params:
        figee = factory.Trait(figee_le=factory.LazyFunction(timezone.now))

    collectivite = _de("questionnaire")
    questionnaire = factory.SubFactory(QuestionnaireFactory)
    numero = factory.Sequence(lambda n: n + 1)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    collectivite = _de("version")
    version = factory.SubFactory(VersionFactory)
    titre = factory.Sequence(lambda n: f"Section {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A 1–5 scale by default; ``choix_unique=True`` with three choices; ``texte=True`` a long free text."""

    class Meta:
        model = Question

    class Params:
        choix_unique = factory.Trait(type="choix_unique", choix=["Oui", "En partie", "Non"])
        texte = factory.Trait(type="texte_long")

    collectivite = _de("version")
    version = factory.SubFactory(VersionFactory)
    type = "echelle"
    libelle = factory.Sequence(lambda n: f"Question {n}")
    ordre = factory.Sequence(lambda n: n)


class DiffusionFactory(factory.django.DjangoModelFactory):
    """A public link open from a year ago to a year ahead."""

    class Meta:
        model = Diffusion

    collectivite = _de("questionnaire")
    questionnaire = factory.SubFactory(QuestionnaireFactory)
    ouvre_le = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    ferme_le = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    creee_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))


class ReponseQuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReponseQuestionnaire

    collectivite = _de("diffusion")
    diffusion = factory.SubFactory(DiffusionFactory)
    version = factory.SubFactory(VersionFactory, questionnaire=factory.SelfAttribute("..diffusion.questionnaire"))
    recue_le = factory.LazyFunction(timezone.localdate)


class ValeurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Valeur

    collectivite = _de("reponse")
    reponse = factory.SubFactory(ReponseQuestionnaireFactory)
    question = factory.SubFactory(QuestionFactory, version=factory.SelfAttribute("..reponse.version"))
    nombre = 4


class ThemeActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeAction

    collectivite = factory.LazyFunction(_collectivite_active)
    code = factory.Sequence(lambda n: f"theme-{n}")
    libelle = factory.Sequence(lambda n: f"Thème {n}")


class ActionCollectiveFactory(factory.django.DjangoModelFactory):
    """An action carried by ``structures`` (a list; a new structure by default)."""

    class Meta:
        model = ActionCollective
        skip_postgeneration_save = True

    collectivite = factory.LazyFunction(_collectivite_active)
    titre = factory.Sequence(lambda n: f"Atelier {n}")
    public = "Habitants du quartier"
    objectifs = "Rompre l'isolement."
    debut = datetime.date(2026, 3, 1)
    creee_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))

    @factory.post_generation
    def structures(self, create, extracted, **kwargs):
        if create:
            self.structures.set(extracted or [StructureFactory(collectivite=self.collectivite)])


class SeanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seance

    collectivite = _de("action")
    action = factory.SubFactory(ActionCollectiveFactory)
    date = datetime.date(2026, 3, 10)
    adresse = "Salle des fêtes"
    contenu = "Atelier cuisine."
    enregistree_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    collectivite = _de("seance")
    seance = factory.SubFactory(SeanceFactory)
    tranche_age = "26_59"
    sexe = "femme"
    nombre = 3


class InstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instance

    collectivite = factory.LazyFunction(_collectivite_active)
    nom = "Comité de pilotage du réseau"
    type = "comite_pilotage"
    membres = "Préfecture — DDETS\nDépartement — DSD"


class ReunionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reunion

    collectivite = _de("instance")
    instance = factory.SubFactory(InstanceFactory)
    date = datetime.date(2026, 3, 12)
    ordre_du_jour = "Bilan de l'année."


class DecisionPilotageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionPilotage

    collectivite = _de("reunion")
    reunion = factory.SubFactory(ReunionFactory)
    libelle = factory.Sequence(lambda n: f"Décision {n}")
    responsable = "Chef de projet"
    echeance = datetime.date(2026, 6, 30)


# Issue 17 (h17b): identified participants of collective actions, their attendance, evidence of satisfaction
class ParticipantIdentifieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = developpement_models.ParticipantIdentifie

    collectivite = _de("action")
    action = factory.SubFactory(ActionCollectiveFactory)
    usager = factory.SubFactory(UsagerFactory, collectivite=factory.SelfAttribute("..collectivite"))
    consentement_le = datetime.date(2026, 3, 1)
    ajoute_par = factory.SelfAttribute("action.creee_par")


class PresenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = developpement_models.Presence

    collectivite = _de("seance")
    seance = factory.SubFactory(SeanceFactory)
    participant = factory.SubFactory(
        ParticipantIdentifieFactory,
        action=factory.SelfAttribute("..seance.action"),
        collectivite=factory.SelfAttribute("..collectivite"),
    )


class PreuveSatisfactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = developpement_models.PreuveSatisfaction

    collectivite = _de("structure")
    structure = factory.SubFactory(StructureFactory)
    fichier = "collectivites/preuve.pdf"
    nom = "compte-rendu-conseil-usagers.pdf"
    type_mime = "application/pdf"
    taille = 1024
    description = "Compte rendu du conseil des usagers"
    deposee_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
