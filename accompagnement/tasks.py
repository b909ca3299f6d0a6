from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from collectivites.tasks import tache_collectivite
from config.pdf import rendre

from .models import Action, DocumentPlan, Theme


@tache_collectivite(name="accompagnement.generer_plan_pdf")
def generer_plan_pdf(document_id):
    """Render a document of a support as a PDF once (idempotent: a generated document is not redone)."""
    with transaction.atomic():
        document = DocumentPlan.objects.select_for_update().get(pk=document_id)
        if document.genere_le:
            return "déjà généré"
        a = document.accompagnement
        contexte = {"a": a, "document": document, "maintenant": timezone.now()}
        if document.nature == DocumentPlan.Nature.RAPPORT_EXPULSION:
            contenu = rendre("accompagnement/pdf/expulsion.html", {**contexte, "enquete": a.enquete_expulsion})
            nom = f"rapport-expulsion-{a.pk}"
        else:
            themes = Theme.objects.filter(accompagnement=a).prefetch_related("objectifs__actions")
            prochaines = Action.objects.filter(objectif__theme__accompagnement=a).a_venir()[:10]
            contenu = rendre("accompagnement/pdf/plan.html", {**contexte, "themes": themes, "prochaines": prochaines})
            nom = f"contrat-engagement-{a.pk}"
        document.fichier.save(f"{nom}-{timezone.localtime():%Y%m%d-%H%M%S}.pdf", ContentFile(contenu), save=False)
        document.genere_le = timezone.now()
        document.save(update_fields=["fichier", "genere_le"])
    return document.fichier.name
