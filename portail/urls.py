from django.urls import path

from usagers import views as vues_usagers

from . import views

app_name = "portail"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("parametres/", views.parametres, name="parametres"),
    path("parametres/conservation/", vues_usagers.conservation, name="conservation"),
    path("personnes/<int:pk>/export.zip", views.export_dossier, name="export_dossier"),
    path("personnes/<int:pk>/droit-acces/", views.droit_acces_usager, name="droit_acces_usager"),
    path("droit-acces/", views.droit_acces, name="droit_acces"),
    path("droit-acces/<int:pk>/", views.droit_acces_demande, name="droit_acces_demande"),
    path(
        "droit-acces/<int:pk>/parties/<int:partie_id>/liberer/", views.droit_acces_liberer, name="droit_acces_liberer"
    ),
    path("droit-acces/<int:pk>/reponse.zip", views.droit_acces_reponse, name="droit_acces_reponse"),
    # public pages: the collectivité comes from the path prefix (see CollectiviteMiddleware)
    path("c/<slug:collectivite_slug>/", views.accueil_public, name="public"),
    path("c/<slug:collectivite_slug>/theme.css", views.theme, name="theme"),
    path("c/<slug:collectivite_slug>/logo", views.logo, name="logo"),
    path("c/<slug:collectivite_slug>/charte/", views.charte_publique, name="charte_publique"),
]
