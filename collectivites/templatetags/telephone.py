"""``{{ numero|telephone }}``: a stored E.164 number as a French reader writes it (collectivites.telephone)."""

from django import template

from collectivites.telephone import afficher

register = template.Library()


@register.filter
def telephone(valeur):
    return afficher(valeur)
