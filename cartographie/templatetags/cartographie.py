import re

from django import template

register = template.Library()

JOURS = {
    "Mo": "lun.",
    "Tu": "mar.",
    "We": "mer.",
    "Th": "jeu.",
    "Fr": "ven.",
    "Sa": "sam.",
    "Su": "dim.",
    "PH": "fériés",
}


@register.filter
def horaires_fr(valeur):
    """OpenStreetMap opening hours read aloud in French: « Mo-Fr 09:00-12:00; Sa off » → « lun. au ven. 09:00-12:00 ;
    sam. fermé ». Display only; the value stays in the OSM syntax."""
    if not valeur:
        return ""
    texte = re.sub(r"\b(Mo|Tu|We|Th|Fr|Sa|Su|PH)-(Mo|Tu|We|Th|Fr|Sa|Su)\b", lambda m: f"{m[1]} au {m[2]}", valeur)
    texte = re.sub(r"\b(Mo|Tu|We|Th|Fr|Sa|Su|PH)\b", lambda m: JOURS[m[1]], texte)
    texte = texte.replace("off", "fermé").replace(";", " ;").replace(",", ", ")
    return re.sub(r"(\d\d:\d\d)-(\d\d:\d\d)", r"\1–\2", texte)
