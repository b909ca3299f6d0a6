from rest_framework.permissions import BasePermission


class PermissionDuRole(BasePermission):
    """The API answers to the same role table as the pages: a viewset names its ``permission_requise``."""

    message = "Votre rôle ne donne pas accès à ce point d'entrée."

    def has_permission(self, request, view):
        permission = getattr(view, "permission_requise", None)
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return permission is None or user.peut(permission)
