from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "accompagnement"
    verbose_name = "Accompagnement"

    def ready(self):
        from usagers.bandeau import enregistrer_section

        from . import signals  # noqa: F401
        from .bandeau import section_accompagnements

        enregistrer_section(20, section_accompagnements)
