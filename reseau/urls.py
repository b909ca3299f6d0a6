from django.urls import path

from . import views, views_membres, views_ressources

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
    path("evenements/<int:pk>/inscrire/", views.inscrire_evenement, name="inscrire_evenement"),
    path("evenements/<int:pk>/presences/", views.pointer_evenement, name="pointer_evenement"),
    path("evenements/<int:pk>/bilan/", views.bilan_evenement, name="bilan_evenement"),
    path("lieux/", views.lieux, name="lieux"),
    path("lieux/<int:pk>/", views.lieu, name="lieu"),
    path("membres/", views.membres, name="membres"),
    path("charte/", views.charte, name="charte"),
    path("charte/signer/", views.signer_charte, name="signer_charte"),
    path("charte/<int:pk>/publier/", views.publier_charte, name="publier_charte"),
    path("evenements/<int:pk>/modifier/", views.evenement_modifier, name="evenement_modifier"),
    path("inscriptions/<int:pk>/evaluer/", views_ressources.evaluer_inscription, name="evaluer_inscription"),
    path("structures/<int:pk>/inviter/", views_membres.inviter, name="inviter"),
    path("invitations/<int:pk>/revoquer/", views_membres.revoquer_invitation, name="revoquer_invitation"),
    path("membres/<int:pk>/retirer/", views_membres.retirer_membre, name="retirer_membre"),
    path("structures/<int:structure_pk>/contacts/nouveau/", views_membres.contact_form, name="contact_nouveau"),
    path(
        "structures/<int:structure_pk>/contacts/<int:pk>/modifier/",
        views_membres.contact_form,
        name="contact_modifier",
    ),
    path("contacts/<int:pk>/supprimer/", views_membres.supprimer_contact, name="contact_supprimer"),
    path("structures/<int:structure_pk>/services/nouveau/", views_membres.service_form, name="service_nouveau"),
    path(
        "structures/<int:structure_pk>/services/<int:pk>/modifier/",
        views_membres.service_form,
        name="service_modifier",
    ),
    path("services/<int:pk>/supprimer/", views_membres.supprimer_service, name="service_supprimer"),
    path("ressources/", views_ressources.ressources, name="ressources"),
    path("ressources/nouvelle/", views_ressources.ressource_nouvelle, name="ressource_nouvelle"),
    path("ressources/<int:pk>/", views_ressources.ressource, name="ressource"),
    path("ressources/versions/<int:pk>/", views_ressources.telecharger_version, name="telecharger_version"),
    path("charte/signatures/<int:pk>/document/", views_ressources.document_signature, name="document_signature"),
    path(
        "charte/signatures/<int:pk>/attestation/",
        views_ressources.demander_attestation,
        name="demander_attestation",
    ),
    path(
        "charte/signatures/<int:pk>/deposer/",
        views_ressources.deposer_document_signature,
        name="deposer_document_signature",
    ),
]
