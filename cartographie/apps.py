from django.apps import AppConfig


class CartographieConfig(AppConfig):
    name = "cartographie"
    verbose_name = "Cartographie"
