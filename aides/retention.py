"""What aides deletes at the end of the retention period (docs/aides.md, docs/retention.md): registered with
``usagers.retention.enregistrer_purge`` under the supports' category (the content of a social follow-up, two years
after the last contact). What stays is what the statistics count: the scheme, the dates, the outcome and the amount,
attached to a file that is anonymised with the person."""

from .models import Decision, Demande, DocumentAide, HeuresContrepartie, RevueObjectifs, SituationFoyer, Versement


def purger_aides(limite, usagers):
    n = 0
    decisions = Decision.objects.filter(demande__usager__in=usagers)
    for document in DocumentAide.objects.filter(decision__in=decisions):
        if document.fichier:
            document.fichier.delete(save=False)
        document.delete()
        n += 1
    n += decisions.exclude(conditions="", objectifs="", motif="", manquant="", derogation="").update(
        conditions="", objectifs="", motif="", manquant="", derogation=""
    )
    n += HeuresContrepartie.objects.filter(decision__in=decisions).exclude(motif_refus="").update(motif_refus="")
    n += (
        Versement.objects.filter(decision__in=decisions)
        .exclude(tiers_nom="", tiers_iban="")
        .update(tiers_nom="", tiers_iban="")
    )
    n += RevueObjectifs.objects.filter(decision__in=decisions).exclude(commentaire="").update(commentaire="")
    demandes = Demande.objects.filter(usager__in=usagers)
    n += demandes.exclude(evaluation="", objet="").update(evaluation="", objet="")
    n += SituationFoyer.objects.filter(usager__in=usagers).exclude(detail="").update(detail="")
    return n
