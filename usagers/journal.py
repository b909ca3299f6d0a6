"""Who read a person's file, told to the person (RGPD art. 15, docs/securite.md §14): the access log as rows a
non-specialist can read. The right-of-access answer (portail/export.py) calls ``lisible(usager)``."""

from django.utils import formats, timezone

from .models import JournalAcces

QUOI = {
    JournalAcces.Action.CONSULTATION: "a consulté votre dossier",
    JournalAcces.Action.BANDEAU: "a vu le résumé de votre situation à l'accueil",
    JournalAcces.Action.EXPORT: "a préparé une copie de votre dossier",
    JournalAcces.Action.API: "a lu votre dossier depuis un logiciel relié",
    JournalAcces.Action.PDF: "a ouvert un document de votre dossier",
    JournalAcces.Action.LISTE: "a vu votre nom dans une liste",
    JournalAcces.Action.DROIT_ACCES: "a traité votre demande de droit d'accès",
}


def lisible(usager):
    """The access log of ``usager`` (in the current tenant context), most recent first: rows
    ``{"qui", "structure", "quand", "quoi"}`` in French — the name of who read, their structure, a date written out
    (« 3 décembre 2026 à 14 h 05 »), a sentence. The log is kept 12 months at most (docs/retention.md)."""
    lignes = []
    # concernant(): the rows about this file, and the list rows that named it among others
    acces = JournalAcces.objects.concernant(usager).select_related("utilisateur", "structure").order_by("-quand", "-pk")
    for ligne in acces:
        quand = timezone.localtime(ligne.quand)
        quoi = QUOI.get(ligne.action, ligne.get_action_display())
        if ligne.objet:
            quoi = f"{quoi} ({ligne.objet})"
        lignes.append(
            {
                "qui": str(ligne.utilisateur),
                "structure": ligne.structure.nom if ligne.structure else "—",
                "quand": f"{formats.date_format(quand, 'j F Y')} à {quand:%H} h {quand:%M}",
                "quoi": quoi,
            }
        )
    return lignes
