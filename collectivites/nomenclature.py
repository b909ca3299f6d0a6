"""Per-collectivité nomenclatures (the desk's motifs, the types of support): the administrator adapts the seeded
list — renames, switches off, adds — without touching what was recorded with them.

A nomenclature is a tenant model with ``code``, ``libelle``, ``actif`` and ``ordre`` (``accueil.Motif``,
``accompagnement.TypeAccompagnement``); its page lives with the app that owns it and calls these writes, shared
through ``collectivites.views.nomenclature``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from config import bornes


def check_gerer_nomenclature(user, collectivite):
    if user.collectivite_id != collectivite.pk or not user.peut("gerer_collectivite"):
        raise PermissionDenied("Seul l'administrateur de la collectivité adapte ses nomenclatures.")


def _libelle_valide(modele, libelle):
    libelle = (libelle or "").strip()
    bornes.sans_caractere_nul(libelle)  # PostgreSQL refuses a NUL byte (docs/securite.md §21)
    if not libelle or len(libelle) > modele._meta.get_field("libelle").max_length:
        raise ValidationError("Indiquez un libellé (120 caractères au plus).")
    return libelle


@transaction.atomic
def do_ajouter_element(user, collectivite, modele, libelle):
    """Add an entry at the end of the list; its code is the slug of the label. Refused when it already exists."""
    check_gerer_nomenclature(user, collectivite)
    libelle = _libelle_valide(modele, libelle)
    code = slugify(libelle)[:60] or "element"
    if modele.objects.filter(code=code).exists() or modele.objects.filter(libelle__iexact=libelle).exists():
        raise ValidationError(f"« {libelle} » existe déjà.")
    return modele.objects.create(collectivite=collectivite, code=code, libelle=libelle, ordre=modele.objects.count())


def do_modifier_element(user, element, libelle, actif):
    """Rename an entry and switch it on or off; what was recorded with it keeps it."""
    check_gerer_nomenclature(user, element.collectivite)
    element.libelle = _libelle_valide(type(element), libelle)
    element.actif = actif
    element.save(update_fields=["libelle", "actif"])
    return element
