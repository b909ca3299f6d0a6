"""The dashboard's tables, built from the snapshots and the rollups only. The page, the CSV/XLSX exports, the API and
the PDF report all read them here, so the numbers are the same everywhere."""

import functools
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from collectivites.models import Collectivite
from collectivites.tenancy import current_collectivite, tenant_context
from config import graphiques
from config.requete_figee import Lecture, RequeteFigee
from config.secret_statistique import proteger

from .enums import UNITES, Indicateur
from .methodes import synthese
from .models import Cible, Instantane, valeurs_par_annee

NON_CALCULE = "non calculé"  # not computed yet: never shown as « secret », which means a small cell hidden
MOIS_COURTS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


@dataclass
class Tableau:
    nom: str
    titre: str
    colonnes: list
    lignes: list = field(default_factory=list)
    graphique: str = ""
    groupe: str = ""

    @property
    def vide(self):
        return not self.lignes

    @functools.cached_property
    def html(self):
        return graphiques.tableau_html(self.titre, self.colonnes, self.lignes)

    def section(self, exports, parametres):
        """The table's block on the dashboard: its title, its chart, its figures, its export links — written here
        once rather than by a template included sixteen times, whose variable lookups cost more CPU than the page's
        SQL (docs/performance.md §15). ``exports``: the exports' path up to the table's name; ``parametres``: the
        page's query string, kept by the links."""
        e = graphiques.echapper
        nom, titre = e(self.nom), e(self.titre)
        if self.vide:
            corps = "<p>Aucune donnée pour cette période.</p>"
        else:
            figure = (
                f"<figure>{self.graphique}<figcaption>Graphique : {titre} (mêmes chiffres dans le tableau ci-dessous)."
                "</figcaption></figure>"
                if self.graphique
                else ""
            )
            corps = (
                f"{figure}<details{'' if self.graphique else ' open'}><summary>Tableau des chiffres</summary>"
                f'<div class="overflow-auto">{self.html}</div></details>'
            )
        lien = f"{e(exports)}{nom}"
        return (
            f'<section aria-labelledby="t-{nom}" class="tableau-stat"><h3 id="t-{nom}">{titre}</h3>{corps}'
            f'<p><small>Exporter : <a href="{lien}.csv?{e(parametres)}">CSV</a> · '
            f'<a href="{lien}.xlsx?{e(parametres)}">XLSX</a></small></p></section>'
        )


def _periode(annee):
    return date(annee, 1, 1), date(annee, 12, 31)


def instantanes_de_l_annee(annee, avec_detail=False):
    """The snapshot that stands for each indicator's value in ``annee`` (Instantane.valeurs_de_l_annee)."""
    qs = Instantane.objects.all()
    return (qs if avec_detail else qs.defer("detail", "methode")).valeurs_de_l_annee(annee)


def valeur_du_tableau(valeur, unite):
    """A count is a whole number (« 8 professionnels », never « 8,0 »), a percentage keeps one decimal."""
    if valeur is None:
        return NON_CALCULE
    arrondi = round(valeur, 1) if unite == "%" else round(valeur)
    return int(arrondi) if float(arrondi).is_integer() else arrondi


def tableau_indicateurs(annee, derniers=None):
    derniers = instantanes_de_l_annee(annee) if derniers is None else derniers
    # a snapshot carries the target it was computed against: today's targets only for an indicator not computed
    manquants = [ind.value for ind in Indicateur if ind.value not in derniers]
    cibles = {c.indicateur: c for c in Cible.objects.filter(annee=annee, indicateur__in=manquants)} if manquants else {}
    lignes, jauges = [], []
    for ind in Indicateur:
        i = derniers.get(ind.value)
        cible = cibles.get(ind.value)
        if i is not None:  # the target a snapshot was computed against, not today's
            valeur_cible = i.cible if i.cible is not None else i.cible_libelle
        else:
            valeur_cible = cible.valeur if cible and cible.valeur is not None else (cible.libelle if cible else "")
        if isinstance(valeur_cible, float):
            valeur_cible = valeur_du_tableau(valeur_cible, UNITES[ind])
        lignes.append(
            [
                ind.label,
                NON_CALCULE if i is None else valeur_du_tableau(i.valeur, UNITES[ind]),
                UNITES[ind],
                valeur_cible,
                "" if i is None else f"{i.debut:%d/%m/%Y} – {i.fin:%d/%m/%Y}",
                "" if i is None else timezone.localtime(i.calcule_le).strftime("%d/%m/%Y %H:%M"),
            ]
        )
        jauges.append(
            (
                ind.label,
                None if i is None else i.valeur,
                UNITES[ind],
                valeur_cible if isinstance(valeur_cible, int | float) else None,
            )
        )
    return Tableau(
        "indicateurs",
        f"Indicateurs de la charte — {annee}",
        ["Indicateur", "Valeur", "Unité", "Cible", "Période", "Calculé le"],
        lignes,
        graphiques.jauges(jauges, f"Les cinq indicateurs de la charte en {annee}, cible en rouge")
        if any(j[1] is not None for j in jauges)
        else "",
    )


