"""Statistical secrecy: the one rule that every count leaving the app goes through (pages, PDFs, exports, API).

A count of people or passages under the collectivité's threshold (``Collectivite.seuil_secret_statistique``, 5 at
least) is not published: it is shown as « secret » (``None`` here). That alone is not enough: when a breakdown has
exactly one hidden cell, its value is the total minus the visible cells. So a second cell is hidden too (secondary
suppression), and the hidden rows come last, in label order, so that their rank does not give their size away.
"""

SECRET = "secret"  # how a hidden cell reads, on a page, in a chart, in an export


def proteger(lignes, seuil, cle_tri="libelle"):
    """Hide the small cells of one breakdown, and make the hiding hold against subtraction.

    ``lignes``: dicts with the raw count under ``"valeur"`` (and the label under ``cle_tri``), in the order to show.
    Primary suppression hides every count from 1 to ``seuil - 1`` (a true zero stays: it reveals no one). When a
    breakdown then has exactly one hidden cell, the smallest visible non-zero cell is hidden too. Returns new dicts,
    the visible ones first in their order, then the hidden ones (``"valeur": None``) sorted by ``cle_tri``."""
    caches = {i for i, r in enumerate(lignes) if 0 < r["valeur"] < seuil}
    if len(caches) == 1:
        visibles = [(r["valeur"], i) for i, r in enumerate(lignes) if i not in caches and r["valeur"] > 0]
        if visibles:
            caches.add(min(visibles)[1])
    montres = [dict(r) for i, r in enumerate(lignes) if i not in caches]
    masques = sorted(({**r, "valeur": None} for i, r in enumerate(lignes) if i in caches), key=lambda r: r[cle_tri])
    return montres + masques
