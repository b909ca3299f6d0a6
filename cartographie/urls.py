from django.urls import path

from . import views

app_name = "cartographie"

urlpatterns = [
    path("", views.carte, name="carte"),
    path("lieux.geojson", views.lieux_geojson, name="lieux_geojson"),
    path("structures.geojson", views.structures_geojson, name="structures_geojson"),
    path("communes.geojson", views.communes_geojson, name="communes_geojson"),
]