def tableau_tendances(par_annee=None):
    """Each indicator's value year by year (the snapshot that stands for the year, never a monthly one)."""
    if par_annee is None:
        par_annee = Instantane.objects.only("indicateur", "periodicite", "debut", "fin", "valeur", "calcule_le")
        par_annee = par_annee.valeurs_par_annee()
    annees = sorted(par_annee)
    lignes = [
        [
            ind.label,
            *[valeur_du_tableau(getattr(par_annee[a].get(ind.value), "valeur", None), UNITES[ind]) for a in annees],
        ]
        for ind in Indicateur
    ]
    return Tableau(
        "tendances", "Évolution des indicateurs", ["Indicateur", *[str(a) for a in annees]], lignes, groupe="tendances"
    )


RESIDENCE = ("commune", "epci")  # not counted per site (indicateurs.statistiques.lire)

# (name, title, source, dimension, kind, group); kind: "mois" a time series, "lieu" per site, else a breakdown
TABLEAUX = [
    ("passages_mois", "Passages par mois", "passages", "total", "mois", "activite"),
    ("personnes_mois", "Personnes distinctes par mois", "personnes", "mois", "mois", "activite"),
    ("passages_motif", "Passages par motif", "passages", "motif", "", "activite"),
    ("passages_canal", "Passages par canal", "passages", "canal", "", "activite"),
    ("passages_lieu", "Passages par lieu d'accueil", "passages", "total", "lieu", "activite"),
    ("passages_commune", "Passages par commune de résidence", "passages", "commune", "", "activite"),
    ("passages_epci", "Passages par EPCI de résidence", "passages", "epci", "", "activite"),
    ("orientations_resultat", "Orientations par résultat", "orientations", "resultat", "", "orientations"),
    ("orientations_delai", "Orientations par délai de réponse", "orientations", "delai", "", "orientations"),
    (
        "accompagnements_ouverts",
        "Accompagnements ouverts par type",
        "accompagnements",
        "ouverts_type",
        "",
        "accompagnements",
    ),
    ("accompagnements_clos", "Accompagnements clos par type", "accompagnements", "clos_type", "", "accompagnements"),
    ("accompagnements_issue", "Accompagnements clos par issue", "accompagnements", "clos_issue", "", "accompagnements"),
    ("ingenierie_type", "Demandes d'ingénierie par type de projet", "ingenierie", "type", "", "ingenierie"),
    ("ingenierie_niveau", "Demandes d'ingénierie par niveau", "ingenierie", "niveau", "", "ingenierie"),
    ("ingenierie_etat", "Demandes d'ingénierie par état", "ingenierie", "etat", "", "ingenierie"),
]
RESEAU_SEUL = {"personnes_mois", "accompagnements_ouverts", "accompagnements_clos", "accompagnements_issue"} | {
    "ingenierie_type",
    "ingenierie_niveau",
    "ingenierie_etat",
}
LIMITES = {"passages_commune": 30}


# The collectivité's id in a read compiled once (``lecture_figee``): no collectivité has it.
TENANT_FIGE = -104_729


@functools.cache
def lecture_figee(fabrique):
    """The read of ``fabrique()`` (a queryset of one tenant model, whose only varying value is the collectivité),
    compiled once per process (``config.requete_figee.RequeteFigee``), for ``_cellules``'s ``avec``: compiling the
    dashboard's snapshots, territories and last computations took ~1 ms of CPU a page, for reads the server runs in
    a fraction of that (docs/performance.md §15). Compiled in the context of a collectivité ``TENANT_FIGE`` (the
    scope and ``current_collectivite()`` alike, so no request's collectivité can be compiled in), run with the
    context's: a read that varied otherwise between requests (the user, the date) must not come through here.
    ``fabrique``: a function of the module (the cache is keyed by it)."""
    with tenant_context(Collectivite(pk=TENANT_FIGE)):
        return RequeteFigee(lambda tenant: fabrique(), tenant=TENANT_FIGE)


