from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from comptes import second_facteur
from portail import demo
from territoire.models import Commune


class Command(BaseCommand):
    help = "Construit les collectivités de démonstration (Lot, Manche) ; importe le COG s'il manque."

    def add_arguments(self, parser):
        parser.add_argument("--departements", help="ne lire du COG que ces départements (ex. 46,50), plus rapide")
        parser.add_argument(
            "--telecharger",
            action="store_true",
            help="télécharger le COG depuis geo.api.gouv.fr au lieu de RELAIS_DATA_DIR",
        )

    def handle(self, *args, **options):
        if not Commune.objects.exists():
            cog = {"verbosity": options["verbosity"]}
            if options["departements"]:
                cog["departements"] = options["departements"]
            if options["telecharger"]:
                cog["telecharger"] = True
            elif not settings.RELAIS_DATA_DIR:
                raise CommandError("Pas de données du territoire : définissez RELAIS_DATA_DIR ou passez --telecharger.")
            call_command("importer_cog", **cog)
        for reseau in demo.RESEAUX:
            try:
                demo.construire(reseau, log=self.stdout.write)
            except ValueError as e:
                raise CommandError(str(e)) from e
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Comptes de démonstration (mot de passe : {demo.MOT_DE_PASSE_DEMO})"))
        self.stdout.write(
            "  Second facteur : ajoutez la clé du compte dans une application d'authentification (TOTP), "
            "ou lisez le « code de démonstration » affiché sous le champ du code."
        )
        for reseau in demo.RESEAUX:
            self.stdout.write(f"  {reseau.nom} — page publique : /c/{reseau.slug}/")
            for role, email in demo.logins(reseau):
                cle = second_facteur.cle_base32(demo.secret_totp_demo(email))
                self.stdout.write(f"    {role.label:<24} {email:<40} clé TOTP {cle}")
