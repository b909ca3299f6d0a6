from collectivites.commands import CommandeCollectivite
from reseau.models import Structure


class Command(CommandeCollectivite):
    help = "Liste les structures du réseau d'une collectivité (--collectivite <slug>)."

    def handle(self, *args, **options):
        for structure in Structure.objects.select_related("commune").order_by("nom"):
            self.stdout.write(f"{structure.nom}\t{structure.get_type_display()}\t{structure.commune.nom}")
