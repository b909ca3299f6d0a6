"""Server-side SVG charts: one code path for the pages (dashboards) and the PDFs (WeasyPrint draws SVG).

``barres(series, titre)`` returns safe markup: an ``<svg role="img">`` whose ``<title>`` is the chart's title and whose
``<desc>`` lists every value, so that a screen reader gets the figures; ``tableau=True`` adds the same figures as an
HTML table (RGAA 1.1: a complex image has an alternative). No script, no outside resource, colours from the caller.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

HAUTEUR_BARRE = 18
ECART = 6
LARGEUR = 560
MARGE_LIBELLE = 210
MARGE_VALEUR = 50


def _nombre(n):
    return f"{n:,}".replace(",", "\u202f")  # French thousands separator: narrow no-break space


def barres(series: list[tuple[str, int]], titre: str, couleur: str = "#1d5b79", tableau: bool = False) -> str:
    """Horizontal bars, one per ``(libellé, valeur)``, in the given order; values are non-negative integers."""
    maximum = max((v for _, v in series), default=0) or 1
    largeur_utile = LARGEUR - MARGE_LIBELLE - MARGE_VALEUR
    hauteur = max(1, len(series)) * (HAUTEUR_BARRE + ECART) + ECART
    lignes = []
    for i, (libelle, valeur) in enumerate(series):
        y = ECART + i * (HAUTEUR_BARRE + ECART)
        largeur = round(largeur_utile * valeur / maximum, 1)
        court = libelle if len(libelle) <= 34 else libelle[:33] + "…"
        lignes.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11">{}</text>',
                MARGE_LIBELLE - 6,
                y + HAUTEUR_BARRE - 5,
                court,
                MARGE_LIBELLE,
                y,
                largeur,
                HAUTEUR_BARRE,
                couleur,
                MARGE_LIBELLE + largeur + 4,
                y + HAUTEUR_BARRE - 5,
                _nombre(valeur),
            )
        )
    description = "; ".join(f"{libelle} : {_nombre(valeur)}" for libelle, valeur in series) or "aucune donnée"
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img" viewBox="0 0 {} {}" width="{}" '
        'height="{}" font-family="DejaVu Sans, sans-serif"><title>{}</title><desc>{}</desc>{}</svg>',
        LARGEUR,
        hauteur,
        LARGEUR,
        hauteur,
        titre,
        description,
        mark_safe("".join(lignes)),  # each line is built by format_html above
    )
    if not tableau:
        return svg
    corps = format_html_join(
        "", '<tr><th scope="row">{}</th><td>{}</td></tr>', ((libelle, _nombre(v)) for libelle, v in series)
    )
    return format_html(
        '{}<table class="donnees-graphique"><caption>{}</caption><thead><tr><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
        svg,
        titre,
        "Libellé",
        "Effectif",
        corps,
    )
