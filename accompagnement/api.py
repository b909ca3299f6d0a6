"""API of supports: partners' systems read the shared parts (never private notes) of the supports they may see."""

from django.db.models import F, Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from config.api import SerializerModele, VisiblesParUtilisateurMixin
from usagers.access import journaliser
from usagers.lecture import LecturesApiMixin
from usagers.models import JournalAcces

from . import access
from .models import Accompagnement, Action, Objectif, Theme


class ActionSerializer(SerializerModele):
    en_retard = serializers.BooleanField(read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "objectif",
            "libelle",
            "porteur",
            "structure_porteuse",
            "echeance",
            "statut",
            "resultat",
            "realisee_le",
            "en_retard",
        ]


class ObjectifSerializer(SerializerModele):
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Objectif
        fields = ["id", "libelle", "date_accord", "actions"]


class ThemeSerializer(SerializerModele):
    objectifs = ObjectifSerializer(many=True, read_only=True)

    class Meta:
        model = Theme
        fields = ["id", "libelle", "objectifs"]


class AccompagnementSerializer(SerializerModele):
    type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta:
        model = Accompagnement
        fields = [
            "id",
            "usager",
            "type",
            "structure",
            "referent",
            "date_debut",
            "date_fin",
            "statut",
            "issue",
            "themes",
        ]


class AccompagnementViewSet(LecturesApiMixin, VisiblesParUtilisateurMixin, viewsets.ReadOnlyModelViewSet):
    """Supports the user may see, with their plan (themes → objectives → actions)."""

    serializer_class = AccompagnementSerializer
    permission_requise = "accompagner"

    def visibles(self, utilisateur):
        return (
            access.accompagnements_visibles_par(utilisateur)
            .select_related("type")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.prefetch_related("objectifs__actions")))
            .order_by("-date_debut", "-pk")
        )

    def retrieve(self, request, *args, **kwargs):
        accompagnement = self.get_object()
        journaliser(request.user, accompagnement.usager, JournalAcces.Action.API, f"accompagnement:{accompagnement.pk}")
        return Response(self.get_serializer(accompagnement).data)


@extend_schema(parameters=[OpenApiParameter("en_retard", bool, description="seulement les actions en retard")])
class ActionViewSet(LecturesApiMixin, VisiblesParUtilisateurMixin, viewsets.ReadOnlyModelViewSet):
    """Actions of the plans of the supports the user may see."""

    serializer_class = ActionSerializer
    permission_requise = "accompagner"
    chemin_usager = "usager_de_l_action"

    def visibles(self, utilisateur):
        qs = Action.objects.filter(
            objectif__theme__accompagnement__in=access.accompagnements_visibles_par(utilisateur)
        ).annotate(usager_de_l_action=F("objectif__theme__accompagnement__usager_id"))
        if self.request.query_params.get("en_retard") in ("1", "true", "oui"):
            qs = qs.en_retard()
        return qs.order_by("echeance", "pk")
