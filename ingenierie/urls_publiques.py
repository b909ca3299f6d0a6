"""Public pages, under /c/<slug>/ingenierie/: the collectivité comes from the prefix (CollectiviteMiddleware)."""

from django.urls import path

from . import views

app_name = "ingenierie_public"

urlpatterns = [
    path("", views.formulaire_public, name="formulaire"),
    path("territoires/", views.territoires, name="territoires"),
    path("merci/", views.merci, name="merci"),
    path("suivi/<str:jeton>/", views.suivi, name="suivi"),
    path("suivi/<str:jeton>/note.pdf", views.suivi_note, name="suivi_note"),
    path("suivi/<str:jeton>/documents/<int:document_id>/", views.suivi_document, name="suivi_document"),
]
