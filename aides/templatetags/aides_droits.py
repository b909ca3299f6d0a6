"""Template filter of the aids' menu (docs/aides.md): what the user may do, asked of ``Utilisateur.peut``."""

from django import template

register = template.Library()


@register.filter
def peut(user, permission):
    return bool(getattr(user, "is_authenticated", False)) and user.peut(permission)
