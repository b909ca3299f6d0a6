from django.apps import AppConfig


class AccueilConfig(AppConfig):
    name = "accueil"
    verbose_name = "Accueil"

    def ready(self):
        from comptes.roles import Role
        from usagers.access import enregistrer_visibilite
        from usagers.bandeau import enregistrer_action, enregistrer_section
        from usagers.retention import enregistrer_purge

        from . import signals  # noqa: F401
        from .access import usagers_orientes_vers
        from .bandeau import action_nouveau_passage, section_orientations, section_passages
        from .retention import purger_passages_anonymes, purger_passages_identifies

        enregistrer_section(10, section_passages)
        enregistrer_section(30, section_orientations)
        enregistrer_action(10, action_nouveau_passage)
        enregistrer_visibilite(Role.PARTENAIRE, usagers_orientes_vers)
        enregistrer_purge("passages_anonymes", purger_passages_anonymes)
        enregistrer_purge("dossier", purger_passages_identifies)
