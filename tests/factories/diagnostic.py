"""Factories of the diagnostic social de territoire (docs/diagnostic.md)."""

import datetime

import factory
from django.utils import timezone

from diagnostic import models as diag

from .fondation import CommuneFactory, UtilisateurFactory, _collectivite_active, _de


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
