from django.urls import path

from . import views

app_name = "accompagnement"

urlpatterns = [
    path("", views.mes_accompagnements, name="mes_accompagnements"),
    path("nouveau/", views.ouvrir, name="ouvrir"),
    path("equipe/", views.equipe, name="equipe"),
    path("types/", views.types, name="types"),
    path("types/<int:pk>/", views.types, name="types"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/themes/", views.ajouter_theme, name="ajouter_theme"),
    path("<int:pk>/objectifs/", views.ajouter_objectif, name="ajouter_objectif"),
    path("<int:pk>/actions/", views.ajouter_action, name="ajouter_action"),
    path("<int:pk>/actions/<int:action_id>/statut/", views.statut_action, name="statut_action"),
    path("<int:pk>/entretiens/nouveau/", views.nouvel_entretien, name="nouvel_entretien"),
    path("<int:pk>/groupe/", views.ajouter_membre, name="ajouter_membre"),
    path("<int:pk>/groupe/<int:membre_id>/retirer/", views.retirer_membre, name="retirer_membre"),
    path("<int:pk>/referent/", views.remplacer_referent, name="remplacer_referent"),
    path("<int:pk>/cloturer/", views.cloturer, name="cloturer"),
    path("<int:pk>/plan.pdf", views.generer_plan, name="generer_plan"),
    path("<int:pk>/documents/", views.deposer, name="deposer"),
    path("<int:pk>/documents/<int:document_id>/", views.document, name="document"),
    path("<int:pk>/enquete-expulsion/", views.enquete_expulsion, name="enquete_expulsion"),
    path("<int:pk>/enquete-expulsion/rapport.pdf", views.rapport_expulsion, name="rapport_expulsion"),
    path("<int:pk>/evaluation-ip/", views.evaluation_ip, name="evaluation_ip"),
    path("<int:pk>/rouvrir/", views.rouvrir, name="rouvrir"),
]
