from django.apps import AppConfig


class DeveloppementConfig(AppConfig):
    name = "developpement"
    verbose_name = "Développement social local"
