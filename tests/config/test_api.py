"""config.api.VisiblesParUtilisateurMixin: the one schema-generation guard of the API views."""

from types import SimpleNamespace

import pytest
from rest_framework import viewsets

from config.api import VisiblesParUtilisateurMixin
from reseau.api import LieuAccueilViewSet
from territoire.api import TISViewSet
from territoire.models import TerritoireInterventionSociale


@pytest.mark.parametrize("vue", [LieuAccueilViewSet, TISViewSet])
def test_schema_generation_gets_an_empty_queryset_of_the_views_model(vue):
    v = vue(swagger_fake_view=True)
    qs = v.get_queryset()
    assert qs.query.is_empty()
    assert qs.model is (TerritoireInterventionSociale if vue is TISViewSet else v.get_serializer_class().Meta.model)


def test_otherwise_the_view_gets_what_the_user_may_see():
    class Vue(VisiblesParUtilisateurMixin, viewsets.GenericViewSet):
        def visibles(self, utilisateur):
            return ["visible par", utilisateur]

    vue = Vue(request=SimpleNamespace(user="alice"))
    assert vue.get_queryset() == ["visible par", "alice"]
    with pytest.raises(NotImplementedError):
        VisiblesParUtilisateurMixin().visibles("alice")
