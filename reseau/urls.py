from django.urls import path

from . import views

app_name = "reseau"

urlpatterns = [
    path("structures/", views.structures, name="structures"),
    path("structures/nouvelle/", views.structure_form, name="structure_nouvelle"),
    path("structures/importer/", views.importer_structures, name="importer_structures"),
    path("structures/<int:pk>/", views.structure, name="structure"),
    path("structures/<int:pk>/modifier/", views.structure_form, name="structure_modifier"),
    path("structures/<int:structure_pk>/lieux/nouveau/", views.lieu_form, name="lieu_nouveau"),
    path("structures/<int:structure_pk>/lieux/<int:pk>/modifier/", views.lieu_form, name="lieu_modifier"),
    path("recensement/", views.recensement, name="recensement"),
    path("export/data-inclusion.<str:format_>", views.export_data_inclusion, name="export_data_inclusion"),
    path("evenements/", views.evenements, name="evenements"),
    path("evenements/<int:pk>/", views.evenement, name="evenement"),
    path("lieux/", views.lieux, name="lieux"),
    path("lieux/<int:pk>/", views.lieu, name="lieu"),
    path("membres/", views.membres, name="membres"),
    path("charte/", views.charte, name="charte"),
    path("charte/signer/", views.signer_charte, name="signer_charte"),
    path("charte/<int:pk>/publier/", views.publier_charte, name="publier_charte"),
]
