from rest_framework import serializers, viewsets

from . import access
from .models import LieuAccueil, Structure


class StructureSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune_id", read_only=True)

    class Meta:
        model = Structure
        fields = ["id", "nom", "type", "commune", "latitude", "longitude", "structure_parente"]


class LieuAccueilSerializer(serializers.ModelSerializer):
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


class StructureViewSet(viewsets.ReadOnlyModelViewSet):
    """Structures of the network of the authenticated user's collectivité."""

    serializer_class = StructureSerializer
    permission_requise = "voir_reseau"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return Structure.objects.none()
        return access.structures_visibles_par(self.request.user).order_by("nom")


class LieuAccueilViewSet(viewsets.ReadOnlyModelViewSet):
    """Reception sites of the network of the authenticated user's collectivité."""

    serializer_class = LieuAccueilSerializer
    permission_requise = "voir_reseau"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LieuAccueil.objects.none()
        return access.lieux_visibles_par(self.request.user).order_by("nom")
