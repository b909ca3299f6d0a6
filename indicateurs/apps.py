from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    name = "indicateurs"
    verbose_name = "Indicateurs"

    def ready(self):
        from django.db.models.signals import post_migrate

        from territoire.couverture import publier_par

        # suivi: the triggers below; the rollup sources of the aids and of the collective actions and their readers
        # are registered on import
        from . import sources, sources_aides, sources_developpement, suivi  # noqa: F401
        from .calcul import couverture_publiee

        publier_par(couverture_publiee)
        # docs/performance.md §14: the triggers that mark the months to refresh, after each migrate
        post_migrate.connect(suivi.installer, sender=self, dispatch_uid="relais_suivi_agregats")
