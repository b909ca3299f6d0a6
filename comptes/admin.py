from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm

from .models import Utilisateur


class UtilisateurCreationForm(BaseUserCreationForm):
    class Meta:
        model = Utilisateur
        fields = ("email", "collectivite", "prenom", "nom")


class UtilisateurChangeForm(UserChangeForm):
    class Meta:
        model = Utilisateur
        fields = "__all__"


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin):
    form = UtilisateurChangeForm
    add_form = UtilisateurCreationForm
    ordering = ["email"]
    list_display = ["email", "prenom", "nom", "collectivite", "is_active"]
    list_filter = ["collectivite", "is_active", "is_staff"]
    search_fields = ["email", "nom", "prenom"]
    fieldsets = [
        (None, {"fields": ["email", "password", "collectivite"]}),
        ("Identité", {"fields": ["prenom", "nom", "telephone"]}),
        ("Droits techniques", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "collectivite", "prenom", "nom", "password1", "password2"]})]
