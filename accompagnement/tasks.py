from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from collectivites.tasks import tache_collectivite

from .models import Action, DocumentPlan, Theme
from .pdf import rendre


@tache_collectivite(name="accompagnement.generer_plan_pdf")
def generer_plan_pdf(document_id):
    """Render the plan of a support as a PDF once (idempotent: a generated document is not redone)."""
    with transaction.atomic():
        document = DocumentPlan.objects.select_for_update().get(pk=document_id)
        if document.genere_le:
            return "déjà généré"
        a = document.accompagnement
        themes = Theme.objects.filter(accompagnement=a).prefetch_related("objectifs__actions")
        contenu = rendre(
            "accompagnement/pdf/plan.html",
            {
                "a": a,
                "themes": themes,
                "document": document,
                "maintenant": timezone.now(),
                "prochaines": Action.objects.filter(objectif__theme__accompagnement=a).a_venir()[:10],
            },
        )
        document.fichier.save(
            f"contrat-engagement-{a.pk}-{timezone.localtime():%Y%m%d-%H%M%S}.pdf", ContentFile(contenu), save=False
        )
        document.genere_le = timezone.now()
        document.save(update_fields=["fichier", "genere_le"])
    return document.fichier.name
