"""What the note de restitution of an engineering request says of its diagnostics (docs/diagnostic.md §2): registered
in ``ingenierie.sections_note`` by ``DiagnosticConfig.ready()``, since ``ingenierie`` may not import this app.

Only a shared version is cited — the document the team presented and froze —, read from its snapshot, so the note
says what the diagnostic said the day it was shared even if a new version is being written since.
"""

from .models import VersionDiagnostic


def section_de_la_note(demande):
    """The latest shared version of each diagnostic opened from ``demande``: its title, territory, date and
    problématiques; None when none is shared yet."""
    cites = {}
    for v in (
        VersionDiagnostic.objects.filter(diagnostic__demande=demande, partagee_le__isnull=False)
        .select_related("diagnostic")
        .order_by("diagnostic__ouvert_le", "diagnostic_id", "-numero")
    ):
        cites.setdefault(v.diagnostic_id, v)
    if not cites:
        return None
    return {
        "titre": "Le diagnostic social de territoire",
        "modele": "diagnostic/note_restitution.html",
        "diagnostics": [
            {
                "titre": v.instantane.get("titre", v.diagnostic.titre),
                "territoire": v.instantane.get("territoire", ""),
                "communes": v.instantane.get("noms_communes", ""),
                "version": v.numero,
                "partagee_le": v.partagee_le,
                "problematiques": [
                    {"titre": p["titre"], "constat": p["constat"]} for p in v.instantane.get("problematiques", [])
                ],
            }
            for v in cites.values()
        ],
    }
