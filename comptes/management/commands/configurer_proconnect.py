import getpass

from django.core.management.base import BaseCommand, CommandError

from collectivites.models import Collectivite
from collectivites.noms import forme
from comptes import proconnect


class Command(BaseCommand):
    help = (
        "Configure ProConnect (OpenID Connect) pour une collectivité : émetteur, identifiant du client et secret "
        "(demandé sans écho, enregistré chiffré). docs/securite.md §16"
    )

    def add_arguments(self, parser):
        parser.add_argument("--collectivite", required=True, help="slug de la collectivité (ex. lot)")
        parser.add_argument("--issuer", required=True, help="ex. https://auth.agentconnect.gouv.fr/api/v2")
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--desactiver", action="store_true", help="retirer la configuration")

    def handle(self, *args, **options):
        collectivite = Collectivite.objects.filter(slug=options["collectivite"]).first()
        if collectivite is None:
            raise CommandError(f"Aucune collectivité « {options['collectivite']} ».")
        if options["desactiver"]:
            proconnect.configurer(collectivite, "", "", "")
            self.stdout.write(f"ProConnect retiré pour {forme(collectivite).le}.")
            return
        secret = getpass.getpass("Secret du client ProConnect : ")
        proconnect.configurer(collectivite, options["issuer"], options["client_id"], secret)
        self.stdout.write(self.style.SUCCESS(f"ProConnect configuré pour {forme(collectivite).le}."))
