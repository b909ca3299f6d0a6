from django.urls import path

from . import views

app_name = "accueil"

urlpatterns = [
    path("", views.guichet, name="guichet"),
    path("arrivee/", views.arrivee, name="arrivee"),
    path("arrivee/<int:pk>/prendre-en-charge/", views.prendre_en_charge, name="prendre_en_charge"),
    path("passage/nouveau/", views.passage_nouveau, name="passage_nouveau"),
    path("communes/", views.communes_options, name="communes_options"),
    path("services/", views.services_options, name="services_options"),
    path("passages/", views.passages, name="passages"),
    path("passages/export.csv", views.passages_export, name="passages_export"),
    path("passages/<int:pk>/", views.passage, name="passage"),
    path("orientations/", views.orientations, name="orientations"),
    path("motifs/", views.motifs, name="motifs"),
    path("motifs/<int:pk>/", views.motifs, name="motifs"),
    path("reponses/", views.reponses, name="reponses"),
    path("reponses/<int:pk>/", views.reponses, name="reponses"),
    path("orientations/<int:pk>/", views.orientation, name="orientation"),
]
