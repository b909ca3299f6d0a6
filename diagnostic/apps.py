from django.apps import AppConfig


class DiagnosticConfig(AppConfig):
    name = "diagnostic"
    verbose_name = "Diagnostic social de territoire"

    def ready(self):
        from ingenierie.sections_note import enregistrer_section

        from .restitution import section_de_la_note

        enregistrer_section(10, section_de_la_note)
