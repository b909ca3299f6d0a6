from django.apps import AppConfig


class PortailConfig(AppConfig):
    name = "portail"
    verbose_name = "Portail"

    def ready(self):
        from usagers.bandeau import enregistrer_action

        enregistrer_action(90, action_droit_acces)


def action_droit_acces(user, usager):
    """The file's « Droit d'accès » button (docs/securite.md §14), for the encadrant who records requests."""
    from django.urls import reverse

    if not user.peut("exporter_dossier"):
        return None
    return {"libelle": "Droit d'accès", "url": reverse("portail:droit_acces_usager", kwargs={"pk": usager.pk})}
