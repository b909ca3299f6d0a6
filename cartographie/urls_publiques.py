from django.urls import path

from . import views

app_name = "carte_publique"

urlpatterns = [
    path("", views.carte_publique, name="carte"),
    path("lieux.geojson", views.lieux_publics_geojson, name="lieux_geojson"),
]
