"""The one writer of every file the app exports as a spreadsheet (CSV, XLSX): passages, dashboard tables,
data·inclusion directory.

No cell can run as a formula when the file is opened in a spreadsheet (CSV injection, OWASP): a text that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a single quote. Numbers stay numbers. ``None``
is written as ``nul`` (empty, or « secret » for a cell hidden by ``config.secret_statistique``). CSV is UTF-8; with
``bom=True`` (the default, for spreadsheets) it starts with a byte-order mark and « ; » separates the cells.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cellule(valeur, nul=""):
    """One cell as exported: a number as is, ``None`` as ``nul``, any other value as text that cannot be a formula."""
    if valeur is None:
        return nul
    if isinstance(valeur, int | float | Decimal):
        return valeur
    texte = str(valeur)
    return "'" + texte if texte.startswith(DEBUTS_DE_FORMULE) else texte


class _Echo:
    """A file that hands back what is written: ``csv.writer`` then yields one formatted line at a time."""

    def write(self, valeur):
        return valeur


def lignes_csv(entete, lignes, *, separateur=";", bom=True, nul=""):
    """The CSV text, line by line (an iterator: a long export is streamed, never held in memory)."""
    ecrivain = csv.writer(_Echo(), delimiter=separateur)
    yield ("\ufeff" if bom else "") + ecrivain.writerow([cellule(v) for v in entete])
    for ligne in lignes:
        yield ecrivain.writerow([cellule(v, nul) for v in ligne])


def reponse_csv(nom_fichier, entete, lignes, *, separateur=";", bom=True, nul="", flux=False):
    """A CSV download named ``nom_fichier``.csv; ``flux=True`` streams it (``lignes`` may then be a lazy iterator)."""
    texte = lignes_csv(entete, lignes, separateur=separateur, bom=bom, nul=nul)
    if flux:
        reponse = StreamingHttpResponse(texte, content_type="text/csv; charset=utf-8")
    else:
        reponse = HttpResponse("".join(texte), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}.csv"'
    return reponse


def reponse_xlsx(nom_fichier, entete, lignes, *, feuille="export", titre=None, nul=""):
    """An XLSX download named ``nom_fichier``.xlsx: one sheet, an optional title row, the header, the rows."""
    from openpyxl import Workbook

    classeur = Workbook(write_only=True)
    onglet = classeur.create_sheet(feuille[:31])
    if titre:
        onglet.append([cellule(titre)])
    onglet.append([cellule(v) for v in entete])
    for ligne in lignes:
        onglet.append([cellule(v, nul) for v in ligne])
    tampon = io.BytesIO()
    classeur.save(tampon)
    reponse = HttpResponse(tampon.getvalue(), content_type=TYPE_XLSX)
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}.xlsx"'
    return reponse
