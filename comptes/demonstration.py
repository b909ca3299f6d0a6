"""The demo accounts as the login page shows them (RELAIS_ENV=demo only): the one password of every demo account
(portail.demo builds them with it) and the accounts that exist, read from the database."""

from django.conf import settings

MOT_DE_PASSE_DEMO = "Relais-Demo-2026"
DOMAINE_DEMO = ".demo.fr"


def comptes_de_demonstration(limite=20):
    """The demo accounts' e-mails in demo mode, else an empty list (a production login page says nothing)."""
    if settings.RELAIS_ENV != "demo":
        return []
    from .models import Utilisateur

    return list(
        Utilisateur.objects.filter(email__endswith=DOMAINE_DEMO, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)[:limite]
    )
