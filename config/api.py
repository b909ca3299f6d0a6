"""What every API view of the app shares."""


class VisiblesParUtilisateurMixin:
    """``get_queryset`` of an API view: the rows the authenticated user may see, from the app's ``access.py``.

    The view implements ``visibles(utilisateur)``. While drf-spectacular generates the schema (``/api/schema/``) there
    is no user and no tenant: the view then gets an empty queryset of its model (``modele``, or else the model of its
    serializer), which is all the schema needs.
    """

    modele = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            modele = self.modele or self.get_serializer_class().Meta.model
            return modele.objects.none()
        return self.visibles(self.request.user)

    def visibles(self, utilisateur):
        raise NotImplementedError(f"{type(self).__name__}.visibles(utilisateur)")
