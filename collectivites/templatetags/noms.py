"""French names in a sentence (collectivites.noms): ``{% load noms %}`` then ``{{ lieu|de }}`` (« de la MSD de
Gramat »), ``{{ structure|a }}`` (« au CCAS de Cahors »), ``{{ collectivite|par }}`` (« par le Département du
Lot »), ``{{ commune|de }}`` (« d'Arcambal »), ``{{ collectivite|le }}``, ``{{ departement|dans }}`` (« dans le
Lot »). Each takes a collectivité, structure, site, TIS, commune, département or plain string."""

from django import template

from collectivites.noms import forme

register = template.Library()


def _filtre(forme_voulue):
    def filtre(objet):
        return getattr(forme(objet), forme_voulue)

    return filtre


for _nom in ("le", "de", "a", "par", "dans"):
    register.filter(_nom, _filtre(_nom))


@register.filter
def Le(objet):
    texte = forme(objet).le
    return texte[:1].upper() + texte[1:]


@register.filter
def avec_collectivite(structure):
    """« Département du Lot — Solidarités » rather than « Département du Lot — Département du Lot — Solidarités »: a
    structure's name is prefixed by its collectivité's only when it does not already start with it."""
    nom, nom_collectivite = structure.nom, structure.collectivite.nom
    return nom if nom.casefold().startswith(nom_collectivite.casefold()) else f"{nom_collectivite} — {nom}"
