from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from collectivites.tasks import tache_collectivite
from collectivites.tenancy import current_collectivite
from config import pdf
from config.pdf import rendre

from . import rapport
from .models import Decision, DocumentAide


def rediger_rapport(document_id):
    """The yearly activity report of a structure, with its progress written as it goes."""
    document = DocumentAide.objects.select_related("structure").get(pk=document_id)
    if document.genere_le:
        return "déjà généré"
    DocumentAide.avancer(document_id, 10, "Calcul des chiffres de l'année")
    seuil = current_collectivite().seuil_secret_statistique
    contexte = {**rapport.donnees(document.structure, document.annee, seuil), "maintenant": timezone.now()}
    DocumentAide.avancer(document_id, 40, "Mise en page")
    mise_en_page = pdf.mettre_en_page(render_to_string("aides/pdf/rapport.html", contexte))
    DocumentAide.avancer(document_id, 75, "Écriture du PDF")
    contenu = mise_en_page.write_pdf()
    with transaction.atomic():
        document = DocumentAide.objects.select_for_update().get(pk=document_id)
        if document.genere_le:  # another run finished first
            return "déjà généré"
        nom = f"rapport-activite-{document.annee}-{document.structure_id}-{timezone.localtime():%Y%m%d-%H%M%S}.pdf"
        document.fichier.save(nom, ContentFile(contenu), save=False)
        document.genere_le, document.progression, document.etape_en_cours = timezone.now(), 100, ""
        document.save(update_fields=["fichier", "genere_le", "progression", "etape_en_cours"])
    return document.fichier.name


@tache_collectivite(name="aides.generer_document")
def generer_document(document_id):
    """Render a commission's minutes, a decision letter or a yearly report once (idempotent: a generated document is
    not redone)."""
    if DocumentAide.objects.filter(pk=document_id, type=DocumentAide.Type.RAPPORT).exists():
        try:
            return rediger_rapport(document_id)
        except Exception as erreur:
            DocumentAide.objects.filter(pk=document_id).update(erreur=str(erreur)[:500])
            raise
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
