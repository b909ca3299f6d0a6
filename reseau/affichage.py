"""Display helpers: opening hours in French, and the charter's Markdown rendered safely."""

import re

JOURS = {
    "Mo": "lun.",
    "Tu": "mar.",
    "We": "mer.",
    "Th": "jeu.",
    "Fr": "ven.",
    "Sa": "sam.",
    "Su": "dim.",
    "PH": "jours fériés",
}


def horaires_en_francais(horaires):
    """OpenStreetMap opening hours in French: the one formatter of the site's page, the map and its list.

    « Mo-Fr 09:00-12:00,14:00-17:00; Sa off » → « lun. au ven. : 9 h 00 – 12 h 00, 14 h 00 – 17 h 00 ; sam. : fermé ».
    Display only: the value stays in the OSM syntax (data·inclusion exports it as such).
    """
    if not horaires:
        return ""
    regles = []
    for regle in horaires.split(";"):
        regle = regle.strip()
        if not regle:
            continue
        regle = re.sub(
            r"\b(Mo|Tu|We|Th|Fr|Sa|Su|PH)-(Mo|Tu|We|Th|Fr|Sa|Su)\b", lambda m: f"{JOURS[m[1]]} au {JOURS[m[2]]}", regle
        )
        regle = re.sub(r"\b(Mo|Tu|We|Th|Fr|Sa|Su|PH)\b", lambda m: JOURS[m[1]], regle)
        regle = re.sub(
            r"(\d{2}):(\d{2})-(\d{2}):(\d{2})", lambda m: f"{int(m[1])} h {m[2]} – {int(m[3])} h {m[4]}", regle
        )
        regle = re.sub(r"\boff\b", "fermé", regle)
        regle = regle.replace("24/7", "tous les jours, 24 h sur 24")
        regle = re.sub(r"(\.|fériés) (\d|fermé)", r"\1 : \2", regle)
        regles.append(regle.replace(",", ", ").replace(",  ", ", "))
    return " ; ".join(regles)


def markdown_sur(texte):
    """Markdown to HTML with raw HTML escaped, then sanitised (nh3): a charter cannot carry a script."""
    import markdown_it
    import nh3

    html = markdown_it.MarkdownIt("commonmark", {"html": False}).render(texte or "")
    return nh3.clean(html)
