"""Factories with traits, no inheritance: one module for every app, in the order of the layers (so a factory only
refers to factories above it). Reference rows (département, commune) are created on demand.

The collectivité of a tenant row comes from its parent (a passage from its lieu, an action from its objectif…); a
root row (structure, usager, motif…) takes the active tenant context, or a new collectivité outside of one. Variants
are traits: ``PassageFactory(en_attente=True)``, ``OrientationFactory(expiree=True)``, ``RessourceFactory(
signataires=True)``…
"""

import datetime
import uuid

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
from accueil.models import EvenementOrientation, Motif, Orientation, Passage, PassageMotif, PassageReponse, Reponse
from aides import models as aides
from collectivites.models import Collectivite, Envoi
from collectivites.tenancy import current_collectivite
from comptes.models import JetonAPI, Utilisateur
from comptes.roles import Role
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
from indicateurs.models import Agregat, Calcul, Cible, Instantane, RapportCharte
from ingenierie.models import Demande, Document, Etape, EvenementDemande, NoteRestitution
from portail.models import DemandeAcces, PartieAcces
from reseau.enums import TypeAccueil, TypeStructure
from reseau.models import (
    Charte,
    CibleEvenement,
    Contact,
    EngagementCharte,
    Evenement,
    Inscription,
    Invitation,
    LieuAccueil,
    Membre,
    Ressource,
    Service,
    Signature,
    Structure,
    VersionRessource,
)
from territoire.models import (
    EPCI,
    Commune,
    Departement,
    ParametresCouverture,
    Sectorisation,
    TerritoireActionSociale,
    TerritoireInterventionSociale,
)
from usagers.models import DureeConservation, EvenementUsager, JournalAcces, Usager

MOT_DE_PASSE = "un-mot-de-passe-solide"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "46"
    nom = factory.LazyAttribute(lambda o: {"46": "Lot", "50": "Manche"}.get(o.code, f"Département {o.code}"))


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    departement = factory.SubFactory(DepartementFactory)
    # five characters like an INSEE code, unique however long the suite runs (46000–46999, then 47000…)
    code = factory.Sequence(lambda n: f"{46 + n // 1000}{n % 1000:03d}")
    nom = factory.Sequence(lambda n: f"Commune {n}")
    population = 1000
    latitude = 44.45
    longitude = 1.44


class EPCIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EPCI
        django_get_or_create = ("siren",)

    siren = factory.Sequence(lambda n: f"2000{n:05d}")
    nom = factory.Sequence(lambda n: f"CC {n}")
    type = "CC"
    population = 10000


class CollectiviteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collectivite

    nom = factory.Sequence(lambda n: f"Collectivité {n}")
    slug = factory.Sequence(lambda n: f"collectivite-{n}")
    departement = factory.SubFactory(DepartementFactory)


def _collectivite_active():
    """The collectivité of the active tenant context, or a new one outside of any."""
    return current_collectivite(required=False) or CollectiviteFactory()


def _de(parent):
    """The collectivité of a tenant row is its parent's."""
    return factory.LazyAttribute(lambda o: getattr(o, parent).collectivite)


class EnvoiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Envoi

    collectivite = factory.LazyFunction(_collectivite_active)
    tache = "tests.rien"


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    class Params:
        ccas = factory.Trait(type=TypeStructure.CCAS_CIAS)
        engagee = factory.Trait(niveau_engagement="signataire", engagee_le=datetime.date(2026, 2, 1))

    collectivite = factory.LazyFunction(_collectivite_active)
    nom = factory.Sequence(lambda n: f"Structure {n}")
    type = TypeStructure.DEPARTEMENT
    commune = factory.SubFactory(CommuneFactory)


class TASFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TerritoireActionSociale

    collectivite = factory.LazyFunction(_collectivite_active)
    nom = factory.Sequence(lambda n: f"TAS {n}")


class TISFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TerritoireInterventionSociale

    nom = factory.Sequence(lambda n: f"TIS {n}")
    collectivite = factory.LazyFunction(_collectivite_active)
    tas = factory.SubFactory(TASFactory, collectivite=factory.SelfAttribute("..collectivite"))


class SectorisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sectorisation

    collectivite = _de("tis")
    tis = factory.SubFactory(TISFactory)
    commune = factory.SubFactory(CommuneFactory)


class LieuAccueilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LieuAccueil

    class Params:
        ouvert_au_public = factory.Trait(horaires="Mo-Fr 09:00-17:00", structure__engagee=True)

    collectivite = factory.LazyFunction(_collectivite_active)
    nom = factory.Sequence(lambda n: f"Lieu {n}")
    structure = factory.SubFactory(StructureFactory, collectivite=factory.SelfAttribute("..collectivite"))
    type_accueil = TypeAccueil.PREMIER_ACCUEIL
    commune = factory.SubFactory(CommuneFactory)
    latitude = 44.45
    longitude = 1.44


class UtilisateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Utilisateur
        skip_postgeneration_save = True

    collectivite = factory.LazyFunction(_collectivite_active)
    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    prenom = "Camille"
    nom = factory.Sequence(lambda n: f"Agent{n}")
    password = factory.django.Password(MOT_DE_PASSE)


class MembreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membre

    class Params:
        sorti = factory.Trait(date_fin=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1)))

    collectivite = _de("structure")
    structure = factory.SubFactory(StructureFactory)
    utilisateur = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
    role = Role.ACCUEIL


class JetonAPIFactory(factory.django.DjangoModelFactory):
    """A token row whose secret nobody knows (lists, counts); ``tests.connexion.jeton_api`` issues a usable one."""

    class Meta:
        model = JetonAPI

    class Params:
        expire = factory.Trait(expire_le=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)))

    utilisateur = factory.SubFactory(UtilisateurFactory)
    nom = factory.Sequence(lambda n: f"Logiciel {n}")
    prefixe = factory.Sequence(lambda n: f"{n:08x}")
    empreinte = factory.Sequence(lambda n: f"{n:064x}")
    expire_le = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=90))


def membre(utilisateur, structure, role, **kwargs):
    return MembreFactory(utilisateur=utilisateur, structure=structure, role=role, **kwargs)


def utilisateur(collectivite, structure, role=Role.ACCUEIL, **kwargs):
    user = UtilisateurFactory(collectivite=collectivite, **kwargs)
    membre(user, structure, role)
    return user


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    class Params:
        expiree = factory.Trait(expire_le=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)))
        acceptee = factory.Trait(acceptee_le=factory.LazyFunction(timezone.now))
        revoquee = factory.Trait(revoquee_le=factory.LazyFunction(timezone.now))

    collectivite = _de("structure")
    structure = factory.SubFactory(StructureFactory)
    email = factory.Sequence(lambda n: f"invite{n}@exemple.fr")
    role = Role.PARTENAIRE
    invitee_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
    expire_le = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    collectivite = _de("structure")
    structure = factory.SubFactory(StructureFactory)
    nom = factory.Sequence(lambda n: f"Contact {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    collectivite = _de("structure")
    structure = factory.SubFactory(StructureFactory)
    nom = factory.Sequence(lambda n: f"Service {n}")
    description = "Aide aux démarches"


class CharteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charte

    class Params:
        brouillon = factory.Trait(publiee_le=None)
        retiree = factory.Trait(retiree_le=datetime.date(2026, 6, 1))

    collectivite = factory.LazyFunction(_collectivite_active)
    version = factory.Sequence(lambda n: n + 1)
    titre = "Charte"
    texte = "Texte"
    publiee_le = datetime.date(2026, 1, 1)


class EngagementCharteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementCharte

    collectivite = _de("charte")
    charte = factory.SubFactory(CharteFactory)
    libelle = factory.Sequence(lambda n: f"Engagement {n}")


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    collectivite = _de("structure")
    structure = factory.SubFactory(StructureFactory)
    charte = factory.SubFactory(CharteFactory, collectivite=factory.SelfAttribute("..collectivite"))
    signataire = "M. Signataire"
    fonction = "Président"
    signee_le = datetime.date(2026, 2, 1)
    enregistree_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))


def signature(collectivite, structure, par, version=1):
    """``structure`` signs a published charter (created if needed)."""
    charte = Charte.objects.filter(collectivite=collectivite, version=version).first() or CharteFactory(
        collectivite=collectivite, version=version
    )
    return SignatureFactory(charte=charte, structure=structure, enregistree_par=par)


class EvenementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evenement

    class Params:
        passe = factory.Trait(date=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7)))

    collectivite = _de("organisateur")
    organisateur = factory.SubFactory(StructureFactory)
    type = "formation"
    titre = factory.Sequence(lambda n: f"Formation {n}")
    date = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    lieu = "Cahors"


class InscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inscription

    class Params:
        presente = factory.Trait(present=True)

    collectivite = _de("evenement")
    evenement = factory.SubFactory(EvenementFactory)
    structure = factory.SelfAttribute("evenement.organisateur")
    utilisateur = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
    inscrit_par = factory.SelfAttribute("utilisateur")


class CibleEvenementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CibleEvenement

    collectivite = _de("evenement")
    evenement = factory.SubFactory(EvenementFactory)
    structure = factory.SubFactory(StructureFactory, collectivite=factory.SelfAttribute("..collectivite"))


class RessourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ressource

    class Params:
        signataires = factory.Trait(visibilite="signataires")
        interne = factory.Trait(visibilite="interne")

    collectivite = factory.LazyFunction(_collectivite_active)
    titre = factory.Sequence(lambda n: f"Guide {n}")
    categorie = "document"
    creee_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))


class VersionRessourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VersionRessource

    collectivite = _de("ressource")
    ressource = factory.SubFactory(RessourceFactory)
    numero = factory.Sequence(lambda n: n + 1)
    fichier = factory.LazyAttribute(lambda o: f"collectivites/{o.collectivite.pk}/reseau/guide-{o.numero}.pdf")
    nom_original = "guide.pdf"
    type_mime = "application/pdf"
    deposee_par = factory.SelfAttribute("ressource.creee_par")


# usagers


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


# accueil


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


# accompagnement


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


# portail


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


# ingenierie


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


# developpement


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


# indicateurs


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


# Aides facultatives (docs/aides.md).


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


# diagnostic (the diagnostic social de territoire, docs/diagnostic.md)

from diagnostic import models as diag  # noqa: E402  (one block per app, appended: docs/conventions.md §6)


class DiagnosticFactory(factory.django.DjangoModelFactory):
    """A diagnostic of ``communes`` (a list; Cahors by default) and its version 1 (``version={...}``: its fields)."""

    class Meta:
        model = diag.Diagnostic
        skip_postgeneration_save = True

    collectivite = factory.LazyFunction(_collectivite_active)
    titre = factory.Sequence(lambda n: f"Diagnostic {n}")
    commanditaire = "Mairie de Cahors"
    type_territoire = "communes"
    ouvert_par = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create:
            self.communes.set(extracted or [CommuneFactory(code="46042", nom="Cahors")])

    @factory.post_generation
    def version(self, create, extracted, **kwargs):
        if create and not self.versions.exists():
            diag.VersionDiagnostic.objects.create(diagnostic=self, numero=1, **(extracted or {}))


class InvitationDiagnosticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diag.InvitationDiagnostic

    collectivite = _de("diagnostic")
    diagnostic = factory.SubFactory(DiagnosticFactory)
    utilisateur = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
    invite_par = factory.SelfAttribute("diagnostic.ouvert_par")


class VersionDiagnosticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diag.VersionDiagnostic

    collectivite = _de("diagnostic")
    diagnostic = factory.SubFactory(DiagnosticFactory)
    numero = factory.Sequence(lambda n: n + 2)
    synthese = "Un territoire rural vieillissant."


class PackDonneesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diag.PackDonnees

    collectivite = _de("diagnostic")
    diagnostic = factory.SubFactory(DiagnosticFactory)
    date_reference = datetime.date(2026, 6, 30)
    statut = "pret"
    progression = 100
    contenu = factory.LazyFunction(
        lambda: {
            "date": "2026-06-30",
            "seuil": 5,
            "sections": [
                {
                    "titre": "Population",
                    "chiffres": [
                        {
                            "code": "population_cog",
                            "libelle": "Population municipale (COG)",
                            "valeur": 19000,
                            "texte": "19 000 habitants",
                            "source": "Insee",
                        }
                    ],
                    "manquant": [],
                    "tableaux": [],
                    "note": "",
                }
            ],
        }
    )
    demande_par = factory.SelfAttribute("diagnostic.ouvert_par")
    genere_le = factory.LazyFunction(timezone.now)


class ActeurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diag.Acteur

    collectivite = _de("diagnostic")
    diagnostic = factory.SubFactory(DiagnosticFactory)
    nom = factory.Sequence(lambda n: f"Association {n}")
    nature = "association"
    activites = "Aide aux devoirs."


class GrilleEntretienFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diag.GrilleEntretien

    collectivite = _de("diagnostic")
    diagnostic = factory.SubFactory(DiagnosticFactory)
    type = "individuel"
    titre = "Vivre sur le territoire"
    questions = "Vos démarches\nVos déplacements"


class EntretienDiagnosticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diag.Entretien

    collectivite = _de("diagnostic")
    diagnostic = factory.SubFactory(DiagnosticFactory)
    grille = factory.SubFactory(GrilleEntretienFactory, diagnostic=factory.SelfAttribute("..diagnostic"))
    date = datetime.date(2026, 5, 12)
    participants = 1
    synthese = "Les déplacements vers Cahors sont difficiles sans voiture."


class ProblematiqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diag.Problematique

    collectivite = _de("version")
    version = factory.SubFactory(VersionDiagnosticFactory)
    titre = "Isolement des personnes âgées"
    constat = "Un tiers des habitants a plus de 60 ans."


class CommentaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diag.Commentaire

    collectivite = _de("version")
    version = factory.SubFactory(VersionDiagnosticFactory)
    auteur = factory.SubFactory(UtilisateurFactory, collectivite=factory.SelfAttribute("..collectivite"))
    texte = "Il manque la mobilité."


class DocumentDiagnosticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diag.DocumentDiagnostic

    collectivite = _de("version")
    version = factory.SubFactory(VersionDiagnosticFactory)
    demande_par = factory.SelfAttribute("version.diagnostic.ouvert_par")
