"""Public pages, under /c/<slug>/questionnaire/: the collectivité comes from the prefix (CollectiviteMiddleware)."""

from django.urls import path

from . import views

app_name = "developpement_public"

urlpatterns = [
    path("<str:jeton>/", views.repondre, name="repondre"),
    path("<str:jeton>/merci/", views.merci, name="merci"),
]
