from django.apps import AppConfig


class AccueilConfig(AppConfig):
    name = "accueil"
    verbose_name = "Accueil"

    def ready(self):
        from usagers.bandeau import enregistrer_section

        from . import signals  # noqa: F401
        from .bandeau import section_orientations, section_passages

        enregistrer_section(10, section_passages)
        enregistrer_section(30, section_orientations)
