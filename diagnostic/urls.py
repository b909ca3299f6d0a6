from django.urls import path

from . import views

app_name = "diagnostic"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouveau/", views.nouveau, name="nouveau"),
    path("<int:pk>/", views.diagnostic, name="diagnostic"),
    path("<int:pk>/donnees/", views.donnees, name="donnees"),
    path("<int:pk>/acteurs/", views.acteurs, name="acteurs"),
    path("<int:pk>/acteurs/reseau/", views.inventorier, name="inventorier"),
    path("<int:pk>/demande-exprimee/", views.demande_exprimee, name="demande"),
    path("<int:pk>/partenaires/", views.partenaires, name="partenaires"),
    path("<int:pk>/problematiques/nouvelle/", views.problematique_nouvelle, name="problematique_nouvelle"),
    path("<int:pk>/commenter/", views.commenter, name="commenter"),
    path("<int:pk>/partager/", views.partager, name="partager"),
    path("<int:pk>/nouvelle-version/", views.nouvelle_version, name="nouvelle_version"),
    path("acteurs/<int:pk>/rencontre/", views.rencontre, name="rencontre"),
    path("amendements/<int:pk>/", views.amendement, name="amendement"),
    path("versions/<int:pk>/", views.version, name="version"),
    path("versions/<int:pk>/pdf/", views.version_pdf, name="version_pdf"),
    path("packs/<int:pk>/progression/", views.pack_progression, name="pack_progression"),
    path("documents/<int:pk>/", views.telecharger, name="document"),
    path("documents/<int:pk>/progression/", views.document_progression, name="document_progression"),
]
