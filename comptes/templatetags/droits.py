"""``{% load droits %}`` then ``user|peut:"accompagner"``: what the user may do, asked of ``Utilisateur.peut``
(comptes/roles.py), for links and menus. It shows or hides a link only; the view checks again."""

from django import template

register = template.Library()


@register.filter
def peut(user, permission):
    return bool(getattr(user, "is_authenticated", False)) and user.peut(permission)
