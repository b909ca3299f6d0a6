"""Framing of the public pages by the collectivité's own website (docs/securite.md §23, docs/publications.md §4).

Every page refuses to be framed (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``, config/settings.py). The
public pages and map decorated with ``integrable`` let the origins the collectivité lists
(``Collectivite.origines_integration``) frame them, and no one else: the CSP names them, and X-Frame-Options (which
cannot name an origin) is left out on those responses only. A collectivité that lists none keeps the default.
"""

from functools import wraps


def integrable(vue):
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        reponse = vue(request, *args, **kwargs)
        collectivite = getattr(request, "collectivite", None)
        origines = collectivite.origines_integration_liste if collectivite is not None else []
        if origines:
            reponse._csp_replace = {"frame-ancestors": ["'self'", *origines]}
            reponse.xframe_options_exempt = True
        return reponse

    return enveloppe
