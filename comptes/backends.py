from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Log in with the e-mail, case-insensitively; an inactive collectivité closes its accounts."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()
        return super().authenticate(request, username=email, password=password)

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and user.collectivite.active
