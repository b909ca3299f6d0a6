"""What accompagnement deletes at the end of each period of the retention schedule (docs/retention.md,
docs/securite.md §12): registered with ``usagers.retention.enregistrer_purge`` in ``AppConfig.ready()``.

Each function receives ``usagers``, the persons whose relationship ended before the category's limit, and deletes
the whole: rows, files in the storage, and the history rows that hold the deleted values (deleting a row writes one
more history row, « - », with the last values: it goes too). What stays of a support is what the rollups count —
type, structure, dates, status, outcome — attached to a file that is anonymised with the person.
"""

from usagers.retention import inactifs_avant

from .models import (
    Accompagnement,
    Action,
    DocumentPlan,
    EnqueteExpulsion,
    Entretien,
    EvaluationIP,
    MembreGroupe,
    Objectif,
    Theme,
)


def _supprimer(modele, qs):
    """Delete the rows of ``qs`` and every history row of them."""
    ids = list(qs.values_list("pk", flat=True))
    n, _ = modele.objects.filter(pk__in=ids).delete()
    modele.historique.filter(id__in=ids).delete()
    return n


def _accompagnements(usagers):
    return Accompagnement.objects.filter(usager__in=usagers)


def supprimer_documents(documents):
    """The rows and their files (a generated PDF prints the person's name and birth date)."""
    n = 0
    for document in documents:
        if document.fichier:
            document.fichier.delete(save=False)
            n += 1
        document.delete()
        n += 1
    return n


def purger_entretiens(limite, usagers):
    """Interviews (synthesis, next steps, participants, home address) and their private notes (cascade)."""
    return _supprimer(Entretien, Entretien.objects.filter(accompagnement__in=_accompagnements(usagers)))


def purger_documents(limite, usagers):
    return supprimer_documents(DocumentPlan.objects.filter(accompagnement__in=_accompagnements(usagers)))


def purger_enquetes(limite, usagers):
    enquetes = EnqueteExpulsion.objects.filter(accompagnement__in=_accompagnements(usagers))
    rapports = DocumentPlan.objects.filter(
        accompagnement__in=_accompagnements(usagers), nature=DocumentPlan.Nature.RAPPORT_EXPULSION
    )
    return supprimer_documents(rapports) + _supprimer(EnqueteExpulsion, enquetes)


def purger_evaluations(limite, usagers):
    return _supprimer(EvaluationIP, EvaluationIP.objects.filter(accompagnement__in=_accompagnements(usagers)))


def purger_accompagnements(limite, usagers):
    """The plan (themes, objectives, actions and their results), the closing comment, the support's history."""
    accompagnements = _accompagnements(usagers)
    themes = Theme.objects.filter(accompagnement__in=accompagnements)
    objectifs = list(Objectif.objects.filter(theme__in=themes).values_list("pk", flat=True))
    actions = list(Action.objects.filter(objectif__in=objectifs).values_list("pk", flat=True))
    n = _supprimer(Theme, themes)  # objectives and actions by cascade
    Objectif.historique.filter(id__in=objectifs).delete()
    Action.historique.filter(id__in=actions).delete()
    ids = list(accompagnements.values_list("pk", flat=True))
    n += Accompagnement.objects.filter(pk__in=ids).exclude(commentaire_cloture="").update(commentaire_cloture="")
    Accompagnement.historique.filter(id__in=ids).delete()
    MembreGroupe.historique.filter(accompagnement_id__in=ids).delete()
    return n


def usagers_evalues(limites):
    """A child with an evaluation still in its period keeps their file (the evaluation's own, longer rule)."""
    gardes = inactifs_avant(limites["evaluations_ip"])
    return EvaluationIP.objects.exclude(accompagnement__usager__in=gardes).values_list(
        "accompagnement__usager_id", flat=True
    )
