from django.core.management.base import BaseCommand, CommandError

from diagnostic import insee


class Command(BaseCommand):
    help = (
        "Importe les fichiers Insee par commune du pack de données des diagnostics : la « base comparateur de "
        "territoires » et « évolution et structure de la population » (docs/diagnostic.md §4). Chaque ligne est "
        "vérifiée avant toute écriture : un fichier avec une ligne invalide n'importe rien. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--comparateur", help="base_cc_comparateur.csv (Insee, base comparateur de territoires)")
        parser.add_argument(
            "--structure-population", help="base-cc-evol-struct-pop-<année>.csv (Insee, structure par âge)"
        )

    def handle(self, *args, **options):
        fichiers = [
            (options["comparateur"], insee.COMPARATEUR),
            (options["structure_population"], insee.STRUCTURE_POPULATION),
        ]
        lectures = [insee.lire_fichier(chemin, format_) for chemin, format_ in fichiers if chemin]
        if not lectures:
            raise CommandError("Indiquez au moins un fichier : --comparateur ou --structure-population.")
        erreurs = [e for lecture in lectures for e in lecture.erreurs]
        if erreurs:
            liste = "\n".join(f"  - {e}" for e in erreurs[:50])
            plus = f"\n  … et {len(erreurs) - 50} autres." if len(erreurs) > 50 else ""
            raise CommandError(f"{len(erreurs)} erreur(s), rien n'a été importé :\n{liste}{plus}")
        total = insee.importer(lectures)
        for lecture in lectures:
            self.stdout.write(
                f"{lecture.nom} ({insee.NOMS_FICHIERS[lecture.fichier]}) : {len(lecture.communes)} commune(s) "
                f"importée(s), {lecture.ignorees} hors du référentiel des communes ignorée(s)."
            )
        self.stdout.write(self.style.SUCCESS(f"{total} valeur(s) enregistrée(s)."))
