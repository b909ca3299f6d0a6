"""Factories of territory, collectivités, accounts and the network (the foundation layers)."""

import datetime

import factory
from django.utils import timezone

from collectivites.models import Collectivite, Envoi
from collectivites.tenancy import current_collectivite
from comptes.models import JetonAPI, Utilisateur
from comptes.roles import Role
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
    Sectorisation,
    TerritoireActionSociale,
    TerritoireInterventionSociale,
)

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
