from django.core.management.base import BaseCommand, CommandError

from .models import Collectivite
from .tenancy import tenant_context


class CommandeCollectivite(BaseCommand):
    """Base of management commands that work for one collectivité (``--collectivite <slug>``)."""

    def add_arguments(self, parser):
        parser.add_argument("--collectivite", required=True, help="identifiant (slug) de la collectivité")

    def execute(self, *args, **options):
        slug = options.get("collectivite")
        try:
            collectivite = Collectivite.objects.get(slug=slug)
        except Collectivite.DoesNotExist:
            raise CommandError(f"Collectivité inconnue : « {slug} ».") from None
        with tenant_context(collectivite):
            return super().execute(*args, **options)
