"""Server-side SVG charts, one code path for the pages and the PDF report.

Presentation attributes only (no ``style``: the CSP forbids inline styles); every chart has a <title> and a <desc>
and the page shows the same numbers as a table beside it (accessibility).
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

COULEUR = "#1d5b79"
COULEUR_CIBLE = "#c0392b"
GRIS = "#6b7280"


def _nombre(v):
    if v is None:
        return "secret"
    if isinstance(v, float) and not v.is_integer():
        return f"{v:.1f}".replace(".", ",")
    return f"{int(v):,}".replace(",", "\u202f")


def barres(lignes, titre, largeur=640, hauteur_barre=22, unite="", maximum=None):
    """Horizontal bars. ``lignes``: [(libellé, valeur or None when hidden, cible or None)]."""
    marge_gauche, marge_droite = 230, 70
    utile = largeur - marge_gauche - marge_droite
    valeurs = [v for _, v, _ in lignes if v is not None] + [c for _, _, c in lignes if c is not None]
    maximum = maximum or max(valeurs, default=0) or 1
    hauteur = max(1, len(lignes)) * (hauteur_barre + 8) + 10
    parties = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img" viewBox="0 0 {largeur} {hauteur}" '
        f'width="{largeur}" height="{hauteur}"><title>{escape(titre)}</title>'
        f"<desc>{escape(', '.join(f'{lib} : {_nombre(v)}{unite}' for lib, v, _ in lignes))}</desc>"
    ]
    for i, (libelle, valeur, cible) in enumerate(lignes):
        y = 5 + i * (hauteur_barre + 8)
        court = libelle if len(libelle) <= 34 else libelle[:33] + "…"
        parties.append(
            f'<text x="{marge_gauche - 8}" y="{y + hauteur_barre * 0.7:.1f}" text-anchor="end" font-size="12" '
            f'fill="#111827">{escape(court)}</text>'
        )
        if valeur is not None:
            w = max(0.0, utile * min(valeur, maximum) / maximum)
            parties.append(
                f'<rect x="{marge_gauche}" y="{y}" width="{w:.1f}" height="{hauteur_barre}" fill="{COULEUR}"/>'
            )
            texte_x = marge_gauche + w + 6
        else:
            texte_x = marge_gauche + 6
        parties.append(
            f'<text x="{texte_x:.1f}" y="{y + hauteur_barre * 0.7:.1f}" font-size="12" '
            f'fill="{GRIS if valeur is None else "#111827"}">{escape(_nombre(valeur))}{escape(unite)}</text>'
        )
        if cible is not None:
            x = marge_gauche + utile * min(cible, maximum) / maximum
            parties.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" y2="{y + hauteur_barre + 3}" stroke="{COULEUR_CIBLE}" '
                f'stroke-width="3"><title>cible : {escape(_nombre(cible))}{escape(unite)}</title></line>'
            )
    parties.append("</svg>")
    return mark_safe("".join(parties))


def colonnes(points, titre, largeur=640, hauteur=200):
    """Vertical bars over time. ``points``: [(libellé court, valeur or None)]."""
    marge_bas, marge_haut, marge_gauche = 28, 16, 10
    n = max(1, len(points))
    pas = (largeur - 2 * marge_gauche) / n
    maximum = max((v for _, v in points if v is not None), default=0) or 1
    utile = hauteur - marge_bas - marge_haut
    parties = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img" viewBox="0 0 {largeur} {hauteur}" '
        f'width="{largeur}" height="{hauteur}"><title>{escape(titre)}</title>'
        f"<desc>{escape(', '.join(f'{lib} : {_nombre(v)}' for lib, v in points))}</desc>"
    ]
    for i, (libelle, valeur) in enumerate(points):
        x = marge_gauche + i * pas
        if valeur is not None:
            h = utile * valeur / maximum
            parties.append(
                f'<rect x="{x + pas * 0.15:.1f}" y="{marge_haut + utile - h:.1f}" width="{pas * 0.7:.1f}" '
                f'height="{h:.1f}" fill="{COULEUR}"><title>{escape(libelle)} : {escape(_nombre(valeur))}</title></rect>'
            )
        parties.append(
            f'<text x="{x + pas / 2:.1f}" y="{hauteur - 10}" text-anchor="middle" font-size="11" '
            f'fill="#111827">{escape(libelle)}</text>'
        )
    parties.append("</svg>")
    return mark_safe("".join(parties))
