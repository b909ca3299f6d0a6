from django.urls import path

from . import views

app_name = "indicateurs"

urlpatterns = [
    path("", views.tableau_de_bord, name="tableau_de_bord"),
    path("export/<slug:table>.<str:format_>", views.export, name="export"),
    path("calculer/", views.calculer, name="calculer"),
    path("calculs/<int:pk>/", views.calcul, name="calcul"),
    path("instantanes/", views.instantanes, name="instantanes"),
    path("instantanes/<int:pk>/", views.instantane, name="instantane"),
    path("cibles/", views.cibles, name="cibles"),
    path("couverture/", views.parametres_couverture, name="parametres_couverture"),
    path("rapports/", views.rapports, name="rapports"),
    path("rapports/demander/", views.demander_rapport, name="demander_rapport"),
    path("rapports/<int:pk>/", views.rapport, name="rapport"),
]
