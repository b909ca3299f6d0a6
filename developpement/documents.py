"""Writes of the PDFs rendered by the worker (docs/developpement.md §10): ask for one, the worker does the rest."""

from django.db import transaction

from collectivites.envois import planifier

from .enums import StatutDocument, TypeDocument
from .models import DocumentDeveloppement
from .pilotage import check_piloter


@transaction.atomic
def do_demander_document(user, *, action=None, reunion=None):
    """A new PDF of ``action`` (who sees the action may ask) or of ``reunion`` (the network's leads), queued through
    the outbox; a document still being prepared is returned instead of queuing a second one (a double click)."""
    if reunion is not None:
        check_piloter(user)
        cible = {"reunion": reunion, "type": TypeDocument.COMPTE_RENDU}
        collectivite = reunion.collectivite
    else:
        cible = {"action": action, "type": TypeDocument.ACTION}
        collectivite = action.collectivite
    en_cours = (
        DocumentDeveloppement.objects.select_for_update()
        .filter(**cible, statut__in=(StatutDocument.EN_ATTENTE, StatutDocument.EN_COURS))
        .first()
    )
    if en_cours:
        return en_cours
    document = DocumentDeveloppement.objects.create(collectivite=collectivite, demande_par=user, **cible)
    planifier("developpement.generer_document", collectivite, document.pk)
    return document
