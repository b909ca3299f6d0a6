from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader

from collectivites import courriels
from collectivites.envois import planifier


class ConnexionForm(AuthenticationForm):
    username = forms.EmailField(
        label="Adresse e-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }


class ReinitialisationForm(PasswordResetForm):
    email = forms.EmailField(
        label="Adresse e-mail", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Queue the e-mail for the worker after commit instead of talking to SMTP inside the request."""
        sujet = courriels.sujet_sur_une_ligne(loader.render_to_string(subject_template_name, context))
        texte, html = courriels.rendre(email_template_name, context)
        planifier("comptes.envoyer_email", context["user"].collectivite, [to_email], sujet, texte, html)
