from django.urls import path

from config.nomenclature import vue

from . import views
from .models import Motif

motifs = vue(Motif, "Motifs de passage", "accueil:motifs")

app_name = "accueil"

urlpatterns = [
    path("", views.guichet, name="guichet"),
    path("arrivee/", views.arrivee, name="arrivee"),
    path("arrivee/<int:pk>/prendre-en-charge/", views.prendre_en_charge, name="prendre_en_charge"),
    path("passage/nouveau/", views.passage_nouveau, name="passage_nouveau"),
    path("communes/", views.communes_options, name="communes_options"),
    path("passages/", views.passages, name="passages"),
    path("passages/export.csv", views.passages_export, name="passages_export"),
    path("passages/<int:pk>/", views.passage, name="passage"),
    path("orientations/", views.orientations, name="orientations"),
    path("motifs/", motifs, name="motifs"),
    path("motifs/<int:pk>/", motifs, name="motifs"),
    path("orientations/<int:pk>/", views.orientation, name="orientation"),
]
