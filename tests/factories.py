"""Factories with traits, no inheritance. Reference rows (département, commune) are created on demand."""

import factory

from collectivites.models import Collectivite
from comptes.models import Utilisateur
from comptes.roles import Role
from reseau.enums import TypeAccueil, TypeStructure
from reseau.models import LieuAccueil, Membre, Structure
from territoire.models import Commune, Departement, TerritoireActionSociale, TerritoireInterventionSociale

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
    code = factory.Sequence(lambda n: f"{46}{n:03d}")
    nom = factory.Sequence(lambda n: f"Commune {n}")
    population = 1000
    latitude = 44.45
    longitude = 1.44


class CollectiviteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collectivite

    nom = factory.Sequence(lambda n: f"Collectivité {n}")
    slug = factory.Sequence(lambda n: f"collectivite-{n}")
    departement = factory.SubFactory(DepartementFactory)


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    nom = factory.Sequence(lambda n: f"Structure {n}")
    type = TypeStructure.DEPARTEMENT
    commune = factory.SubFactory(CommuneFactory)


class TASFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TerritoireActionSociale

    nom = factory.Sequence(lambda n: f"TAS {n}")


class TISFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TerritoireInterventionSociale

    nom = factory.Sequence(lambda n: f"TIS {n}")
    tas = factory.SubFactory(TASFactory, collectivite=factory.SelfAttribute("..collectivite"))


class LieuAccueilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LieuAccueil

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

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    prenom = "Camille"
    nom = factory.Sequence(lambda n: f"Agent{n}")
    password = factory.django.Password(MOT_DE_PASSE)


def membre(utilisateur, structure, role, **kwargs):
    return Membre.objects.create(
        collectivite=structure.collectivite, utilisateur=utilisateur, structure=structure, role=role, **kwargs
    )


def utilisateur(collectivite, structure, role=Role.ACCUEIL, **kwargs):
    user = UtilisateurFactory(collectivite=collectivite, **kwargs)
    membre(user, structure, role)
    return user


def signature(collectivite, structure, par, version=1):
    """``structure`` signs a published charter (created if needed)."""
    import datetime

    from reseau.models import Charte, Signature

    charte, _ = Charte.objects.get_or_create(
        collectivite=collectivite,
        version=version,
        defaults={"titre": "Charte", "texte": "Texte", "publiee_le": datetime.date(2026, 1, 1)},
    )
    return Signature.objects.create(
        collectivite=collectivite,
        charte=charte,
        structure=structure,
        signataire="M. Signataire",
        fonction="Président",
        signee_le=datetime.date(2026, 2, 1),
        enregistree_par=par,
    )
