"""The person strip and the actions of a person's file, assembled from the apps above without importing them.

Each app registers, in its ``AppConfig.ready()``:
- a section of the strip: ``enregistrer_section(ordre, fonction)`` where ``fonction(user, usager, **contexte)``
  returns ``{"titre": …, "modele": template name, …context}`` or None. The builders decide what the user may see
  (e.g. reception sees that a support exists, never its notes);
- an action of the file (a button on ``/usagers/<id>/``): ``enregistrer_action(ordre, fonction)`` where
  ``fonction(user, usager)`` returns ``{"libelle": …, "url": …}`` or None when the user may not do it.
"""

_SECTIONS = []
_ACTIONS = []


def _enregistrer(registre, ordre, fonction):
    if all(f is not fonction for _, f in registre):  # ready() may run twice
        registre.append((ordre, fonction))
        registre.sort(key=lambda s: s[0])


def enregistrer_section(ordre, fonction):
    _enregistrer(_SECTIONS, ordre, fonction)


def enregistrer_action(ordre, fonction):
    _enregistrer(_ACTIONS, ordre, fonction)


def sections(user, usager, **contexte):
    """``contexte`` carries where the strip is shown (e.g. ``passage_id``), for links that start from there."""
    return [s for _, fonction in _SECTIONS if (s := fonction(user, usager, **contexte))]


def actions_du_dossier(user, usager):
    return [a for _, fonction in _ACTIONS if (a := fonction(user, usager))]
