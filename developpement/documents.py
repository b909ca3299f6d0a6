"""Writes of the PDFs rendered by the worker (docs/developpement.md §10): ask for one, the worker does the rest."""

from django.db import transaction

from collectivites.envois import planifier

from .access import lit_les_textes_libres
from .enums import StatutDocument, TypeDocument
from .models import DocumentDeveloppement
from .pilotage import check_piloter


@transaction.atomic
def do_demander_document(user, *, action=None, reunion=None, version=None):
    """A new PDF of ``action`` (who sees the action may ask), of ``reunion`` (the network's leads) or of the results
    of a questionnaire's ``version`` (who sees the questionnaire; its free texts only if the user may read them),
    queued through the outbox; a document still being prepared is returned instead of queuing a second one (a double
    click)."""
    if version is not None:
        avec_textes = lit_les_textes_libres(user, version.questionnaire)
        cible = {"version": version, "type": TypeDocument.RESULTATS, "avec_textes": avec_textes}
        collectivite = version.collectivite
    elif reunion is not None:
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
