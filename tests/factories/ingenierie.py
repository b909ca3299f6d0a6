"""Factories of engineering for municipalities."""

import factory

from ingenierie.models import Demande, Document, Etape, EvenementDemande, NoteRestitution

from .fondation import CommuneFactory, TISFactory, UtilisateurFactory, _de


class DemandeFactory(factory.django.DjangoModelFactory):
    """A request received from a commune, served by ``tis``; ``en_cours=True`` once qualified with an advisor."""

    class Meta:
        model = Demande

    class Params:
        en_cours = factory.Trait(
            statut="en_cours",
            niveau=1,
            conseiller=factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite")),
        )

    collectivite = _de("tis")
    tis = factory.SubFactory(TISFactory)
    type_demandeur = "commune"
    commune = factory.SubFactory(CommuneFactory)
    nom_demandeur = factory.Sequence(lambda n: f"Mairie {n}")
    contact_nom = "Claire Lacombe"
    contact_fonction = "elu"
    contact_email = factory.Sequence(lambda n: f"mairie{n}@exemple.fr")
    contact_telephone = "05 65 20 88 88"
    type_projet = "epicerie_sociale"
    description = "Les demandes d'aide alimentaire augmentent."
    avancement = "idee"


class EtapeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Etape

    collectivite = _de("demande")
    demande = factory.SubFactory(DemandeFactory)
    niveau = 1
    code = factory.Sequence(lambda n: f"etape-{n}")
    libelle = factory.Sequence(lambda n: f"Étape {n}")


class EvenementDemandeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvenementDemande

    collectivite = _de("demande")
    demande = factory.SubFactory(DemandeFactory)
    vers = "recue"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    collectivite = _de("demande")
    demande = factory.SubFactory(DemandeFactory)
    fichier = factory.LazyAttribute(lambda o: f"collectivites/{o.collectivite.pk}/ingenierie/diagnostic.pdf")
    nom_original = "diagnostic.pdf"
    type_mime = "application/pdf"


class NoteRestitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoteRestitution

    class Params:
        prete = factory.Trait(
            statut="prete", fichier=factory.LazyAttribute(lambda o: f"collectivites/{o.collectivite.pk}/note.pdf")
        )

    collectivite = _de("demande")
    demande = factory.SubFactory(DemandeFactory)
    version = factory.Sequence(lambda n: n + 1)
    demandee_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
