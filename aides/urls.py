from django.urls import path

from . import views

app_name = "aides"

urlpatterns = [
    path("", views.index, name="index"),
    path("dispositifs/", views.dispositifs, name="dispositifs"),
    path("situation/", views.situation, name="situation"),
    path("nouvelle/", views.deposer, name="deposer"),
    path("budget/", views.page_budget, name="budget"),
    path("statistiques/", views.page_statistiques, name="statistiques"),
    path("documents/<int:document_id>/", views.document, name="document"),
    path("rapports/", views.rapports, name="rapports"),
    path("rapports/<int:document_id>/progression/", views.progression_rapport, name="progression_rapport"),
    path("contreparties/", views.contreparties, name="contreparties"),
    path("contreparties/<int:heures_id>/declarer/", views.declarer_contrepartie, name="declarer_contrepartie"),
    path("contreparties/<int:heures_id>/valider/", views.valider_contrepartie, name="valider_contrepartie"),
    path("commissions/", views.commissions, name="commissions"),
    path("commissions/<int:pk>/", views.commission, name="commission"),
    path("commissions/<int:pk>/inscrire/", views.inscrire, name="inscrire"),
    path("commissions/<int:pk>/decider/<int:demande_id>/", views.decider, name="decider"),
    path("commissions/<int:pk>/cloturer/", views.cloturer, name="cloturer"),
    path("<int:pk>/", views.demande, name="demande"),
    path("<int:pk>/instruire/", views.instruire, name="instruire"),
    path("<int:pk>/urgence/", views.urgence, name="urgence"),
    path("<int:pk>/versements/", views.verser, name="verser"),
    path("<int:pk>/bons/", views.bons, name="bons"),
    path("<int:pk>/bons/<int:bon_id>/utiliser/", views.utiliser_bon, name="utiliser_bon"),
    path("<int:pk>/echeancier/", views.echeancier, name="echeancier"),
    path("<int:pk>/heures/", views.heures, name="heures"),
    path("<int:pk>/heures/<int:heures_id>/declarer/", views.declarer_heures, name="declarer_heures"),
    path("<int:pk>/achats/", views.achats, name="achats"),
    path("<int:pk>/examens/", views.examens, name="examens"),
    path("<int:pk>/revue/", views.revue, name="revue"),
    path("<int:pk>/echeances/<int:echeance_id>/payer/", views.payer, name="payer"),
]