def _sql_du_queryset(qs):
    """The SQL of an ORM read, its parameters, and the function that makes its rows into the model's instances as
    iterating the queryset would (``config.requete_figee.Lecture``): the rules of the read stay in the ORM (tenant
    scope, ordering, slicing), only its round trip is shared (``_cellules``). A ``lecture_figee`` is run in the
    context's collectivité."""
    if isinstance(qs, RequeteFigee):
        return qs.sql, qs.params(tenant=current_collectivite().pk), qs.instances
    try:
        lecture = Lecture(qs)
    except EmptyResultSet:  # a read the ORM knows to be empty (``none()``) sends nothing
        return None, [], lambda rangees: []
    return lecture.sql, list(lecture.valeurs), lecture.instances


def _cellules(demandes, debut, fin, lieux, communes, avec=()):
    """The rollup cells of every table in one query (breakdowns, time series and sites, ``UNION ALL``) instead of one
    per table: the dashboard's time was in round trips and query building, not in the database (docs/performance.md
    §6). The same selection rules as ``indicateurs.statistiques.lire``, ``par_mois`` and ``par_lieu``; the tenant is
    filtered explicitly (plain SQL, portable to the demo's SQLite). Returns ``{(source, dimension, kind): raw rows in
    display order}``, before the small-cell rule: tuples ``(mois, valeur)`` for a time series, ``(cle, libelle,
    valeur)`` otherwise.

    ``avec``: other ORM reads of the page (querysets of one model, or ``lecture_figee``s), sent in the same message
    on PostgreSQL — each round trip of a page is paid again under load, the ORM's reads as much as the rollups'
    (docs/performance.md §15). Their instances are returned under the key ``"avec"``, in the order of ``avec``."""
    tenant = [current_collectivite().pk, debut.replace(day=1), fin]
    commun = "collectivite_id = %s AND mois >= %s AND mois <= %s"
    sur_les_lieux = "" if lieux is None else f" AND lieu_id IN ({', '.join(['%s'] * len(lieux)) or 'NULL'})"
    repartitions, series, parametres_r, parametres_s, par_lieu = [], [], [], [], False
    for source, dimension, genre in demandes:
        if genre == "mois":
            series.append("(source = %s AND dimension = %s AND cle = 'total'" + sur_les_lieux + ")")
            parametres_s += [source, dimension, *(lieux or [])]
        elif genre == "lieu":
            par_lieu = True
        elif dimension == "commune" and communes is not None:
            places = ", ".join(["%s"] * len(communes)) or "NULL"
            repartitions.append(f"(source = %s AND dimension = %s AND cle IN ({places}))")
            parametres_r += [source, dimension, *communes]
        elif dimension not in RESIDENCE or lieux is None:  # a selection of sites has no residence rows
            filtre = "" if dimension in RESIDENCE else sur_les_lieux
            repartitions.append("(source = %s AND dimension = %s" + filtre + ")")
            parametres_r += [source, dimension, *([] if dimension in RESIDENCE else (lieux or []))]
    parties, parametres = [], []
    if repartitions:
        parties.append(
            "SELECT 'r', source, dimension, cle, MIN(libelle), SUM(valeur), NULL FROM indicateurs_agregat "
            f"WHERE {commun} AND ({' OR '.join(repartitions)}) GROUP BY source, dimension, cle"
        )
        parametres += tenant + parametres_r
    if series:
        parties.append(
            "SELECT 'm', source, dimension, NULL, NULL, SUM(valeur), mois FROM indicateurs_agregat "
            f"WHERE {commun} AND ({' OR '.join(series)}) GROUP BY source, dimension, mois"
        )
        parametres += tenant + parametres_s
    if par_lieu:
        # summed by site first, the sites' names joined to the sums: joined first, the planner took the cells site by
        # site, each time intersecting the site index with the year's (1.1–2.6 ms for 20 sites, 0.4 ms this way)
        parties.append(
            "SELECT 'l', 'passages', 'total', CAST(a.lieu_id AS TEXT), l.nom, a.n, NULL FROM (SELECT lieu_id, "
            f"SUM(valeur) AS n FROM indicateurs_agregat WHERE {commun} AND source = 'passages' AND dimension = "
            f"'total'{sur_les_lieux} GROUP BY lieu_id) a JOIN reseau_lieuaccueil l ON l.id = a.lieu_id "
            "AND l.collectivite_id = %s"
        )
        parametres += tenant + (lieux or []) + tenant[:1]
    resultat = {demande: [] for demande in demandes}
    toutes = [_sql_du_queryset(qs) for qs in avec]
    lectures = [lecture for lecture in toutes if lecture[0] is not None]
    instructions = ([(" UNION ALL ".join(parties), parametres)] if parties else []) + [
        lecture[:2] for lecture in lectures
    ]
    resultats = []
    with connection.cursor() as curseur:
        if connection.vendor == "postgresql" and len(instructions) > 1:
            # one message, several statements: Django's cursors bind on the client (collectivites.rls.garde)
            curseur.execute("; ".join(sql for sql, _ in instructions), [p for _, ps in instructions for p in ps])
            resultats.append(curseur.fetchall())
            for _ in instructions[1:]:
                curseur.nextset()
                resultats.append(curseur.fetchall())
        else:  # SQLite (the demo) runs one statement at a time
            for sql, ps in instructions:
                curseur.execute(sql, ps)
                resultats.append(curseur.fetchall())
    lues = iter(resultats[len(resultats) - len(lectures) :])
    resultat["avec"] = [lecture[2]([] if lecture[0] is None else next(lues)) for lecture in toutes]
    if not parties:
        return resultat
    rangees = resultats[0]
    for genre, source, dimension, cle, libelle, total, mois in rangees:
        if genre == "m":
            mois = date.fromisoformat(mois) if isinstance(mois, str) else mois  # SQLite returns text
            resultat[(source, dimension, "mois")].append((mois, total))
        else:
            resultat[(source, dimension, "lieu" if genre == "l" else "")].append((cle, libelle, total))
    for cle_resultat, lignes in resultat.items():
        if cle_resultat == "avec":
            continue
        if cle_resultat[2] == "mois":
            lignes.sort(key=lambda r: r[0])
        else:  # as lire and par_lieu: largest first, then by label
            lignes.sort(key=lambda r: (-r[2], r[1]))
    return resultat


