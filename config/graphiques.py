"""Server-side SVG charts: the one code path for the pages (dashboards) and the PDFs (WeasyPrint draws SVG).

Every chart is an ``<svg role="img">`` whose ``<title>`` is the chart's title and whose ``<desc>`` lists every value,
so that a screen reader gets the figures; ``tableau=True`` adds the same figures as an HTML table (RGAA 1.1: a complex
image has an alternative). Presentation attributes only (no ``style``: the CSP forbids inline styles), no script, no
outside resource. A value ``None`` is a cell hidden by the small-cell rule (``config.secret_statistique``): it is
drawn as « secret », without a bar.
"""

import textwrap
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


def _lignes(libelle, largeur=30, maximum=3):
    """A label over at most ``maximum`` lines of about ``largeur`` characters: wrapped at spaces, never cut inside a
    word; only a label longer than all the lines ends with « … » (its full text stays in the figure's description)."""
    lignes = textwrap.wrap(str(libelle), largeur, break_long_words=False) or [""]
    if len(lignes) > maximum:
        lignes = lignes[: maximum - 1] + [textwrap.shorten(" ".join(lignes[maximum - 1 :]), largeur, placeholder=" …")]
    return lignes


def _texte_sur_lignes(x, y, lignes, interligne, attributs):
    """One ``<text>`` with a ``<tspan>`` per line, the block centred vertically on ``y``."""
    y0 = y - interligne * (len(lignes) - 1) / 2
    tspans = "".join(
        f'<tspan x="{x}" y="{y0 + n * interligne:.1f}">{_e(ligne)}</tspan>' for n, ligne in enumerate(lignes)
    )
    return f"<text {attributs}>{tspans}</text>"


def _e(texte):
    """Escape a text for the SVG/HTML (the same five characters as Django's ``escape``). The charts are built with
    f-strings, not ``format_html`` per element: a dashboard draws about fifteen of them, and ``format_html`` made each
    four times slower."""
    return escape(str(texte), quote=True)


echapper = _e  # for the blocks of HTML written beside the charts (indicateurs.tableaux.Tableau.section)


def _svg(largeur, hauteur, titre, description, parties):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img" viewBox="0 0 {largeur} {hauteur}" '
        f'width="{largeur}" height="{hauteur}" font-family="{POLICE}"><title>{_e(titre)}</title>'
        f"<desc>{_e(description or 'aucune donnée')}</desc>{''.join(parties)}</svg>"
    )


def cellule(v):
    """A table cell's text: a number in French (``nombre``), « secret » for a hidden cell, any other value as is."""
    return nombre(v) if v is None or isinstance(v, int | float) and not isinstance(v, bool) else str(v)


def tableau_html(titre, colonnes, lignes):
    """The figures of a chart as an accessible HTML table (caption, column and row headers), built like the charts:
    a dashboard prints fifteen of them, and a template loop over every cell cost more than the page's SQL."""
    entete = "".join(f'<th scope="col">{_e(c)}</th>' for c in colonnes)
    corps = "".join(
        f'<tr><th scope="row">{_e(cellule(lig[0]))}</th>{"".join(f"<td>{_e(cellule(v))}</td>" for v in lig[1:])}</tr>'
        for lig in lignes
    )
    return mark_safe(
        f'<table><caption class="visuellement-cache">{_e(titre)}</caption><thead><tr>{entete}</tr></thead>'
        f"<tbody>{corps}</tbody></table>"
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
    libelles = [_lignes(libelle) for libelle, _, _ in lignes]
    hauteurs = [max(hauteur_barre, 14 * len(lig)) + 8 for lig in libelles]
    hauteur = sum(hauteurs) + 10
    u = _e(unite)
    couleur = _e(couleur)
    parties = []
    y = 5
    for (_, valeur, cible), textes, pas in zip(lignes, libelles, hauteurs, strict=True):
        y_barre = y + (pas - 8 - hauteur_barre) / 2
        y_texte = f"{y_barre + hauteur_barre * 0.7:.1f}"
        parties.append(
            _texte_sur_lignes(
                marge_gauche - 8,
                y_barre + hauteur_barre * 0.7,
                textes,
                14,
                f'text-anchor="end" font-size="12" fill="{TEXTE}"',
            )
        )
        texte_x = marge_gauche + 6
        if valeur is not None:
            w = max(0.0, utile * min(valeur, maximum) / maximum)
            parties.append(
                f'<rect x="{marge_gauche}" y="{y_barre:.1f}" width="{w:.1f}" height="{hauteur_barre}" '
                f'fill="{couleur}"/>'
            )
            texte_x += w
        parties.append(
            f'<text x="{texte_x:.1f}" y="{y_texte}" font-size="12" fill="{GRIS if valeur is None else TEXTE}">'
            f"{_e(nombre(valeur))}{u}</text>"
        )
        if cible is not None:
            x = f"{marge_gauche + utile * min(cible, maximum) / maximum:.1f}"
            parties.append(
                f'<line x1="{x}" x2="{x}" y1="{y_barre - 3:.1f}" y2="{y_barre + hauteur_barre + 3:.1f}" '
                f'stroke="{COULEUR_CIBLE}" stroke-width="3"><title>cible : {_e(nombre(cible))}{u}</title></line>'
            )
        y += pas
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


def jauges(lignes, titre, *, couleur=COULEUR, largeur=640):
    """One gauge per indicator, whatever its unit: the full label above (wrapped, never cut), then the bar, its value
    and unit, and the target as a red mark. ``lignes``: ``(libellé, valeur or None, unité, cible or None)``; a
    percentage is drawn on a 0–100 scale, a count on a scale to the larger of its value and its target."""
    marge, hauteur_barre = 10, 20
    utile = largeur - 2 * marge - 150
    couleur = _e(couleur)
    parties, y = [], 6
    for libelle, valeur, unite, cible in lignes:
        textes = _lignes(libelle, 80, 2)
        for ligne in textes:
            y += 15
            parties.append(
                f'<text x="{marge}" y="{y}" font-size="13" font-weight="bold" fill="{TEXTE}">{_e(ligne)}</text>'
            )
        y += 6
        pourcent = unite == "%"
        maximum = 100 if pourcent else max(valeur or 0, cible or 0) or 1
        parties.append(f'<rect x="{marge}" y="{y}" width="{utile}" height="{hauteur_barre}" fill="#e5e7eb"/>')
        u = " %" if pourcent else f" {unite}"
        if valeur is not None:
            w = utile * min(valeur, maximum) / maximum
            parties.append(f'<rect x="{marge}" y="{y}" width="{w:.1f}" height="{hauteur_barre}" fill="{couleur}"/>')
        parties.append(
            f'<text x="{marge + utile + 8}" y="{y + 15}" font-size="13" fill="{TEXTE}">'
            f"{_e('non calculé' if valeur is None else nombre(valeur) + u)}</text>"
        )
        if cible is not None:
            x = f"{marge + utile * min(cible, maximum) / maximum:.1f}"
            parties.append(
                f'<line x1="{x}" x2="{x}" y1="{y - 4}" y2="{y + hauteur_barre + 4}" stroke="{COULEUR_CIBLE}" '
                f'stroke-width="3"><title>cible : {_e(nombre(cible))}{_e(u)}</title></line>'
            )
        y += hauteur_barre + 12
    description = " ; ".join(
        f"{libelle} : {'non calculé' if v is None else nombre(v) + (' %' if unite == '%' else ' ' + unite)}"
        + ("" if cible is None else f" (cible {nombre(cible)})")
        for libelle, v, unite, cible in lignes
    )
    return _svg(largeur, y + 4, titre, description, parties)
