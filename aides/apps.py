from django.apps import AppConfig


class AidesConfig(AppConfig):
    name = "aides"
    verbose_name = "Aides facultatives"

    def ready(self):
        from accompagnement.propositions import enregistrer_proposition
        from usagers.access import enregistrer_dossier_ouvert
        from usagers.bandeau import enregistrer_action, enregistrer_section
        from usagers.retention import enregistrer_purge

        from . import retention
        from .access import usagers_des_demandes_lisibles
        from .bandeau import action_demander, proposition_demander, section_aides

        enregistrer_section(30, section_aides)
        enregistrer_action(30, action_demander)
        enregistrer_proposition(30, proposition_demander)
        enregistrer_dossier_ouvert(usagers_des_demandes_lisibles)
        enregistrer_purge("accompagnements", retention.purger_aides)
