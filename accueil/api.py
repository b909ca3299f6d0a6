"""API of the desk: a partner's software may push passages (idempotent through ``jeton``) and follow orientations."""

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.api import ChampCode, SerializerModele, VisiblesParUtilisateurMixin
from config.bornes import longueur_max
from reseau.models import Structure
from territoire.models import Commune
from usagers.access import journaliser, usagers_visibles_par
from usagers.lecture import LecturesApiMixin
from usagers.models import JournalAcces

from . import access, actions
from .enums import Canal, Consentement, MotifRefus, TrancheAge, TypeFoyer
from .forms import valider_date_passage
from .models import Orientation, Passage


class PassageSerializer(SerializerModele):
    jeton = serializers.UUIDField(required=False, help_text="Clé d'idempotence : un même jeton n'écrit qu'un passage.")
    lieu = serializers.PrimaryKeyRelatedField(queryset=Passage._meta.get_field("lieu").related_model.objects.none())
    motifs = ChampCode(
        slug_field="code",
        many=True,
        queryset=Passage.motifs.rel.model.objects.none(),
        help_text="Codes des motifs de la nomenclature de la collectivité.",
    )
    reponses = ChampCode(
        slug_field="code",
        many=True,
        required=False,
        queryset=Passage.reponses.rel.model.objects.none(),
        help_text="Codes des réponses apportées, de la nomenclature de la collectivité (information, rendez-vous…).",
    )
    commune_residence = ChampCode(slug_field="code", queryset=Commune.objects.all(), required=False, allow_null=True)
    usager = serializers.IntegerField(
        required=False,
        allow_null=True,
        source="usager_id",
        help_text="Numéro de dossier de la personne. En lecture, seulement là où les pages la nomment (les lieux de "
        "l'utilisateur, ses propres passages, les dossiers qui lui sont ouverts) ; ailleurs null, et "
        "personne_identifiee dit qu'une personne a été nommée.",
    )
    personne_identifiee = serializers.SerializerMethodField(
        help_text="Une personne a été nommée sur ce passage (son numéro peut être masqué : voir usager)."
    )
    canal = serializers.ChoiceField(choices=Canal.choices, default=Canal.SUR_PLACE)
    tranche_age = serializers.ChoiceField(choices=TrancheAge.choices, required=False, allow_blank=True)
    type_foyer = serializers.ChoiceField(choices=TypeFoyer.choices, required=False, allow_blank=True)
    date_heure = serializers.DateTimeField(required=False)

    class Meta:
        model = Passage
        fields = [
            "id",
            "jeton",
            "lieu",
            "date_heure",
            "canal",
            "statut",
            "usager",
            "personne_identifiee",
            "commune_residence",
            "tranche_age",
            "type_foyer",
            "motifs",
            "information",
            "reponses",
            "duree_minutes",
        ]
        read_only_fields = ["id", "statut"]
        extra_kwargs = {"duree_minutes": {"min_value": 1, "max_value": 480}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        requete = self.context.get("request")
        if requete is not None and requete.user.is_authenticated:
            self.fields["lieu"].queryset = access.lieux_du_guichet(requete.user)
            self.fields["motifs"].child_relation.queryset = access.motifs_actifs()
            self.fields["reponses"].child_relation.queryset = access.reponses_actives()

    @extend_schema_field(bool)
    def get_personne_identifiee(self, passage):
        return passage.usager_id is not None

    def to_representation(self, passage):
        """The file number only where the pages name the person (``access.passages_nommes``, docs/securite.md §4):
        elsewhere the API says that someone was seen, as the pages do, not who."""
        donnees = super().to_representation(passage)
        if donnees["usager"] is not None and not nom_visible(self.context["request"].user, passage):
            donnees["usager"] = None
        return donnees

    def validate_motifs(self, motifs):
        if not motifs:
            raise serializers.ValidationError("Choisissez au moins un motif.")
        return motifs

    def validate_date_heure(self, valeur):
        try:
            return valider_date_passage(valeur)
        except DjangoValidationError as e:
            raise serializers.ValidationError(e.messages) from e

    def validate_usager(self, valeur):
        if valeur is None:
            return None
        usager = usagers_visibles_par(self.context["request"].user).filter(pk=valeur).first()
        if usager is None:
            raise serializers.ValidationError("Cette personne est introuvable dans votre collectivité.")
        return usager


def nom_visible(user, passage):
    """``nom_visible`` as ``access.passages_nommes`` annotated it on the passage, else asked for this one."""
    visible = getattr(passage, "nom_visible", None)
    return access.passage_nomme(user, passage) if visible is None else visible


class StructureResumeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    nom = serializers.CharField(read_only=True)


class ServiceReseauSerializer(serializers.Serializer):
    """The service of the network's directory that an orientation targets (docs/accueil.md §5)."""

    id = serializers.IntegerField(read_only=True)
    nom = serializers.CharField(read_only=True)
    structure = StructureResumeSerializer(read_only=True)


class OrientationSerializer(SerializerModele):
    service_reseau = ServiceReseauSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Orientation
        fields = [
            "id",
            "passage",
            "structure_emettrice",
            "structure_destinataire",
            "service",
            "service_reseau",
            "motif",
            "message",
            "consentement",
            "statut",
            "motif_refus",
            "commentaire_reponse",
            "emise_le",
            "echeance",
        ]
        read_only_fields = fields


class NouvelleOrientationSerializer(serializers.Serializer):
    """An orientation sent from a passage already logged: to a structure, or to a service of the network (its
    structure is then the service's; both given, they must agree)."""

    passage = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    structure_destinataire = serializers.PrimaryKeyRelatedField(
        queryset=Orientation._meta.get_field("structure_destinataire").related_model.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "Cette structure ne fait pas partie du réseau."},
    )
    service_reseau = serializers.PrimaryKeyRelatedField(
        queryset=Orientation._meta.get_field("service_reseau").related_model.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": actions.SERVICE_HORS_RESEAU, "incorrect_type": actions.SERVICE_HORS_RESEAU},
        help_text="Identifiant d'un service du réseau (annuaire data·inclusion de la collectivité).",
    )
    service = serializers.CharField(
        required=False, allow_blank=True, max_length=longueur_max(Orientation, "service"), help_text="Texte libre."
    )
    motif = ChampCode(slug_field="code", queryset=Passage.motifs.rel.model.objects.none(), required=False)
    message = serializers.CharField(required=False, allow_blank=True, max_length=longueur_max(Orientation, "message"))
    contact = serializers.CharField(required=False, allow_blank=True, max_length=longueur_max(Orientation, "contact"))
    consentement = serializers.ChoiceField(choices=Consentement.choices)
    raison_sans_consentement = serializers.CharField(
        required=False, allow_blank=True, max_length=longueur_max(Orientation, "raison_sans_consentement")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        requete = self.context.get("request")
        if requete is not None and requete.user.is_authenticated:
            user = requete.user
            self.fields["structure_destinataire"].queryset = Structure.objects.exclude(
                pk__in=user.structures_actives_ids()
            )
            self.fields["service_reseau"].queryset = access.services_orientables(user)
            self.fields["motif"].queryset = access.motifs_actifs()

    def validate_passage(self, valeur):
        user = self.context["request"].user
        passage = access.passages_nommes(user, access.passages_visibles_par(user)).filter(pk=valeur).first()
        # a person the user may not read (seen at another site, docs/securite.md §4) is not theirs to orient
        if passage is None or (passage.usager_id and not passage.nom_visible):
            raise serializers.ValidationError("Ce passage est introuvable parmi ceux de vos lieux d'accueil.")
        return passage

    def validate(self, donnees):
        structure, service = donnees.get("structure_destinataire"), donnees.get("service_reseau")
        if service is not None:
            try:
                donnees["structure_destinataire"] = actions.check_service_oriente(service, structure)
            except DjangoValidationError as e:
                raise serializers.ValidationError({"service_reseau": e.messages}) from e
        elif structure is None:
            raise serializers.ValidationError(
                {"structure_destinataire": "Choisissez la structure ou le service vers lequel orienter."}
            )
        if donnees["consentement"] == Consentement.IMPOSSIBLE and not donnees.get("raison_sans_consentement"):
            raise serializers.ValidationError(
                {"raison_sans_consentement": "Indiquez pourquoi le consentement n'a pas pu être recueilli."}
            )
        return donnees


class ReponseSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("acceptee", "Accepter"), ("refusee", "Refuser"), ("realisee", "Réalisée")]
    )
    motif_refus = serializers.ChoiceField(choices=MotifRefus.choices, required=False, allow_blank=True)
    commentaire = serializers.CharField(
        required=False, allow_blank=True, max_length=longueur_max(Orientation, "commentaire_reponse")
    )

    def validate(self, donnees):
        if donnees["decision"] == "refusee" and not donnees.get("motif_refus"):
            raise serializers.ValidationError({"motif_refus": "Choisissez le motif du refus."})
        return donnees


