"""What every API view of the app shares."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler

from . import bornes, erreurs


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
    "404": f"« {erreurs.INTROUVABLE} » : l'objet n'existe pas, ou il est hors de votre collectivité (les deux cas "
    "ont la même réponse).",
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


def gestionnaire_d_exceptions(exception, contexte):
    """REST_FRAMEWORK's EXCEPTION_HANDLER: every 404 of an object answers the same French message as an unknown
    address (``config.erreurs.INTROUVABLE``, docs/securite.md §22). DRF would pass on the text of Django's Http404,
    English and naming the model (« No Passage matches the given query. »). A 404 with a message of its own (DRF's
    « Page non valide. ») keeps it; DRF's other messages are translated (LANGUAGE_CODE « fr »)."""
    if isinstance(exception, Http404) or (
        isinstance(exception, exceptions.NotFound) and exception.detail == exceptions.NotFound.default_detail
    ):
        exception = exceptions.NotFound(erreurs.INTROUVABLE)
    return exception_handler(exception, contexte)


PARAMETRE_IDENTIFIANT = {"type": "integer", "minimum": 1, "maximum": bornes.IDENTIFIANT_MAX}


def identifiant_demande(parametres, nom):
    """The id of a query string (``?tis=``), checked like every id (``config.bornes.identifiant``): absent gives None,
    malformed or out of range a 400 naming the parameter (docs/securite.md §22)."""
    if parametres.get(nom) in (None, ""):
        return None
    nombre = bornes.identifiant(parametres[nom])
    if nombre is None:
        raise serializers.ValidationError({nom: [bornes.MESSAGE_IDENTIFIANT]})
    return nombre
