from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from config.api import SerializerModele, VisiblesParUtilisateurMixin

from . import access, data_inclusion
from .models import LieuAccueil, Structure


class StructureSerializer(SerializerModele):
    commune = serializers.CharField(source="commune_id", read_only=True)

    class Meta:
        model = Structure
        fields = ["id", "nom", "type", "commune", "latitude", "longitude", "structure_parente"]


class LieuAccueilSerializer(SerializerModele):
    commune = serializers.CharField(source="commune_id", read_only=True)

    class Meta:
        model = LieuAccueil
        fields = [
            "id",
            "nom",
            "structure",
            "type_accueil",
            "adresse",
            "commune",
            "latitude",
            "longitude",
            "tis",
            "sans_rendez_vous",
        ]


class StructureViewSet(VisiblesParUtilisateurMixin, viewsets.ReadOnlyModelViewSet):
    """Structures of the network of the authenticated user's collectivité."""

    serializer_class = StructureSerializer
    permission_requise = "voir_reseau"

    def visibles(self, utilisateur):
        return access.structures_visibles_par(utilisateur).order_by("nom")

    def _data_inclusion(self, fonction):
        valides, _ = fonction(self.request.collectivite, self.get_queryset())
        page = self.paginate_queryset(valides)
        return self.get_paginated_response(page)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="Les structures au schéma data·inclusion v1 (validées par le paquet data-inclusion-schema).",
    )
    @action(detail=False, url_path="data-inclusion")
    def data_inclusion(self, request, format=None):
        return self._data_inclusion(data_inclusion.structures)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description="Les services des structures au schéma data·inclusion v1 (thématiques, publics, modes d'accueil, "
        "zone d'éligibilité en codes COG).",
    )
    @action(detail=False, url_path="data-inclusion-services")
    def data_inclusion_services(self, request, format=None):
        return self._data_inclusion(data_inclusion.services)


class LieuAccueilViewSet(VisiblesParUtilisateurMixin, viewsets.ReadOnlyModelViewSet):
    """Reception sites of the network of the authenticated user's collectivité."""

    serializer_class = LieuAccueilSerializer
    permission_requise = "voir_reseau"

    def visibles(self, utilisateur):
        return access.lieux_visibles_par(utilisateur).order_by("nom")
