from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    name = "indicateurs"
    verbose_name = "Indicateurs"

    def ready(self):
        from territoire.couverture import publier_par

        from . import sources_aides  # noqa: F401 — registers the aids' rollup source and its reader
        from . import sources_developpement  # noqa: F401 (registers the collective actions' rollup and its reader)
        from .calcul import couverture_publiee

        publier_par(couverture_publiee)
