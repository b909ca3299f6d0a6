from django.urls import path

from . import views

app_name = "reseau"

urlpatterns = [
    path("structures/", views.structures, name="structures"),
    path("structures/<int:pk>/", views.structure, name="structure"),
    path("lieux/", views.lieux, name="lieux"),
    path("lieux/<int:pk>/", views.lieu, name="lieu"),
    path("membres/", views.membres, name="membres"),
]
