"""docs/securite.md §1–2: every tenant-owned model carries a NOT NULL collectivité FK, inside every unique constraint,
and
its default manager refuses to query without a tenant context. A new model is covered without editing this file."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from collectivites.models import Collectivite
from collectivites.tenancy import ScopeError

# Models of the project's apps that are not tenant-owned, each with its reason.
NON_TENANT = {
    "collectivites.Collectivite": "le tenant lui-même",
    "territoire.Departement": "référentiel COG partagé par toutes les collectivités",
    "territoire.EPCI": "référentiel COG partagé par toutes les collectivités",
    "territoire.Commune": "référentiel COG partagé par toutes les collectivités",
    "diagnostic.DonneeInsee": "statistiques publiques de l'Insee par commune, partagées comme le COG",
    "comptes.AppareilTOTP": "second facteur d'un compte, lu à la connexion comme l'identité (comptes.Utilisateur)",
    "comptes.CodeRecuperation": "codes de récupération d'un compte, lus à la connexion",
    "comptes.EchecConnexion": "échecs par adresse saisie, avant que le compte ou la collectivité soit connu",
    "comptes.Verrou": "verrous par adresse saisie, avant que le compte ou la collectivité soit connu",
    "comptes.SessionOuverte": "sessions d'un compte, lues par ce compte seulement",
    "comptes.JetonAPI": "jeton d'API d'un compte, lu à l'authentification avant que la collectivité soit connue",
    "comptes.JournalSecurite": "journal technique (administration, comptes), hors des données de collectivité",
}
# Tenant-owned models whose default manager is deliberately not scoped, each with its reason.
MANAGER_NON_SCOPE = {
    "comptes.Utilisateur": "l'identité sert à la connexion, avant que la collectivité soit connue ; "
    "les listes passent par les fonctions d'accès",
}
# Unique fields allowed without the tenant, each with its reason.
UNIQUE_SANS_TENANT = {
    (
        "comptes.Utilisateur",
        "email",
    ): "l'adresse e-mail identifie le compte à la connexion, sur toute la plateforme",
}

APPS_DU_PROJET = {a.split(".")[0] for a in settings.INSTALLED_APPS if not a.startswith(("django", "rest_", "drf_"))}


def modeles_du_projet():
    return [m for m in apps.get_models() if m._meta.app_label in APPS_DU_PROJET]


def nom(model):
    return f"{model._meta.app_label}.{model.__name__}"


def test_the_project_has_tenant_models_to_check():
    assert len([m for m in modeles_du_projet() if nom(m) not in NON_TENANT]) >= 6


@pytest.mark.parametrize("model", modeles_du_projet(), ids=nom)
def test_every_tenant_model_has_a_not_null_tenant_fk(model):
    if nom(model) in NON_TENANT:
        assert not any(f.name == "collectivite" for f in model._meta.fields) or model is Collectivite
        return
    champ = model._meta.get_field("collectivite")
    assert isinstance(champ, models.ForeignKey), f"{nom(model)}.collectivite doit être une clé étrangère"
    assert champ.related_model is Collectivite
    assert champ.null is False, f"{nom(model)}.collectivite doit être NOT NULL"


@pytest.mark.parametrize("model", modeles_du_projet(), ids=nom)
def test_every_unique_constraint_includes_the_tenant(model):
    if nom(model) in NON_TENANT:
        return
    for contrainte in model._meta.constraints:
        if isinstance(contrainte, models.UniqueConstraint):
            assert "collectivite" in contrainte.fields, f"{nom(model)}: {contrainte.name} sans collectivite"
    for ensemble in model._meta.unique_together:
        assert "collectivite" in ensemble, f"{nom(model)}: unique_together {ensemble} sans collectivite"
    for champ in model._meta.fields:
        if champ.unique and not champ.primary_key:
            assert (nom(model), champ.name) in UNIQUE_SANS_TENANT, f"{nom(model)}.{champ.name} unique sans tenant"


@pytest.mark.django_db
@pytest.mark.parametrize("model", modeles_du_projet(), ids=nom)
def test_a_query_without_tenant_context_raises(model):
    if nom(model) in NON_TENANT or nom(model) in MANAGER_NON_SCOPE:
        return
    with pytest.raises(ScopeError):
        list(model.objects.all())
    with pytest.raises(ScopeError):
        model.objects.filter(pk=1).exists()
    with pytest.raises(ScopeError):
        model.objects.count()


def test_exemptions_name_existing_models():
    for cle in [*NON_TENANT, *MANAGER_NON_SCOPE, *(m for m, _ in UNIQUE_SANS_TENANT)]:
        assert apps.get_model(cle) is not None
