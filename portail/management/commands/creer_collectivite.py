"""Create a collectivité with its first structure and administrator. It lives in portail, the top layer, because it
writes in several apps (collectivites, reseau, comptes) — the foundation app collectivites only owns the tenant."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context
from comptes.models import Utilisateur
from comptes.roles import Role
from reseau.enums import TypeStructure
from reseau.models import Membre, Structure
from territoire.models import Commune, Departement


class Command(BaseCommand):
    help = (
        "Crée une collectivité, sa structure (le Département) et son premier administrateur, qui recevra un lien "
        "pour choisir son mot de passe. Le COG doit être importé (importer_cog)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--nom", required=True, help="ex. « Département du Lot »")
        parser.add_argument("--slug", required=True, help="identifiant d'adresse, ex. lot")
        parser.add_argument("--departement", required=True, help="code du département, ex. 46")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-prenom", default="Administrateur")
        parser.add_argument("--admin-nom", default="Relais")

    def handle(self, *args, **o):
        departement = Departement.objects.filter(code=o["departement"]).first()
        if departement is None:
            raise CommandError(f"Département inconnu : « {o['departement']} ». Importez d'abord le COG (importer_cog).")
        if Collectivite.objects.filter(slug=o["slug"]).exists():
            raise CommandError(f"La collectivité « {o['slug']} » existe déjà.")
        if Utilisateur.objects.filter(email__iexact=o["admin_email"]).exists():
            raise CommandError(f"Un compte existe déjà pour {o['admin_email']}.")
        chef_lieu = Commune.objects.filter(code=departement.chef_lieu).first() or departement.communes.first()
        if chef_lieu is None:
            raise CommandError("Aucune commune pour ce département : importez d'abord le COG.")
        with transaction.atomic():
            collectivite = Collectivite.objects.create(nom=o["nom"], slug=o["slug"], departement=departement)
            with tenant_context(collectivite):
                structure = Structure.objects.create(nom=o["nom"], type=TypeStructure.DEPARTEMENT, commune=chef_lieu)
                admin = Utilisateur.objects.create_user(
                    o["admin_email"], None, collectivite=collectivite, prenom=o["admin_prenom"], nom=o["admin_nom"]
                )
                Membre.objects.create(utilisateur=admin, structure=structure, role=Role.ADMINISTRATEUR)
        self.stdout.write(
            self.style.SUCCESS(
                f"{collectivite} créée. L'administrateur {admin.email} choisit son mot de passe avec « Mot de passe "
                "oublié » sur la page de connexion."
            )
        )
