from django.urls import path

from . import views

app_name = "usagers"

urlpatterns = [
    path("recherche/", views.recherche, name="recherche"),
    path("nouveau/", views.nouveau, name="nouveau"),
    path("<int:pk>/", views.fiche, name="fiche"),
    path("<int:pk>/bandeau/", views.bandeau_usager, name="bandeau"),
    path("<int:pk>/acces/", views.acces, name="acces"),
    path("<int:pk>/fusionner/", views.fusionner, name="fusionner"),
]
