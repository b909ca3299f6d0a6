"""The person strip: what the person already has going on, assembled from the apps above without importing them.

Each app registers a section builder in its ``AppConfig.ready()``: ``enregistrer_section(ordre, fonction)`` where
``fonction(user, usager, **contexte)`` returns ``{"titre": …, "modele": template name, …context}`` or None.
The builders decide what the user may see (e.g. reception sees that a support exists, never its notes).
"""

_SECTIONS = []


def enregistrer_section(ordre, fonction):
    if all(f is not fonction for _, f in _SECTIONS):
        _SECTIONS.append((ordre, fonction))
        _SECTIONS.sort(key=lambda s: s[0])


def sections(user, usager, **contexte):
    """``contexte`` carries where the strip is shown (e.g. ``passage_id``), for links that start from there."""
    return [s for _, fonction in _SECTIONS if (s := fonction(user, usager, **contexte))]
