from django.db.models import Count
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets

from config.api import SerializerModele, VisiblesParUtilisateurMixin

from .access import tis_visibles_par
from .models import Commune, TerritoireInterventionSociale


class CommuneSerializer(SerializerModele):
    class Meta:
        model = Commune
        fields = [
            "code",
            "nom",
            "departement",
            "epci",
            "population",
            "codes_postaux",
            "latitude",
            "longitude",
        ]


class TISSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nom = serializers.CharField()
    tas = serializers.CharField(source="tas.nom")
    nombre_communes = serializers.IntegerField()
    communes = serializers.SerializerMethodField()

    def get_communes(self, obj) -> list[str]:
        return [s.commune_id for s in obj.sectorisations.all()]


@extend_schema(parameters=[OpenApiParameter("q", str, description="début du nom, code INSEE ou code postal")])
class CommuneViewSet(viewsets.ReadOnlyModelViewSet):
    """The COG communes (reference data shared by every collectivité)."""

    serializer_class = CommuneSerializer
    permission_requise = "voir_reseau"
    lookup_field = "code"
    lookup_value_regex = "[0-9][0-9AB][0-9]{3}"  # an INSEE code: anything else is a 404, never a query

    def get_queryset(self):
        q = self.request.query_params.get("q")
        return Commune.objects.recherche(q) if q else Commune.objects.order_by("code")


class TISViewSet(VisiblesParUtilisateurMixin, viewsets.ReadOnlyModelViewSet):
    """The collectivité's TIS and the communes each serves (sectorisation)."""

    serializer_class = TISSerializer
    modele = TerritoireInterventionSociale  # the serializer is not a ModelSerializer
    permission_requise = "voir_sectorisation"

    def visibles(self, utilisateur):
        return (
            tis_visibles_par(utilisateur)
            .select_related("tas")
            .prefetch_related("sectorisations")
            .annotate(nombre_communes=Count("sectorisations"))
            .order_by("nom")
        )
