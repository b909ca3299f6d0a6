from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "accompagnement"
    verbose_name = "Accompagnement"

    def ready(self):
        from usagers.access import enregistrer_dossier_ouvert
        from usagers.bandeau import enregistrer_marque, enregistrer_section
        from usagers.retention import enregistrer_conservation, enregistrer_purge

        from . import (
            retention,
            signals,  # noqa: F401
        )
        from .access import usagers_accompagnes_par
        from .bandeau import marque_suivi_en_cours, section_accompagnements
        from .models import usagers_suivis

        enregistrer_section(20, section_accompagnements)
        enregistrer_marque(marque_suivi_en_cours)
        enregistrer_conservation(usagers_suivis)
        enregistrer_dossier_ouvert(usagers_accompagnes_par)
        enregistrer_conservation(retention.usagers_evalues, categories=["dossier"])
        enregistrer_purge("notes_privees", retention.purger_entretiens)
        enregistrer_purge("documents", retention.purger_documents)
        enregistrer_purge("enquetes_expulsion", retention.purger_enquetes)
        enregistrer_purge("evaluations_ip", retention.purger_evaluations)
        enregistrer_purge("accompagnements", retention.purger_accompagnements)
