"""« Actions proposées sur un accompagnement »: links an app above offers on a support's page, without accompagnement
knowing that app (the registry pattern, docs/architecture.md §5).

An app registers, in its ``AppConfig.ready()``, ``enregistrer_proposition(ordre, fonction)`` where
``fonction(user, accompagnement, peut_modifier)`` returns ``{"libelle": …, "url": …}`` or None when the user may not
use it (``peut_modifier``: the user may write on this support, as accompagnement's own access rules say). The page
shows them in ``ordre``.
"""

_PROPOSITIONS = []


def enregistrer_proposition(ordre, fonction):
    if all(f is not fonction for _, f in _PROPOSITIONS):  # ready() may run twice
        _PROPOSITIONS.append((ordre, fonction))
        _PROPOSITIONS.sort(key=lambda p: p[0])


def propositions(user, accompagnement, peut_modifier):
    return [p for _, fonction in _PROPOSITIONS if (p := fonction(user, accompagnement, peut_modifier))]
