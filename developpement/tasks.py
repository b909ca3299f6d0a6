"""Work for the worker: the PDFs of local social development (docs/developpement.md §10). Each task is idempotent."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from collectivites.tasks import tache_collectivite
from config import pdf

from . import resultats
from .actions_collectives import presences
from .enums import Sexe, StatutDocument, TypeDocument
from .models import DocumentDeveloppement


def contexte_action(action):
    """Objectives, sessions with their attendance, totals by age band and sex, and the evaluation."""
    par_seance, tableau, total, identifies = presences(action)
    seances = list(action.seances.select_related("lieu"))
    for s in seances:
        s.participants = par_seance.get(s.pk, 0)
    return {
        "a": action,
        "seances": seances,
        "tableau": tableau,
        "sexes": Sexe.labels,
        "total": total,
        "identifies": identifies,
    }


def contexte_resultats(document):
    """The results of the version as its reader sees them: the small-cell rule, free texts only if the document was
    asked by someone who may read them (docs/developpement.md §4, §5)."""
    version = document.version
    r = resultats.calculer(version, document.collectivite.seuil_secret_statistique, avec_textes=document.avec_textes)
    return {"q": version.questionnaire, "version": version, "r": r, "textes": document.avec_textes}


def _html(document):
    commun = {"maintenant": timezone.now(), "collectivite": document.collectivite}
    if document.type == TypeDocument.RESULTATS:
        return render_to_string("developpement/pdf/resultats.html", {**commun, **contexte_resultats(document)})
    if document.type == TypeDocument.ACTION:
        return render_to_string("developpement/pdf/action.html", {**commun, **contexte_action(document.action)})
    reunion = document.reunion
    return render_to_string(
        "developpement/pdf/compte_rendu.html",
        {
            **commun,
            "r": reunion,
            "presents": [p.strip() for p in reunion.presents.splitlines() if p.strip()],
            "decisions": reunion.decisions.all(),
        },
    )


def rediger(document_id):
    document = DocumentDeveloppement.objects.select_related(
        "collectivite", "action", "reunion__instance", "version__questionnaire__structure"
    ).get(pk=document_id)
    if document.pret:
        return "déjà généré"
    DocumentDeveloppement.avancer(document.pk, 10, "Rassemblement des données", statut=StatutDocument.EN_COURS)
    source = _html(document)
    DocumentDeveloppement.avancer(document.pk, 40, "Mise en page", statut=StatutDocument.EN_COURS)
    rendu = pdf.mettre_en_page(source)
    DocumentDeveloppement.avancer(document.pk, 75, "Écriture du PDF", statut=StatutDocument.EN_COURS)
    contenu = rendu.write_pdf()
    with transaction.atomic():
        document = DocumentDeveloppement.objects.select_for_update().get(pk=document_id)
        if document.pret:  # another run finished first
            return "déjà généré"
        nom = f"{document.nom_fichier()[:-4]}-{timezone.localtime():%Y%m%d-%H%M%S}.pdf"
        document.fichier.save(nom, ContentFile(contenu), save=False)
        document.statut, document.progression, document.etape_en_cours = StatutDocument.PRET, 100, ""
        document.genere_le = timezone.now()
        document.pages = len(rendu.pages)
        document.save()
    return document.fichier.name


@tache_collectivite(name="developpement.generer_document")
def generer_document(document_id):
    try:
        return rediger(document_id)
    except Exception as erreur:
        DocumentDeveloppement.objects.filter(pk=document_id).update(
            statut=StatutDocument.ERREUR, erreur=str(erreur)[:500]
        )
        raise
