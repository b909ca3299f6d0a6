from django.urls import path

from . import views

app_name = "territoire"

urlpatterns = [
    path("sectorisation/", views.sectorisation_vue, name="sectorisation"),
    path("sectorisation/importer/", views.sectorisation_importer, name="sectorisation_importer"),
    path("tis/nouveau/", views.tis_nouveau, name="tis_nouveau"),
    path("tis/<int:pk>/", views.tis_detail, name="tis"),
    path("tis/<int:pk>/renommer/", views.tis_renommer, name="tis_renommer"),
    path("tis/<int:pk>/modifier/", views.tis_modifier, name="tis_modifier"),
    path("communes/autocompletion/", views.communes_autocompletion, name="communes_autocompletion"),
]
