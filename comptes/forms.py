from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils import timezone

from collectivites import courriels
from collectivites.envois import planifier

from .jetons import DUREE_PAR_DEFAUT


class ConnexionForm(AuthenticationForm):
    username = forms.EmailField(
        label="Adresse e-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }

    def clean(self):
        """docs/securite.md §18: a locked e-mail (or e-mail and address) is refused before its password is checked;
        every failure is counted."""
        from . import verrouillage
        from .signals import adresse_ip

        email, ip = self.cleaned_data.get("username"), adresse_ip(self.request)
        if email and verrouillage.est_verrouille(email, ip):
            raise ValidationError(verrouillage.MESSAGE, code="verrouille")
        try:
            return super().clean()
        except ValidationError:
            verrouillage.enregistrer_echec(email, ip)
            raise


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


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code à 6 chiffres de votre application (ou un code de récupération)",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class NouveauMotDePasseForm(SetPasswordForm):
    """docs/securite.md §17, §19: the validators of settings (16 characters for an administrator), and every session
    of the account ends when its password is reset."""

    def save(self, commit=True):
        from .second_facteur import journaliser, terminer_sessions

        user = super().save(commit)
        if commit:
            terminer_sessions(user)
            journaliser("mot_de_passe_reinitialise", auteur=user, cible=user)
        return user


class JetonForm(forms.Form):
    """docs/securite.md §16: a new API token — a name and an expiry date (90 days by default, a year at most); the
    rules are ``comptes.actions.check_creer_jeton``'s."""

    nom = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Le logiciel ou le partenaire qui l'utilisera, pour le reconnaître plus tard.",
    )
    expire_le = forms.DateField(
        label="Date d'expiration",
        help_text="Au plus un an après aujourd'hui.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expire_le"].initial = timezone.localdate() + DUREE_PAR_DEFAUT
