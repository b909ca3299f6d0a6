"""What accueil deletes at the end of each period of the retention schedule (docs/retention.md, docs/securite.md
§12), registered with ``usagers.retention.enregistrer_purge`` in ``AppConfig.ready()``.

A passage stays for the statistics with what the rollups count — date, site, channel, motifs, commune, age band,
household type — and loses its free text; its orientations lose theirs (message, how to reach the person, the
partner's comment, the reason without consent) and their history rows, which hold the same text.
"""

from .models import EvenementOrientation, Orientation, Passage


def _effacer(passages):
    n = passages.exclude(information="").update(information="")
    orientations = Orientation.objects.filter(passage__in=passages)
    ids = list(orientations.values_list("pk", flat=True))
    n += (
        Orientation.objects.filter(pk__in=ids)
        .exclude(message="", contact="", commentaire_reponse="", raison_sans_consentement="")
        .update(message="", contact="", commentaire_reponse="", raison_sans_consentement="")
    )
    n += EvenementOrientation.objects.filter(orientation__in=ids).exclude(commentaire="").update(commentaire="")
    n += Orientation.historique.filter(id__in=ids).delete()[0]
    return n


def purger_passages_anonymes(limite, usagers=None):
    return _effacer(Passage.objects.filter(usager__isnull=True, date_heure__lt=limite))


def purger_passages_identifies(limite, usagers):
    """With the person's file: the free text of their passages and orientations (the passages stay, counted)."""
    return _effacer(Passage.objects.filter(usager__in=usagers))