def lire(source, dimension, debut, fin, seuil, lieux=None, communes=None):
    """``indicateurs.statistiques.lire`` (the statistics API's breakdowns) in one plain statement: the same cells,
    the same order (the largest first, then by label, sorted by PostgreSQL), the small cells hidden the same way. The
    ORM built and compiled that query at each call for more CPU than the database spent on it (docs/performance.md
    §15); the tenant is filtered explicitly, as in ``_cellules``."""
    sql = (
        "SELECT cle, MIN(libelle), SUM(valeur) FROM indicateurs_agregat WHERE collectivite_id = %s AND source = %s "
        "AND dimension = %s AND mois >= %s AND mois <= %s"
    )
    parametres = [current_collectivite().pk, source, dimension, debut.replace(day=1), fin]
    if dimension == "commune" and communes is not None:
        sql += f" AND cle IN ({', '.join(['%s'] * len(communes)) or 'NULL'})"
        parametres += communes
    elif dimension in RESIDENCE and lieux is not None:  # not counted per site
        return []
    elif lieux is not None:
        sql += f" AND lieu_id IN ({', '.join(['%s'] * len(lieux)) or 'NULL'})"
        parametres += lieux
    with connection.cursor() as curseur:
        curseur.execute(sql + " GROUP BY cle ORDER BY 3 DESC, 2", parametres)
        rangees = curseur.fetchall()
    return proteger([{"cle": cle, "libelle": libelle, "valeur": total} for cle, libelle, total in rangees], seuil)


def _tableau(nom, titre, genre, lignes, seuil, groupe):
    return _tableau_des_cellules(nom, titre, genre, tuple(lignes), seuil, groupe)


@functools.lru_cache(maxsize=256)
def _tableau_des_cellules(nom, titre, genre, cellules, seuil, groupe):
    """A table, its chart and its figures from its raw rollup cells. Memoised on the cells themselves: the same cells
    give the same table, so the cache can never show stale figures (a refresh that changes a cell changes the key),
    and a dashboard shown again before the next refresh skips the small-cell rule, the SVG and the HTML (about 5 ms of
    CPU a page, docs/performance.md §15). The Tableau returned is shared: never modified by its readers."""
    if genre == "mois":
        lignes = [{"mois": m, "valeur": v} for m, v in cellules]
        lignes = sorted(proteger(lignes, seuil, cle_tri="mois"), key=lambda r: r["mois"])
        points = [(f"{MOIS_COURTS[r['mois'].month - 1]} {r['mois']:%y}", r["valeur"]) for r in lignes]
        return Tableau(
            nom,
            titre,
            ["Mois", "Nombre"],
            [[f"{r['mois']:%m/%Y}", r["valeur"]] for r in lignes],
            graphiques.colonnes(points, titre) if points else "",
            groupe,
        )
    lignes = [{"cle": c, "libelle": libelle, "valeur": v} for c, libelle, v in cellules]
    lignes = proteger(lignes, seuil)[: LIMITES.get(nom)]
    return Tableau(
        nom,
        titre,
        ["Libellé", "Nombre"],
        [[r["libelle"], r["valeur"]] for r in lignes],
        graphiques.barres([(r["libelle"], r["valeur"], None) for r in lignes[:15]], titre) if lignes else "",
        groupe,
    )


