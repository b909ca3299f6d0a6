from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    name = "indicateurs"
    verbose_name = "Indicateurs"

    def ready(self):
        from django.db.models.signals import post_migrate

        from territoire.couverture import publier_par

        from . import suivi
        from .calcul import couverture_publiee

        publier_par(couverture_publiee)
        # docs/performance.md §14: the triggers that mark the months to refresh, after each migrate
        post_migrate.connect(suivi.installer, sender=self, dispatch_uid="relais_suivi_agregats")
