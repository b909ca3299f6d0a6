"""What the document of a diagnostic says (docs/diagnostic.md §5–6): one content for the page, the frozen snapshot of
a shared version and the PDF, so the three cannot disagree.

The content is plain JSON: a shared version stores it (``VersionDiagnostic.instantane``) and its PDF, rendered later,
says what the version said the day it was shared. It holds no person data: pack figures through the small-cell
rule, questionnaire counts through the same rule (never a free text), interview syntheses without names.
"""

import math

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from config.graphiques import POLICE, barres
from developpement import actions as questionnaires_actions
from developpement import resultats
from reseau.models import LieuAccueil

from .enums import StatutTravail


def dernier_pack(diagnostic):
    return diagnostic.packs.filter(statut=StatutTravail.PRET).order_by("-genere_le", "-pk").first()


def resultats_questionnaire(questionnaire, seuil):
    """The counts of a questionnaire's latest version under the small-cell rule; never its free texts."""
    version = questionnaires_actions.version_courante(questionnaire)
    r = resultats.calculer(version, seuil, avec_textes=False)
    questions = []
    for q in r.questions:
        if not q.lignes and q.moyenne is None:
            continue
        questions.append(
            {
                "libelle": q.question.libelle,
                "lignes": [[lig["libelle"], lig["valeur"]] for lig in q.lignes],
                "moyenne": q.moyenne,
            }
        )
    return {
        "titre": questionnaire.titre,
        "demonstration": version.reponses.filter(demonstration=True).exists(),
        "total": r.total,
        "suffisant": r.suffisant,
        "questions": questions,
    }


def contenu(version, pack=None):
    """The document of ``version`` as it stands (a draft) — what ``do_partager`` freezes."""
    d = version.diagnostic
    seuil = d.collectivite.seuil_secret_statistique
    chiffres = pack.chiffres() if pack else {}
    communes = list(d.communes.order_by("nom"))
    return {
        "titre": d.titre,
        "commanditaire": d.commanditaire,
        "territoire": d.libelle_territoire,
        "communes": [
            {"nom": c.nom, "code": c.code, "lat": c.latitude, "lon": c.longitude, "population": c.population}
            for c in communes
        ],
        "noms_communes": ", ".join(c.nom for c in communes[:30]) + (" …" if len(communes) > 30 else ""),
        "version": version.numero,
        "synthese": version.synthese,
        "pack": pack.contenu if pack else None,
        "pack_date": f"{pack.date_reference:%d/%m/%Y}" if pack else None,
        "acteurs": [
            {
                "nom": a.nom,
                "nature": a.get_nature_display(),
                "contact": a.contact,
                "activites": a.activites,
                "rencontre": a.rencontre,
                "du_reseau": a.du_reseau,
            }
            for a in d.acteurs.order_by("nom", "pk")
        ],
        "questionnaires": [resultats_questionnaire(q, seuil) for q in d.questionnaires.order_by("titre", "pk")],
        "grilles": [
            {"titre": g.titre, "type": g.get_type_display(), "questions": g.liste_des_questions()}
            for g in d.grilles.order_by("type", "titre", "pk")
        ],
        "entretiens": [
            {
                "titre": str(e),
                "type": e.grille.get_type_display(),
                "date": e.date.isoformat(),
                "participants": e.participants,
                "synthese": e.synthese,
            }
            for e in d.entretiens.select_related("grille").order_by("date", "pk")
        ],
        "problematiques": [
            {
                "titre": p.titre,
                "constat": p.constat,
                "chiffres": [
                    {"libelle": chiffres[c]["libelle"], "texte": chiffres[c]["texte"]}
                    if c in chiffres
                    else {"libelle": c, "texte": "absent du pack de données"}
                    for c in p.chiffres
                ],
                "questionnaires": [q.titre for q in p.questionnaires.all()],
                "entretiens": [str(e) for e in p.entretiens.all()],
                "actions": [a.titre for a in p.actions.all()],
            }
            for p in version.problematiques.prefetch_related("questionnaires", "entretiens__grille", "actions")
        ],
    }


def du_document(version):
    """A shared version's frozen snapshot, or a draft's current content."""
    if version.est_partagee:
        return version.instantane
    return contenu(version, dernier_pack(version.diagnostic))


