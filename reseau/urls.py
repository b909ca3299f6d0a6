from django.urls import path

from . import views

app_name = "reseau"

urlpatterns = [
    path("structures/", views.structures, name="structures"),
    path("structures/<int:pk>/", views.structure, name="structure"),
    path("lieux/", views.lieux, name="lieux"),
    path("lieux/<int:pk>/", views.lieu, name="lieu"),
    path("membres/", views.membres, name="membres"),
    path("charte/", views.charte, name="charte"),
    path("charte/signer/", views.signer_charte, name="signer_charte"),
    path("charte/<int:pk>/publier/", views.publier_charte, name="publier_charte"),
]
