"""What every API view of the app shares."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from . import bornes


class VisiblesParUtilisateurMixin:
    """``get_queryset`` of an API view: the rows the authenticated user may see, from the app's ``access.py``.

    The view implements ``visibles(utilisateur)``. While drf-spectacular generates the schema (``/api/schema/``) there
    is no user and no tenant: the view then gets an empty queryset of its model (``modele``, or else the model of its
    serializer), which is all the schema needs.
    """

    modele = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            modele = self.modele or self.get_serializer_class().Meta.model
            return modele.objects.none()
        return self.visibles(self.request.user)

    def visibles(self, utilisateur):
        raise NotImplementedError(f"{type(self).__name__}.visibles(utilisateur)")


# docs/securite.md §22: the answers every operation may give besides its success, documented once for all. The
# fuzzing run (tests/test_fuzzing_api.py) fails on a status code the schema does not name.
REPONSES_D_ERREUR = {
    "400": "Requête invalide : chaque champ en cause est nommé, avec un message en français.",
    "401": "Authentification absente ou invalide (jeton d'API ou session).",
    "403": "Votre rôle ne donne pas accès à ce point d'entrée ou à cette action.",
    "404": "Introuvable, ou hors de votre collectivité (les deux cas ont la même réponse).",
    "429": "Trop de requêtes : réessayez plus tard.",
}
SCHEMA_ERREUR = {
    "type": "object",
    "description": "Un message (« detail ») ou, pour une requête invalide, la liste des erreurs de chaque champ.",
    "additionalProperties": {},
}


def documenter_les_erreurs(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents its 400, 401, 403, 404 and 429 answers."""
    result.setdefault("components", {}).setdefault("schemas", {})["Erreur"] = SCHEMA_ERREUR
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            reponses = operation.setdefault("responses", {})
            for code, description in REPONSES_D_ERREUR.items():
                reponses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Erreur"}}},
                    },
                )
    return result


class SerializerModele(serializers.ModelSerializer):
    """The base of every model serializer. A read-only choice field keeps the model's ``blank``: DRF drops
    ``allow_blank`` from read-only fields, so the schema's enum refused the "" the API answers (``motif_refus``,
    issue #12 point 9)."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        vide_permis = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if vide_permis and kwargs.get("read_only") and "choices" in kwargs:
            kwargs["allow_blank"] = True
        return kwargs


class ChampCode(serializers.SlugRelatedField):
    """A related object named by its code. A NUL byte never reaches the database, which refuses it with an error
    (docs/securite.md §22: the 500 of ``POST /api/passages/`` under fuzzing)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                bornes.sans_caractere_nul(data)
            except DjangoValidationError as e:
                raise serializers.ValidationError(e.messages) from e
        return super().to_internal_value(data)


PARAMETRE_ANNEE = {"type": "integer", "minimum": bornes.ANNEE_MIN, "maximum": bornes.ANNEE_MAX}


def annee_demandee(parametres, defaut=None):
    """The ``annee`` of a query string, checked once for every endpoint: absent gives ``defaut``, out of bounds or not
    a number a 400 naming the parameter."""
    if parametres.get("annee") in (None, ""):
        return defaut
    try:
        return bornes.annee(parametres["annee"])
    except DjangoValidationError as e:
        raise serializers.ValidationError({"annee": e.messages}) from e