def carte(communes, lieux=()):
    """A static SVG map of the territory: each commune a disc (area by population), reception sites as squares, on an
    equirectangular projection corrected for latitude. With its title and description (RGAA), and no outside tile."""
    if not communes:
        return ""
    largeur, hauteur, marge = 560, 400, 30
    lats = [c["lat"] for c in communes]
    lons = [c["lon"] for c in communes]
    correction = math.cos(math.radians(sum(lats) / len(lats)))
    # the territory's box, centred, at least 0.2° wide (one commune alone is not a point in a corner)
    cx, cy = (min(lons) + max(lons)) / 2 * correction, (min(lats) + max(lats)) / 2
    demi_x = max((max(lons) - min(lons)) * correction, 0.2) / 2
    demi_y = max(max(lats) - min(lats), 0.2) / 2
    echelle = min((largeur - 2 * marge) / (2 * demi_x), (hauteur - 2 * marge) / (2 * demi_y))
    x0 = cx - (largeur / 2) / echelle
    y0 = cy - (hauteur / 2) / echelle

    def point(lat, lon):
        return (lon * correction - x0) * echelle, hauteur - (lat - y0) * echelle

    def dedans(lat, lon):
        x, y = point(lat, lon)
        return 0 <= x <= largeur and 0 <= y <= hauteur

    parties = []
    plus_grande = max(c["population"] for c in communes) or 1
    for c in communes:
        x, y = point(c["lat"], c["lon"])
        r = 2 + 10 * math.sqrt(c["population"] / plus_grande)
        parties.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#1d4ed8" fill-opacity="0.45" stroke="#1e3a8a">'
            f"<title>{escape(c['nom'])} : {c['population']} habitants</title></circle>"
        )
        if len(communes) <= 12:  # a few communes: their names on the map
            parties.append(f'<text x="{x + r + 3:.1f}" y="{y + 4:.1f}" font-size="12">{escape(c["nom"])}</text>')
    visibles = [lieu for lieu in lieux if dedans(lieu["lat"], lieu["lon"])]
    for lieu in visibles:
        x, y = point(lieu["lat"], lieu["lon"])
        parties.append(
            f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#b91c1c">'
            f"<title>{escape(lieu['nom'])}</title></rect>"
        )
    description = (
        f"{len(communes)} commune(s) du territoire (disques proportionnels à la population) et {len(visibles)} "
        "lieu(x) d'accueil (carrés rouges) : " + ", ".join(escape(c["nom"]) for c in communes[:30])
    )
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="carte-diagnostic" role="img" viewBox="0 0 {largeur} '
        f'{hauteur}" width="{largeur}" height="{hauteur}" font-family="{POLICE}"><title>Carte du territoire</title>'
        f"<desc>{description}</desc>"
        f'<rect x="0" y="0" width="{largeur}" height="{hauteur}" fill="#f8fafc" stroke="#cbd5e1"/>'
        f"{''.join(parties)}</svg>"
    )


def lieux_pour_carte():
    return [
        {"nom": lieu.nom, "lat": lieu.latitude, "lon": lieu.longitude}
        for lieu in LieuAccueil.objects.order_by("pk").only("nom", "latitude", "longitude")
        if lieu.latitude is not None
    ]


def graphiques(doc):
    """The charts of the pack's tables and the questionnaires' distributions, drawn from the content."""
    pack = doc.get("pack") or {}
    for section in pack.get("sections", []):
        for t in section.get("tableaux", []):
            t["svg"] = barres([tuple(g) for g in t["graphique"]], t["titre"]) if t.get("graphique") else ""
    for q in doc.get("questionnaires", []):
        for question in q["questions"]:
            question["svg"] = barres([tuple(lig) for lig in question["lignes"]], question["libelle"])
    return doc


def html_pdf(version):
    doc = graphiques(du_document(version))
    return render_to_string(
        "diagnostic/pdf/diagnostic.html",
        {
            "doc": doc,
            "v": version,
            "collectivite": version.collectivite,
            "carte": carte(doc["communes"], lieux_pour_carte()),
            "maintenant": timezone.now(),
        },
    )
