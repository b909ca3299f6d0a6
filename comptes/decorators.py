from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def permission_requise(permission):
    """Log-in required, then the role permission; a role that may not use the page gets 403."""

    def decorateur(vue):
        @login_required
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if not request.user.peut(permission):
                raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")
            return vue(request, *args, **kwargs)

        return enveloppe

    return decorateur
