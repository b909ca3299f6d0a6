from django.urls import path

from . import views

app_name = "ingenierie"

urlpatterns = [
    path("", views.tableau, name="tableau"),
    path("<int:pk>/", views.demande, name="demande"),
    path("<int:pk>/qualifier/", views.qualifier, name="qualifier"),
    path("<int:pk>/transferer/", views.transferer, name="transferer"),
    path("<int:pk>/etapes/<int:etape_id>/", views.etape, name="etape"),
    path("<int:pk>/documents/<int:document_id>/", views.document, name="document"),
    path("<int:pk>/redaction/", views.rediger, name="rediger"),
    path("<int:pk>/notes/", views.generer, name="generer"),
    path("<int:pk>/notes/<int:note_id>/", views.note, name="note"),
    path("<int:pk>/notes/<int:note_id>/progression/", views.progression, name="progression"),
    path("<int:pk>/restituer/", views.restituer, name="restituer"),
    path("<int:pk>/clore/", views.clore, name="clore"),
    path("<int:pk>/lien/", views.renouveler_lien, name="renouveler_lien"),
]
