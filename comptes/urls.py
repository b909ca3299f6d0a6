from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import ConnexionForm, NouveauMotDePasseForm, ReinitialisationForm

app_name = "comptes"

urlpatterns = [
    path(
        "connexion/",
        views.ConnexionView.as_view(authentication_form=ConnexionForm),
        name="connexion",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path("second-facteur/", views.second_facteur_vue, name="second_facteur"),
    path("second-facteur/enrolement/", views.enrolement, name="enrolement"),
    path("sessions/", views.sessions, name="sessions"),
    path("jetons/", views.jetons_api, name="jetons"),
    path("jetons/collectivite/", views.jetons_collectivite, name="jetons_collectivite"),
    path("jetons/<int:pk>/revoquer/", views.revoquer_jeton, name="revoquer_jeton"),
    path("proconnect/", views.proconnect_connexion, name="proconnect"),
    path("proconnect/retour/", views.proconnect_retour, name="proconnect_retour"),
    path(
        "utilisateurs/<int:pk>/reinitialiser-second-facteur/",
        views.reinitialiser_second_facteur,
        name="reinitialiser_second_facteur",
    ),
    path("utilisateurs/<int:pk>/deverrouiller/", views.deverrouiller, name="deverrouiller"),
    path(
        "mot-de-passe/oublie/",
        auth_views.PasswordResetView.as_view(
            template_name="comptes/mot_de_passe_oublie.html",
            form_class=ReinitialisationForm,
            email_template_name="comptes/email_reinitialisation.txt",
            subject_template_name="comptes/email_reinitialisation_sujet.txt",
            success_url=reverse_lazy("comptes:mot_de_passe_envoye"),
        ),
        name="mot_de_passe_oublie",
    ),
    path(
        "mot-de-passe/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="comptes/mot_de_passe_envoye.html"),
        name="mot_de_passe_envoye",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="comptes/mot_de_passe_nouveau.html",
            form_class=NouveauMotDePasseForm,
            success_url=reverse_lazy("comptes:mot_de_passe_change"),
        ),
        name="mot_de_passe_nouveau",
    ),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordResetCompleteView.as_view(template_name="comptes/mot_de_passe_change.html"),
        name="mot_de_passe_change",
    ),
]
