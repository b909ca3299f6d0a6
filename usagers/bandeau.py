"""The person strip and the actions of a person's file, assembled from the apps above without importing them.

Each app registers, in its ``AppConfig.ready()``:
- a section of the strip: ``enregistrer_section(ordre, fonction)`` where ``fonction(user, usager, **contexte)``
  returns ``{"titre": …, "modele": template name, …context}`` or None. The builders decide what the user may see
  (e.g. reception sees that a support exists, never its notes);
- an action of the file (a button on ``/usagers/<id>/``): ``enregistrer_action(ordre, fonction)`` where
  ``fonction(user, usager)`` returns ``{"libelle": …, "url": …}`` or None when the user may not do it;
- a mark beside a person in the search results, to tell homonyms apart (« suivi en cours »):
  ``enregistrer_marque(fonction)`` where ``fonction(user, usager_ids)`` returns ``{usager_id: text}`` — only what the
  user may already learn from the strip.
"""

_SECTIONS = []
_ACTIONS = []
_MARQUES = []


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


def enregistrer_marque(fonction):
    _enregistrer(_MARQUES, 0, fonction)


def marquer(user, usagers):
    """Set ``usager.marques`` (a list of short texts) on each person of a search result, in one query per app."""
    ids = [u.pk for u in usagers]
    marques = [fonction(user, ids) for _, fonction in _MARQUES] if ids else []
    for u in usagers:
        u.marques = [m[u.pk] for m in marques if u.pk in m]
    return usagers
