"""Server-side SVG charts: the one code path for the pages (dashboards) and the PDFs (WeasyPrint draws SVG).

Every chart is an ``<svg role="img">`` whose ``<title>`` is the chart's title and whose ``<desc>`` lists every value,
so that a screen reader gets the figures; ``tableau=True`` adds the same figures as an HTML table (RGAA 1.1: a complex
image has an alternative). Presentation attributes only (no ``style``: the CSP forbids inline styles), no script, no
outside resource. A value ``None`` is a cell hidden by the small-cell rule (``config.secret_statistique``): it is
drawn as « secret », without a bar.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .secret_statistique import SECRET

COULEUR = "#1d5b79"
COULEUR_CIBLE = "#c0392b"
TEXTE = "#111827"
GRIS = "#6b7280"
POLICE = "DejaVu Sans, sans-serif"  # the font the PDFs embed


def nombre(v):
    """A figure in French: narrow no-break space between thousands, decimal comma, « secret » for a hidden cell."""
    if v is None:
        return SECRET
    if isinstance(v, float) and not v.is_integer():
        return f"{v:.1f}".replace(".", ",")
    return f"{int(v):,}".replace(",", "\u202f")


def _court(libelle):
    libelle = str(libelle)
    return libelle if len(libelle) <= 34 else libelle[:33] + "…"


def _svg(largeur, hauteur, titre, description, parties):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img" viewBox="0 0 {} {}" width="{}" '
        'height="{}" font-family="{}"><title>{}</title><desc>{}</desc>{}</svg>',
        largeur,
        hauteur,
        largeur,
        hauteur,
        POLICE,
        titre,
        description or "aucune donnée",
        mark_safe("".join(parties)),  # every part is built by format_html
    )


def _tableau(svg, titre, lignes, unite):
    corps = format_html_join(
        "", '<tr><th scope="row">{}</th><td>{}{}</td></tr>', ((lig[0], nombre(lig[1]), unite) for lig in lignes)
    )
    return format_html(
        '{}<table class="donnees-graphique"><caption>{}</caption><thead><tr><th scope="col">Libellé</th>'
        '<th scope="col">Effectif</th></tr></thead><tbody>{}</tbody></table>',
        svg,
        titre,
        corps,
    )


def barres(lignes, titre, *, unite="", maximum=None, couleur=COULEUR, tableau=False, largeur=640, hauteur_barre=22):
    """Horizontal bars, one per line, in the given order.

    ``lignes``: ``(libellé, valeur)`` or ``(libellé, valeur, cible)``; ``valeur`` is a non-negative number or None
    (hidden: « secret »), ``cible`` a number drawn as a red mark, or None. ``maximum`` fixes the scale (100 for
    percentages); values above it are drawn at the end of the scale."""
    lignes = [(lig[0], lig[1], lig[2] if len(lig) > 2 else None) for lig in lignes]
    marge_gauche, marge_droite = 230, 70
    utile = largeur - marge_gauche - marge_droite
    valeurs = [v for _, v, _ in lignes if v is not None] + [c for _, _, c in lignes if c is not None]
    maximum = maximum or max(valeurs, default=0) or 1
    hauteur = max(1, len(lignes)) * (hauteur_barre + 8) + 10
    parties = []
    for i, (libelle, valeur, cible) in enumerate(lignes):
        y = 5 + i * (hauteur_barre + 8)
        y_texte = f"{y + hauteur_barre * 0.7:.1f}"
        parties.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
                marge_gauche - 8,
                y_texte,
                TEXTE,
                _court(libelle),
            )
        )
        texte_x = marge_gauche + 6
        if valeur is not None:
            w = max(0.0, utile * min(valeur, maximum) / maximum)
            parties.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    marge_gauche,
                    y,
                    f"{w:.1f}",
                    hauteur_barre,
                    couleur,
                )
            )
            texte_x += w
        parties.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" fill="{}">{}{}</text>',
                f"{texte_x:.1f}",
                y_texte,
                GRIS if valeur is None else TEXTE,
                nombre(valeur),
                unite,
            )
        )
        if cible is not None:
            x = f"{marge_gauche + utile * min(cible, maximum) / maximum:.1f}"
            parties.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="3"><title>cible : {}{}</title>'
                    "</line>",
                    x,
                    x,
                    y - 3,
                    y + hauteur_barre + 3,
                    COULEUR_CIBLE,
                    nombre(cible),
                    unite,
                )
            )
    description = " ; ".join(f"{libelle} : {nombre(v)}{unite}" for libelle, v, _ in lignes)
    svg = _svg(largeur, hauteur, titre, description, parties)
    return _tableau(svg, titre, lignes, unite) if tableau else svg


def colonnes(points, titre, *, couleur=COULEUR, tableau=False, largeur=640, hauteur=200):
    """Vertical bars over time, in the given order. ``points``: ``(libellé court, valeur or None when hidden)``."""
    marge_bas, marge_haut, marge_gauche = 28, 16, 10
    pas = (largeur - 2 * marge_gauche) / max(1, len(points))
    maximum = max((v for _, v in points if v is not None), default=0) or 1
    utile = hauteur - marge_bas - marge_haut
    parties = []
    for i, (libelle, valeur) in enumerate(points):
        x = marge_gauche + i * pas
        if valeur is not None:
            h = utile * valeur / maximum
            parties.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} : {}</title></rect>',
                    f"{x + pas * 0.15:.1f}",
                    f"{marge_haut + utile - h:.1f}",
                    f"{pas * 0.7:.1f}",
                    f"{h:.1f}",
                    couleur,
                    libelle,
                    nombre(valeur),
                )
            )
        parties.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                f"{x + pas / 2:.1f}",
                hauteur - 10,
                TEXTE,
                libelle,
            )
        )
    description = " ; ".join(f"{libelle} : {nombre(v)}" for libelle, v in points)
    svg = _svg(largeur, hauteur, titre, description, parties)
    return _tableau(svg, titre, points, "") if tableau else svg
