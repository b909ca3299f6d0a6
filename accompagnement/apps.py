from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "accompagnement"
    verbose_name = "Accompagnement"

    def ready(self):
        from usagers.access import enregistrer_dossier_ouvert
        from usagers.bandeau import enregistrer_section
        from usagers.retention import enregistrer_conservation

        from . import signals  # noqa: F401
        from .access import usagers_accompagnes_par
        from .bandeau import section_accompagnements
        from .models import usagers_suivis

        enregistrer_section(20, section_accompagnements)
        enregistrer_conservation(usagers_suivis)
        enregistrer_dossier_ouvert(usagers_accompagnes_par)
