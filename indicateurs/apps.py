from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    name = "indicateurs"
    verbose_name = "Indicateurs"

    def ready(self):
        from territoire.couverture import publier_par

        from .calcul import couverture_publiee

        publier_par(couverture_publiee)
