"""Factories of the desk: motifs, responses, passages, orientations."""

import datetime
import uuid

import factory
from django.utils import timezone

from accueil.models import EvenementOrientation, Motif, Orientation, Passage, PassageMotif, PassageReponse, Reponse

from .fondation import LieuAccueilFactory, StructureFactory, UtilisateurFactory, _collectivite_active, _de


class MotifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Motif

    collectivite = factory.LazyFunction(_collectivite_active)
    code = factory.Sequence(lambda n: f"motif-{n}")
    libelle = factory.Sequence(lambda n: f"Motif {n}")


class ReponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reponse

    collectivite = factory.LazyFunction(_collectivite_active)
    code = factory.Sequence(lambda n: f"reponse-{n}")
    libelle = factory.Sequence(lambda n: f"Réponse {n}")


class PassageFactory(factory.django.DjangoModelFactory):
    """An anonymous passage, done; ``en_attente=True`` for someone waiting at the desk."""

    class Meta:
        model = Passage
        skip_postgeneration_save = True

    class Params:
        en_attente = factory.Trait(statut="en_attente")
        pris_en_charge = factory.Trait(statut="pris_en_charge")

    collectivite = _de("lieu")
    lieu = factory.SubFactory(LieuAccueilFactory)
    agent = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
    jeton = factory.LazyFunction(uuid.uuid4)

    @factory.post_generation
    def motifs(passage, create, motifs, **kwargs):
        for motif in motifs or ():
            PassageMotifFactory(passage=passage, motif=motif)

    @factory.post_generation
    def reponses(passage, create, reponses, **kwargs):
        for reponse in reponses or ():
            PassageReponseFactory(passage=passage, reponse=reponse)


class PassageMotifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PassageMotif

    collectivite = _de("passage")
    passage = factory.SubFactory(PassageFactory)
    motif = factory.SubFactory(MotifFactory, collectivite=factory.SelfAttribute("..collectivite"))


class PassageReponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PassageReponse

    collectivite = _de("passage")
    passage = factory.SubFactory(PassageFactory)
    reponse = factory.SubFactory(ReponseFactory, collectivite=factory.SelfAttribute("..collectivite"))


class OrientationFactory(factory.django.DjangoModelFactory):
    """Sent by the passage's structure to another structure, answer expected within 30 days."""

    class Meta:
        model = Orientation

    class Params:
        recue = factory.Trait(statut="recue")
        acceptee = factory.Trait(statut="acceptee")
        expiree = factory.Trait(echeance=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)))

    collectivite = _de("passage")
    passage = factory.SubFactory(PassageFactory)
    usager = factory.SelfAttribute("passage.usager")
    structure_emettrice = factory.SelfAttribute("passage.lieu.structure")
    structure_destinataire = factory.SubFactory(
        StructureFactory, collectivite=factory.SelfAttribute("..collectivite"), ccas=True
    )
    emise_par = factory.SelfAttribute("passage.agent")
    message = "Demande d'aide alimentaire."
    consentement = "recueilli"
    echeance = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class EvenementOrientationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvenementOrientation

    collectivite = _de("orientation")
    orientation = factory.SubFactory(OrientationFactory)
    vers = "envoyee"
