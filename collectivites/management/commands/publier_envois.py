from django.core.management.base import BaseCommand

from collectivites.envois import publier_en_attente


class Command(BaseCommand):
    help = "Publie vers le broker les tâches restées dans la boîte d'envoi (après une panne de Redis)."

    def handle(self, *args, **options):
        publies, restants = publier_en_attente()
        self.stdout.write(f"{publies} tâche(s) publiée(s), {restants} encore en attente.")