class PassageViewSet(
    LecturesApiMixin, VisiblesParUtilisateurMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Passages of the sites of the user's structures. POST is idempotent on ``jeton``."""

    serializer_class = PassageSerializer
    permission_requise = "accueillir"

    def visibles(self, utilisateur):
        return access.passages_nommes(
            utilisateur,
            access.passages_visibles_par(utilisateur)
            .select_related("commune_residence")
            .prefetch_related("motifs", "reponses")
            .order_by("-date_heure", "-pk"),
        )

    def _usager_id(self, passage):
        """Only a person the answer names is noted as read (``PassageSerializer.to_representation``)."""
        return passage.usager_id if nom_visible(self.request.user, passage) else None

    def retrieve(self, request, *args, **kwargs):
        passage = self.get_object()
        if self._usager_id(passage):
            journaliser(request.user, passage.usager, JournalAcces.Action.API, f"passage:{passage.pk}")
        return Response(self.get_serializer(passage).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        donnees = dict(serializer.validated_data)
        usager = donnees.pop("usager_id", None)
        donnees.setdefault("jeton", uuid.uuid4())
        donnees.setdefault("date_heure", timezone.now())
        if not donnees.get("information"):
            donnees["information"] = ""
        try:
            passage, cree = actions.do_enregistrer_passage(request.user, donnees, None, usager)
        except DjangoValidationError as e:
            raise serializers.ValidationError(e.messages) from e
        return Response(
            self.get_serializer(passage).data, status=status.HTTP_201_CREATED if cree else status.HTTP_200_OK
        )


class OrientationViewSet(
    LecturesApiMixin, VisiblesParUtilisateurMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Orientations sent or received by the user's structures; a desk sends one from a passage it logged."""

    serializer_class = OrientationSerializer

    @property
    def permission_requise(self):
        return "accueillir" if getattr(self, "action", None) == "create" else "repondre_orientations"

    def visibles(self, utilisateur):
        return (
            access.orientations_visibles_par(utilisateur)
            .select_related("service_reseau__structure")
            .order_by("-emise_le", "-pk")
        )

    @extend_schema(request=NouvelleOrientationSerializer, responses={201: OrientationSerializer})
    def create(self, request, *args, **kwargs):
        """Send an orientation from a passage of the user's sites: to a structure of the network, or to one of its
        services (``service_reseau``, its structure then implied). A service of another collectivité or of another
        structure than the one named is a 400, and nothing is written."""
        nouvelle = NouvelleOrientationSerializer(data=request.data, context=self.get_serializer_context())
        nouvelle.is_valid(raise_exception=True)
        donnees = dict(nouvelle.validated_data)
        passage = donnees.pop("passage")
        # without a motif of its own, the orientation carries the passage's first one (docs/accueil.md)
        donnees["motif"] = donnees.get("motif") or passage.motifs.order_by("ordre", "pk").first()
        try:
            orientation = actions.do_orienter_passage(request.user, passage, donnees)
        except DjangoValidationError as e:
            raise serializers.ValidationError({"structure_destinataire": e.messages}) from e
        return Response(OrientationSerializer(orientation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReponseSerializer, responses=OrientationSerializer)
    @action(detail=True, methods=["post"])
    def repondre(self, request, pk=None, **kwargs):
        """The receiving structure accepts, refuses (with a reason) or marks the orientation as done."""
        orientation = self.get_object()
        if not access.peut_repondre(request.user, orientation):
            return Response(
                {"detail": "Seule la structure destinataire répond à une orientation."},
                status=status.HTTP_403_FORBIDDEN,
            )
        reponse = ReponseSerializer(data=request.data)
        reponse.is_valid(raise_exception=True)
        try:
            orientation = actions.do_changer_statut(
                orientation,
                reponse.validated_data["decision"],
                par=request.user,
                motif_refus=reponse.validated_data.get("motif_refus", ""),
                commentaire=reponse.validated_data.get("commentaire", ""),
            )
        except DjangoValidationError as e:
            raise serializers.ValidationError({"decision": e.messages}) from e
        return Response(OrientationSerializer(orientation).data)
