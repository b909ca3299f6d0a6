"""Reading an uploaded CSV the same way for every import (sectorisation, structures of the network).

UTF-8 (with or without BOM), « ; » or « , » guessed from the header, header names lower-cased, rows numbered by the
file's physical lines, and a broken CSV reported at the line where it breaks: the reading stops there.
"""

import csv
import io
import re

from django import forms

CONTROLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TAILLE_MAX = 1_000_000


def message_csv(erreur):
    message = str(erreur)
    if "field larger than field limit" in message:
        return f"un champ dépasse {csv.field_size_limit() // 1024} Ko (guillemet non refermé ?) ; lecture arrêtée."
    return f"ligne CSV illisible ({message}) ; lecture arrêtée."


def lire(contenu):
    """Return (header, rows, errors): rows are ``(line number, dict)``, errors ``(line number, message)``."""
    if isinstance(contenu, bytes):
        try:
            contenu = contenu.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [], [(1, "Le fichier doit être encodé en UTF-8.")]
    try:
        dialecte = csv.Sniffer().sniff(contenu.splitlines()[0] if contenu else "", delimiters=";,")
    except csv.Error:
        dialecte = csv.excel
    lecteur = csv.DictReader(io.StringIO(contenu, newline=""), dialect=dialecte)
    try:
        entete = [c.strip().lower() for c in (lecteur.fieldnames or [])]
    except csv.Error as e:
        return [], [], [(1, message_csv(e))]
    lecteur.fieldnames = entete
    rows, erreurs = [], []
    while True:  # numbered by the file's lines (blank lines are skipped, not counted out)
        try:
            r = next(lecteur)
        except StopIteration:
            break
        except csv.Error as e:  # the rest of the file cannot be trusted: stop at this line
            erreurs.append((lecteur.reader.line_num, message_csv(e)))
            break
        rows.append((lecteur.reader.line_num, r))
    return entete, rows, erreurs


class ImportCSVForm(forms.Form):
    """The upload of an import: 1 MB at most, a text file (a NUL in its first 4 KB says it is not one). Control
    characters further on are reported by the import, line by line."""

    fichier = forms.FileField(label="Fichier CSV")

    def clean_fichier(self):
        f = self.cleaned_data["fichier"]
        if f.size > TAILLE_MAX:
            raise forms.ValidationError("Le fichier dépasse 1 Mo.")
        contenu = f.read()
        if b"\x00" in contenu[:4096]:
            raise forms.ValidationError("Ce fichier n'est pas un fichier texte CSV.")
        return contenu
