"""Server-side SVG charts: the one code path for the pages (dashboards) and the PDFs (WeasyPrint draws SVG).

Every chart is an ``<svg role="img">`` whose ``<title>`` is the chart's title and whose ``<desc>`` lists every value,
so that a screen reader gets the figures; ``tableau=True`` adds the same figures as an HTML table (RGAA 1.1: a complex
image has an alternative). Presentation attributes only (no ``style``: the CSP forbids inline styles), no script, no
outside resource. A value ``None`` is a cell hidden by the small-cell rule (``config.secret_statistique``): it is
drawn as « secret », without a bar.
"""

from html import escape

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


def _e(texte):
    """Escape a text for the SVG/HTML (the same five characters as Django's ``escape``). The charts are built with
    f-strings, not ``format_html`` per element: a dashboard draws about fifteen of them, and ``format_html`` made each
    four times slower."""
    return escape(str(texte), quote=True)


def _svg(largeur, hauteur, titre, description, parties):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img" viewBox="0 0 {largeur} {hauteur}" '
        f'width="{largeur}" height="{hauteur}" font-family="{POLICE}"><title>{_e(titre)}</title>'
        f"<desc>{_e(description or 'aucune donnée')}</desc>{''.join(parties)}</svg>"
    )


def _tableau(svg, titre, lignes, unite):
    corps = "".join(
        f'<tr><th scope="row">{_e(lig[0])}</th><td>{_e(nombre(lig[1]))}{_e(unite)}</td></tr>' for lig in lignes
    )
    return mark_safe(
        f'{svg}<table class="donnees-graphique"><caption>{_e(titre)}</caption><thead><tr><th scope="col">Libellé</th>'
        f'<th scope="col">Effectif</th></tr></thead><tbody>{corps}</tbody></table>'
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
    u = _e(unite)
    couleur = _e(couleur)
    parties = []
    for i, (libelle, valeur, cible) in enumerate(lignes):
        y = 5 + i * (hauteur_barre + 8)
        y_texte = f"{y + hauteur_barre * 0.7:.1f}"
        parties.append(
            f'<text x="{marge_gauche - 8}" y="{y_texte}" text-anchor="end" font-size="12" fill="{TEXTE}">'
            f"{_e(_court(libelle))}</text>"
        )
        texte_x = marge_gauche + 6
        if valeur is not None:
            w = max(0.0, utile * min(valeur, maximum) / maximum)
            parties.append(
                f'<rect x="{marge_gauche}" y="{y}" width="{w:.1f}" height="{hauteur_barre}" fill="{couleur}"/>'
            )
            texte_x += w
        parties.append(
            f'<text x="{texte_x:.1f}" y="{y_texte}" font-size="12" fill="{GRIS if valeur is None else TEXTE}">'
            f"{_e(nombre(valeur))}{u}</text>"
        )
        if cible is not None:
            x = f"{marge_gauche + utile * min(cible, maximum) / maximum:.1f}"
            parties.append(
                f'<line x1="{x}" x2="{x}" y1="{y - 3}" y2="{y + hauteur_barre + 3}" stroke="{COULEUR_CIBLE}" '
                f'stroke-width="3"><title>cible : {_e(nombre(cible))}{u}</title></line>'
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
    couleur = _e(couleur)
    parties = []
    for i, (libelle, valeur) in enumerate(points):
        x = marge_gauche + i * pas
        if valeur is not None:
            h = utile * valeur / maximum
            parties.append(
                f'<rect x="{x + pas * 0.15:.1f}" y="{marge_haut + utile - h:.1f}" width="{pas * 0.7:.1f}" '
                f'height="{h:.1f}" fill="{couleur}"><title>{_e(libelle)} : {_e(nombre(valeur))}</title></rect>'
            )
        parties.append(
            f'<text x="{x + pas / 2:.1f}" y="{hauteur - 10}" text-anchor="middle" font-size="11" fill="{TEXTE}">'
            f"{_e(libelle)}</text>"
        )
    description = " ; ".join(f"{libelle} : {nombre(v)}" for libelle, v in points)
    svg = _svg(largeur, hauteur, titre, description, parties)
    return _tableau(svg, titre, points, "") if tableau else svg
