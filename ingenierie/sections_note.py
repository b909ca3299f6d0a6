"""Sections supplémentaires de la note de restitution, written by the apps above ``ingenierie`` without it importing
them (the registry pattern of docs/architecture.md §5; ``diagnostic`` cites its shared version, docs/diagnostic.md §2).

An app registers, in its ``AppConfig.ready()``, ``enregistrer_section(ordre, fonction)`` where ``fonction(demande)``
returns ``{"titre": …, "modele": template name, …context}`` or None when it has nothing to say about that request.
The note (``ingenierie.note``) numbers them after its own sections; the worker renders them with the rest. What a
section says is read by the municipality: only what the request's own team may share with it.
"""

_SECTIONS = []


def enregistrer_section(ordre, fonction):
    if all(f is not fonction for _, f in _SECTIONS):  # ready() may run twice
        _SECTIONS.append((ordre, fonction))
        _SECTIONS.sort(key=lambda s: s[0])


def sections(demande):
    return [s for _, fonction in _SECTIONS if (s := fonction(demande))]
