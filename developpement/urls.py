from django.urls import path

from . import views, views_budget, views_collectives, views_documents, views_pilotage

app_name = "developpement"

urlpatterns = [
    path("questionnaires/", views.liste, name="questionnaires"),
    path("questionnaires/nouveau/", views.nouveau, name="nouveau"),
    path("questionnaires/<int:pk>/", views.questionnaire, name="questionnaire"),
    path("questionnaires/<int:pk>/modifier/", views.modifier, name="modifier"),
    path("questionnaires/<int:pk>/sections/ajouter/", views.section_ajouter, name="section_ajouter"),
    path("questionnaires/<int:pk>/questions/ajouter/", views.question_ajouter, name="question_ajouter"),
    path(
        "questionnaires/<int:pk>/questions/<int:question_id>/supprimer/",
        views.question_supprimer,
        name="question_supprimer",
    ),
    path("questionnaires/<int:pk>/nouvelle-version/", views.version_nouvelle, name="version_nouvelle"),
    path("questionnaires/<int:pk>/publier/", views.publier, name="publier"),
    path("questionnaires/<int:pk>/resultats/", views.resultats_page, name="resultats"),
    path("questionnaires/<int:pk>/resultats.csv", views.resultats_csv, name="resultats_csv"),
    path("questionnaires/<int:pk>/resultats.xlsx", views.resultats_xlsx, name="resultats_xlsx"),
    path("parametres/", views.parametres, name="parametres"),
    path("pilotage/", views_pilotage.tableau, name="pilotage"),
    path("pilotage/budget/", views_budget.page, name="budget"),
    path("pilotage/budget.csv", views_budget.export_csv, name="budget_csv"),
    path("pilotage/budget.xlsx", views_budget.export_xlsx, name="budget_xlsx"),
    path("pilotage/instances/<int:pk>/", views_pilotage.instance, name="instance"),
    path("pilotage/reunions/<int:pk>/", views_pilotage.reunion, name="reunion"),
    path("pilotage/decisions/<int:pk>/realisee/", views_pilotage.decision_realisee, name="decision_realisee"),
    path("actions/", views_collectives.liste, name="actions"),
    path("actions/nouvelle/", views_collectives.nouvelle, name="action_nouvelle"),
    path("actions/<int:pk>/", views_collectives.action, name="action"),
    path("actions/<int:pk>/seances/nouvelle/", views_collectives.seance_nouvelle, name="seance_nouvelle"),
    path("actions/<int:pk>/pdf/", views_documents.action_pdf, name="action_pdf"),
    path("pilotage/reunions/<int:pk>/pdf/", views_documents.reunion_pdf, name="reunion_pdf"),
    path("documents/<int:pk>/", views_documents.telecharger, name="document"),
    path("documents/<int:pk>/progression/", views_documents.progression, name="document_progression"),
    path("actions/themes/", views_collectives.themes, name="themes"),
    path("actions/themes/<int:pk>/", views_collectives.themes, name="themes"),
    path("diffusions/<int:pk>/", views.diffusion, name="diffusion"),
    path("diffusions/<int:pk>/qr.svg", views.diffusion_qr_svg, name="diffusion_qr_svg"),
    path("diffusions/<int:pk>/qr.png", views.diffusion_qr_png, name="diffusion_qr_png"),
]
