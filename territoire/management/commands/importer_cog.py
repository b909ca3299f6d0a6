import tempfile

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from territoire import cog


class Command(BaseCommand):
    help = (
        "Importe le Code officiel géographique (départements, EPCI, communes) depuis un dossier CSV "
        "(format de shared/data), depuis l'export JSON de geo.api.gouv.fr, ou en le téléchargeant. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossier",
            help="dossier contenant departements.csv, epci.csv et communes.csv (par défaut : RELAIS_DATA_DIR)",
        )
        parser.add_argument("--communes-json", help="export JSON /communes de geo.api.gouv.fr")
        parser.add_argument("--departements-json", help="export JSON /departements de geo.api.gouv.fr")
        parser.add_argument("--epci-json", help="export JSON /epcis de geo.api.gouv.fr")
        parser.add_argument("--telecharger", action="store_true", help="télécharge l'export de geo.api.gouv.fr")
        parser.add_argument("--departements", help="codes de départements à retenir, séparés par des virgules")

    def handle(self, *args, **options):
        selection = {c.strip() for c in (options["departements"] or "").split(",") if c.strip()} or None
        try:
            if options["telecharger"]:
                with tempfile.TemporaryDirectory() as tmp:
                    self.stderr.write(f"Téléchargement depuis {settings.RELAIS_GEO_API_URL}…")
                    chemins = cog.telecharger_geo_api(settings.RELAIS_GEO_API_URL, tmp)
                    donnees = cog.lire_json_geo_api(
                        chemins["communes"], chemins["departements"], chemins["epcis"], selection
                    )
            elif options["communes_json"]:
                donnees = cog.lire_json_geo_api(
                    options["communes_json"], options["departements_json"], options["epci_json"], selection
                )
            else:
                dossier = options["dossier"] or settings.RELAIS_DATA_DIR
                if not dossier:
                    raise CommandError(
                        "Aucun dossier de données : indiquez --dossier, RELAIS_DATA_DIR ou --telecharger."
                    )
                donnees = cog.lire_dossier_csv(dossier, selection)
        except cog.FichierInvalide as e:
            raise CommandError(f"Fichier invalide, rien n'a été importé. {e}") from e
        except OSError as e:
            raise CommandError(f"Lecture impossible, rien n'a été importé : {e}") from e

        with tqdm(
            total=len(donnees.communes),
            desc="Communes",
            unit=" communes",
            file=self.stderr._out,
            disable=options["verbosity"] == 0,
        ) as barre:
            try:
                totaux = cog.importer(donnees, progression=barre.update)
            except DatabaseError as e:  # the files were checked; this is a last resort, the transaction is undone
                raise CommandError(f"Écriture refusée par la base, rien n'a été importé : {e}") from e
        self.stdout.write(
            self.style.SUCCESS(
                f"COG importé : {totaux['departements']} départements, {totaux['epci']} EPCI, "
                f"{totaux['communes']} communes."
            )
        )
