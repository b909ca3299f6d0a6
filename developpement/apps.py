from django.apps import AppConfig


class DeveloppementConfig(AppConfig):
    name = "developpement"
    verbose_name = "Développement social local"

    def ready(self):
        from usagers.bandeau import enregistrer_section
        from usagers.retention import enregistrer_purge

        from . import signals  # noqa: F401 (registers the receivers)
        from .bandeau import section_actions_collectives
        from .retention import anonymiser_participants

        enregistrer_section(40, section_actions_collectives)
        enregistrer_purge("dossier", anonymiser_participants)
