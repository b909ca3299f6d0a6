"""API of the aids (docs/aides.md « API »): applications (read, and an idempotent create through ``jeton``) and
decisions, for the applications the user may read — the same ``demandes_visibles_par`` as the pages."""

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from config.api import SerializerModele, VisiblesParUtilisateurMixin
from usagers.access import journaliser, usagers_visibles_par
from usagers.lecture import LecturesApiMixin
from usagers.models import JournalAcces

from . import access, actions
from .models import Decision, Demande, Dispositif


class DecisionSerializer(SerializerModele):
    class Meta:
        model = Decision
        fields = [
            "id",
            "demande",
            "commission",
            "urgente",
            "sens",
            "montant",
            "duree_mois",
            "conditions",
            "objectifs",
            "motif",
            "manquant",
            "decidee_le",
        ]


class DemandeSerializer(SerializerModele):
    jeton = serializers.UUIDField(required=False, help_text="Clé d'idempotence : un même jeton n'écrit qu'une demande.")
    usager = serializers.IntegerField(source="usager_id", min_value=1, max_value=2**31 - 1)
    dispositif = serializers.PrimaryKeyRelatedField(queryset=Dispositif.objects.none())
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Demande
        fields = [
            "id",
            "jeton",
            "usager",
            "dispositif",
            "objet",
            "montant_demande",
            "evaluation",
            "statut",
            "deposee_le",
            "reste_a_vivre",
            "regles",
            "decisions",
        ]
        read_only_fields = ["statut", "deposee_le", "reste_a_vivre", "regles"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        requete = self.context.get("request")
        if requete is not None and requete.user.is_authenticated:
            self.fields["dispositif"].queryset = access.dispositifs_visibles_par(requete.user).filter(actif=True)


class DemandeViewSet(
    LecturesApiMixin, VisiblesParUtilisateurMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Applications for an aid the user may read. POST opens one with the person's current household situation and
    is idempotent on ``jeton``."""

    serializer_class = DemandeSerializer
    permission_requise = "accompagner"

    def visibles(self, utilisateur):
        return access.demandes_visibles_par(utilisateur).prefetch_related("decisions").order_by("-deposee_le", "-pk")

    def retrieve(self, request, *args, **kwargs):
        demande = self.get_object()
        journaliser(request.user, demande.usager_id, JournalAcces.Action.API, f"aide:{demande.pk}")
        return Response(self.get_serializer(demande).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        donnees = dict(serializer.validated_data)
        usager = usagers_visibles_par(request.user).filter(pk=donnees.pop("usager_id")).first()
        if usager is None:
            raise serializers.ValidationError({"usager": ["Personne introuvable."]})
        jeton = donnees.pop("jeton", None) or uuid.uuid4()
        existait = Demande.objects.filter(jeton=jeton).exists()
        dispositif = donnees.pop("dispositif")
        try:
            demande = actions.do_deposer(request.user, usager, dispositif, donnees, jeton=jeton)
        except DjangoValidationError as e:
            raise serializers.ValidationError(getattr(e, "message_dict", {"non_field_errors": e.messages})) from e
        if existait and demande.usager_id != usager.pk:
            raise serializers.ValidationError({"jeton": ["Ce jeton désigne déjà une autre demande."]})
        return Response(
            self.get_serializer(demande).data, status=status.HTTP_200_OK if existait else status.HTTP_201_CREATED
        )


class DecisionViewSet(LecturesApiMixin, VisiblesParUtilisateurMixin, viewsets.ReadOnlyModelViewSet):
    """Decisions on the applications the user may read."""

    serializer_class = DecisionSerializer
    permission_requise = "accompagner"
    chemin_usager = "demande__usager_id"

    def visibles(self, utilisateur):
        return (
            Decision.objects.filter(demande__in=access.demandes_visibles_par(utilisateur))
            .select_related("demande")
            .order_by("-decidee_le", "-pk")
        )
