"""French names and counts in a sentence (collectivites.noms, docs/publications.md §1): ``{% load noms %}`` then
``{{ lieu|de }}`` (« de la MSD de Gramat »), ``{{ structure|a }}`` (« au CCAS de Cahors »), ``{{ collectivite|par }}``
(« par le Département du Lot »), ``{{ commune|de }}`` (« d'Arcambal », « des Arques »), ``{{ usager|de }}``
(« d'Alain MARTY »), ``{{ collectivite|le }}``, ``{{ departement|dans }}`` (« dans le Lot »). Each takes a
collectivité, structure, site, TIS, commune, département, person or plain string;
``{{ ressource.titre|nom_propre|de }}`` reads a string as a title or a person's name (no article, only the elision).

``{{ n|pluriel }}`` is the French agreement with a count (« 0 accompagnement », « 2 accompagnements »), with the
arguments of Django's ``pluralize``, which it replaces: ``{{ n|pluriel:"x" }}``, ``{{ n|pluriel:"a,ont" }}``."""

from django import template

from collectivites import noms

register = template.Library()


def _filtre(forme_voulue):
    def filtre(objet):
        return getattr(noms.forme(objet), forme_voulue)

    return filtre


for _nom in ("le", "de", "a", "par", "dans"):
    register.filter(_nom, _filtre(_nom))


@register.filter
def Le(objet):
    texte = noms.forme(objet).le
    return texte[:1].upper() + texte[1:]


@register.filter
def nom_propre(texte):
    return noms.nom_propre(texte)


@register.filter
def pluriel(nombre, formes="s"):
    """The ending that agrees with ``nombre`` in French: « s » (or the plural given) from 2 on; ``"a,ont"`` gives
    the singular and the plural."""
    singulier, _, forme_plurielle = formes.rpartition(",")
    return noms.pluriel(nombre, singulier, forme_plurielle)


@register.filter
def avec_collectivite(structure):
    """« Département du Lot — Solidarités » rather than « Département du Lot — Département du Lot — Solidarités »: a
    structure's name is prefixed by its collectivité's only when it does not already start with it."""
    nom, nom_collectivite = structure.nom, structure.collectivite.nom
    return nom if nom.casefold().startswith(nom_collectivite.casefold()) else f"{nom_collectivite} — {nom}"