def tableaux_statistiques(annee, seuil, lieux=None, communes=None, noms=None, avec=None):
    """``lieux``: the sites selected (None: all); ``communes``: the communes of the selected territory, for the
    residence tables (not counted per site: with sites but no territory they are left out). ``noms``: only these
    tables (an export reads one). ``avec``: a list of other reads sent with the rollups' (``_cellules``), replaced
    in place by their instances."""
    debut, fin = _periode(annee)
    choisis = [t for t in TABLEAUX if (lieux is None or t[0] not in RESEAU_SEUL) and (noms is None or t[0] in noms)]
    demandes = {(source, dim, genre) for _, _, source, dim, genre, _ in choisis}
    cellules = _cellules(demandes, debut, fin, lieux, communes, avec or ())
    if avec:
        avec[:] = cellules["avec"]
    return [
        _tableau(nom, titre, genre, cellules[(source, dim, genre)], seuil, groupe)
        for nom, titre, source, dim, genre, groupe in choisis
    ]


def tous_les_tableaux(annee, seuil, lieux=None, communes=None):
    return [tableau_indicateurs(annee), tableau_tendances(), *tableaux_statistiques(annee, seuil, lieux, communes)]


GROUPES = [
    ("activite", "Activité des accueils"),
    ("orientations", "Orientations"),
    ("accompagnements", "Accompagnements"),
    ("ingenierie", "Ingénierie sociale"),
    ("tendances", "Évolution des indicateurs, année par année"),
]


def cartes(synthese_, annee):
    """The five indicators' cards of the dashboard (``methodes.synthese``'s rows), written here once rather than by
    the template's loop, whose variable lookups and filters cost more CPU than the page's SQL (docs/performance.md
    §15): the same markup, whitespace between tags aside."""
    e = graphiques.echapper
    blocs = []
    for ligne in synthese_["lignes"]:
        unite = f' <span class="unite-indicateur">{e(ligne["unite"])}</span>' if ligne["unite"] else ""
        retard = ' class="en-retard"' if ligne["en_retard"] else ""
        blocs.append(
            f'<li><h3>{e(ligne["libelle"])}</h3><p><span class="valeur-indicateur">{e(ligne["chiffre"])}</span>'
            f"{unite}</p><p>Cible : {e(ligne['cible'])}<br>{annee - 1} : {e(ligne['avant'])} "
            f"({e(ligne['evolution'])})</p><p{retard}>{e(capfirst(ligne['etat']))}</p></li>"
        )
    return mark_safe("".join(blocs))


def _instantanes():
    return Instantane.objects.defer("detail", "methode", "parametres", "entrees").des_annees()


def tableau_de_bord(annee, seuil, lieux=None, communes=None, exports="", parametres="", avec=None):
    """Everything the dashboard shows: the five indicators against their targets and last year, then the tables by
    section, each section's tables as one block of HTML (``Tableau.section``). The snapshots (every year's, for the
    trends), the rollups and the page's other reads (``avec``: querysets or ``lecture_figee``s, replaced in place by
    their instances) in one message; targets only for an indicator not computed."""
    lectures = [lecture_figee(_instantanes), *(avec or ())]
    statistiques_ = tableaux_statistiques(annee, seuil, lieux, communes, avec=lectures)
    par_annee = valeurs_par_annee(lectures[0])
    if avec is not None:
        avec[:] = lectures[1:]
    cette_annee, l_an_dernier = par_annee.get(annee, {}), par_annee.get(annee - 1, {})
    indicateurs = tableau_indicateurs(annee, cette_annee)
    tableaux = [*statistiques_, tableau_tendances(par_annee)]
    return {
        "cartes": cartes(synthese(annee, cette_annee, l_an_dernier), annee),
        "indicateurs": mark_safe(indicateurs.section(exports, parametres)),
        "sections": [
            {
                "nom": nom,
                "titre": titre,
                "html": mark_safe("".join(t.section(exports, parametres) for t in tableaux if t.groupe == nom)),
            }
            for nom, titre in GROUPES
            if any(t.groupe == nom for t in tableaux)
        ],
    }
