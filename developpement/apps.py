from django.apps import AppConfig


class DeveloppementConfig(AppConfig):
    name = "developpement"
    verbose_name = "Développement social local"

    def ready(self):
        from . import signals  # noqa: F401 (registers the receivers)
