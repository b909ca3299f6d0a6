from django.apps import AppConfig


class CollectivitesConfig(AppConfig):
    name = "collectivites"
    verbose_name = "Collectivités"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from . import rls, tenancy  # tenancy also registers the connection_created handler
        from .models import TenantModel

        # docs/distribution.md: a lazy related object names its collectivité (tenancy.ManagerDeBase)
        tenancy.poser_managers_de_base(
            m for m in apps.get_models() if issubclass(m, TenantModel) and not m._meta.abstract
        )

        # docs/securite.md §30: every table with a collectivite_id column gets its RLS policies after each migrate.
        post_migrate.connect(rls.appliquer, sender=self, dispatch_uid="relais_rls")
