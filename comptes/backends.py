from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Log in with the e-mail, case-insensitively; an inactive collectivité closes its accounts."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()
        return super().authenticate(request, username=email, password=password)

    def get_user(self, user_id):
        """The user and their collectivité in one query: every request needs both (tenant context). By primary key,
        without the model's ordering that ``first()`` would compile for one row (docs/performance.md §15)."""
        lus = get_user_model()._default_manager.select_related("collectivite").filter(pk=user_id).order_by()[:1]
        user = next(iter(lus), None)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and user.collectivite.active
