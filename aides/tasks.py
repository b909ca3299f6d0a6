from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from collectivites.tasks import tache_collectivite
from config.pdf import rendre

from .models import Decision, DocumentAide


@tache_collectivite(name="aides.generer_document")
def generer_document(document_id):
    """Render a commission's minutes or a decision letter once (idempotent: a generated document is not redone)."""
    with transaction.atomic():
        document = DocumentAide.objects.select_for_update().get(pk=document_id)
        if document.genere_le:
            return "déjà généré"
        contexte = {"document": document, "maintenant": timezone.now()}
        if document.type == DocumentAide.Type.PROCES_VERBAL:
            commission = document.commission
            decisions = (
                Decision.objects.filter(commission=commission)
                .select_related("demande__usager", "demande__dispositif")
                .order_by("demande__dispositif__nom", "pk")
            )
            urgentes = (
                Decision.objects.filter(rapportee_a=commission)
                .select_related("demande__usager", "demande__dispositif", "decidee_par")
                .order_by("decidee_le", "pk")
            )
            contenu = rendre(
                "aides/pdf/proces_verbal.html",
                {
                    **contexte,
                    "commission": commission,
                    "membres": commission.membres.order_by("nom", "prenom", "pk"),
                    "decisions": decisions,
                    "urgentes": urgentes,
                },
            )
            nom = f"proces-verbal-{commission.pk}"
        else:
            decision = document.decision
            contenu = rendre(
                "aides/pdf/lettre.html",
                {**contexte, "decision": decision, "demande": decision.demande, "usager": decision.demande.usager},
            )
            nom = f"lettre-decision-{decision.pk}"
        document.fichier.save(f"{nom}-{timezone.localtime():%Y%m%d-%H%M%S}.pdf", ContentFile(contenu), save=False)
        document.genere_le = timezone.now()
        document.save(update_fields=["fichier", "genere_le"])
    return document.fichier.name
