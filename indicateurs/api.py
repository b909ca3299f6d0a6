"""API of the charter indicators and the activity statistics (aggregates only, small cells hidden: docs/securite.md
§7)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from config.api import (
    PARAMETRE_ANNEE,
    PARAMETRE_IDENTIFIANT,
    SerializerModele,
    VisiblesParUtilisateurMixin,
    annee_demandee,
    identifiant_demande,
)
from reseau.models import LieuAccueil
from territoire.models import Sectorisation

from . import access, statistiques, tableaux
from .enums import Indicateur
from .models import Instantane


class PermissionDuTableau(BasePermission):
    message = "Votre rôle ne donne pas accès aux statistiques."

    def has_permission(self, request, view):
        return access.peut_voir_tableau(request.user)


class InstantaneSerializer(SerializerModele):
    class Meta:
        model = Instantane
        fields = [
            "id",
            "indicateur",
            "periodicite",
            "debut",
            "fin",
            "valeur",
            "unite",
            "cible",
            "cible_libelle",
            "methode",
            "parametres",
            "entrees",
            "detail",
            "calcule_le",
        ]


@extend_schema(
    parameters=[
        OpenApiParameter("indicateur", str, enum=Indicateur.values, description="un des cinq indicateurs"),
        OpenApiParameter("annee", PARAMETRE_ANNEE, description="année de fin de la période"),
    ]
)
class InstantaneViewSet(VisiblesParUtilisateurMixin, viewsets.ReadOnlyModelViewSet):
    """Snapshots of the charter indicators: value, target, method and parameters, inputs' counts. Never updated."""

    serializer_class = InstantaneSerializer
    permission_classes = [PermissionDuTableau]

    def visibles(self, utilisateur):
        qs = access.instantanes_visibles_par(utilisateur)
        p = self.request.query_params
        if p.get("indicateur"):
            if p["indicateur"] not in Indicateur.values:
                choix = ", ".join(Indicateur.values)
                raise ValidationError({"indicateur": f"Choisissez un indicateur parmi : {choix}."})
            qs = qs.filter(indicateur=p["indicateur"])
        if (annee := annee_demandee(p)) is not None:
            qs = qs.filter(fin__year=annee)
        return qs.order_by("-fin", "-calcule_le", "-pk")


class CelluleSerializer(serializers.Serializer):
    cle = serializers.CharField()
    libelle = serializers.CharField()
    valeur = serializers.IntegerField(allow_null=True, help_text="null : effectif sous le seuil du secret statistique")


class StatistiquesSerializer(serializers.Serializer):
    source = serializers.CharField()
    dimension = serializers.CharField()
    annee = serializers.IntegerField()
    seuil_secret = serializers.IntegerField()
    cellules = CelluleSerializer(many=True)


DIMENSIONS = {
    "passages": ["total", "motif", "reponse", "issue", "canal", "commune", "epci", "lieu", "mois"],
    "personnes": ["mois"],
    "orientations": ["resultat", "delai"],
    "accompagnements": ["ouverts_type", "clos_type", "clos_issue"],
    "ingenierie": ["type", "niveau", "etat"],
}


class StatistiquesViewSet(viewsets.ViewSet):
    """Activity statistics read from the monthly rollups: one source and one dimension over a year."""

    permission_classes = [PermissionDuTableau]

    @extend_schema(
        parameters=[
            OpenApiParameter("source", str, enum=list(DIMENSIONS), required=True),
            OpenApiParameter("dimension", str, required=True, description="par source : " + str(DIMENSIONS)),
            OpenApiParameter("annee", PARAMETRE_ANNEE, description="l'année courante par défaut"),
            OpenApiParameter(
                "tis", PARAMETRE_IDENTIFIANT, description="un territoire d'intervention sociale (réseau entier sinon)"
            ),
        ],
        responses=StatistiquesSerializer,
    )
    def list(self, request, format=None):  # DRF passes the suffix format by this name
        p = request.query_params
        tis = identifiant_demande(p, "tis")  # read first: a malformed id is named whatever the other parameters
        source, dimension = p.get("source", ""), p.get("dimension", "")
        if dimension not in DIMENSIONS.get(source, []):
            raise ValidationError({"dimension": f"Choisissez une source et une dimension parmi {DIMENSIONS}."})
        annee = annee_demandee(p, defaut=timezone.localdate().year)
        lieux, communes = access.lieux_du_tableau(request.user), None
        if tis is not None and lieux is None:
            lieux = list(LieuAccueil.objects.filter(tis_id=tis).values_list("pk", flat=True))
            communes = list(Sectorisation.objects.filter(tis_id=tis).values_list("commune_id", flat=True))
        if source == "personnes" and lieux is not None:  # distinct per site: summing them would count twice
            raise ValidationError({"source": "Les personnes distinctes ne sont comptées que pour tout le réseau."})
        seuil = request.user.collectivite.seuil_secret_statistique
        debut, fin = timezone.datetime(annee, 1, 1).date(), timezone.datetime(annee, 12, 31).date()
        if dimension == "lieu":
            cellules = statistiques.par_lieu(source, debut, fin, seuil, lieux)
        elif dimension in ("mois", "total") and source in ("passages", "personnes"):
            # distinct persons of the whole network per month; restricted to some sites, their per-site counts
            dim = "mois" if source == "personnes" and lieux is None else "total"
            cellules = [
                {"cle": f"{r['mois']:%Y-%m}", "libelle": f"{r['mois']:%m/%Y}", "valeur": r["valeur"]}
                for r in statistiques.par_mois(source, dim, debut, fin, seuil, lieux)
            ]
        else:  # the same cells as statistiques.lire, in one plain statement (docs/performance.md §15)
            cellules = tableaux.lire(source, dimension, debut, fin, seuil, lieux, communes)
        # already the shape of StatistiquesSerializer (the schema's), in JSON types: no serializer pass per cell
        return Response(
            {"source": source, "dimension": dimension, "annee": annee, "seuil_secret": seuil, "cellules": cellules}
        )
