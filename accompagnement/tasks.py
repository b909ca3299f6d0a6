from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from collectivites.tasks import tache_collectivite
from config.pdf import rendre

from .enums import Porteur, StatutAction
from .models import Action, DocumentPlan, MembreGroupe, Theme


def engagements(accompagnement, document):
    """The contract's parties and what each commits to: the plan's open actions, by who carries them (the person,
    the referent, each partner structure), the other members of the group, and the contract's terms."""
    actions = (
        Action.objects.filter(objectif__theme__accompagnement=accompagnement)
        .exclude(statut=StatutAction.ABANDONNEE)
        .select_related("structure_porteuse", "objectif")
        .order_by("echeance", "pk")
    )
    personne, referent, partenaires = [], [], {}
    for action in actions:
        if action.porteur == Porteur.PERSONNE:
            personne.append(action)
        elif action.porteur == Porteur.TRAVAILLEUR:
            referent.append(action)
        else:
            nom = action.structure_porteuse.nom if action.structure_porteuse else "Structure partenaire"
            partenaires.setdefault(nom, []).append(action)
    membres = MembreGroupe.objects.actifs().filter(accompagnement=accompagnement, referent=False)
    fin = None
    if document.duree_mois:
        fin = accompagnement.date_debut + timedelta(days=round(document.duree_mois * 30.44))
    return {
        "engagements_personne": personne,
        "engagements_referent": referent,
        "engagements_partenaires": sorted(partenaires.items()),
        "membres": membres.select_related("utilisateur", "structure"),
        "fin_prevue": fin,
    }


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
            contexte.update(themes=themes, prochaines=prochaines, **engagements(a, document))
            contenu = rendre("accompagnement/pdf/plan.html", contexte)
            nom = f"contrat-engagement-{a.pk}"
        document.fichier.save(f"{nom}-{timezone.localtime():%Y%m%d-%H%M%S}.pdf", ContentFile(contenu), save=False)
        document.genere_le = timezone.now()
        document.save(update_fields=["fichier", "genere_le"])
    return document.fichier.name
