from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    name = "indicateurs"
    verbose_name = "Indicateurs"

    def ready(self):
        from territoire.couverture import publier_par

        # the rollup sources of the aids and of the collective actions, and their readers (registered on import)
        from . import sources_aides, sources_developpement  # noqa: F401
        from .calcul import couverture_publiee

        publier_par(couverture_publiee)
