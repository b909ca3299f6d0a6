"""CSV and XLSX of any dashboard table (the same ``Tableau`` the page shows, small cells already hidden)."""

import csv
import io

from django.http import HttpResponse


def _cellule(valeur):
    """CSV injection: a cell that a spreadsheet would run as a formula is prefixed with a quote."""
    if valeur is None:
        return "secret"
    if isinstance(valeur, int | float):
        return valeur
    texte = str(valeur)
    return "'" + texte if texte[:1] in ("=", "+", "-", "@", "\t", "\r") else texte


def csv_reponse(tableau, nom_fichier):
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";")
    ecrivain.writerow(tableau.colonnes)
    for ligne in tableau.lignes:
        ecrivain.writerow([_cellule(v) for v in ligne])
    reponse = HttpResponse("\ufeff" + tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}.csv"'
    return reponse


def xlsx_reponse(tableau, nom_fichier):
    from openpyxl import Workbook

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(tableau.nom[:31])
    feuille.append([tableau.titre])
    feuille.append(tableau.colonnes)
    for ligne in tableau.lignes:
        feuille.append([_cellule(v) for v in ligne])
    tampon = io.BytesIO()
    classeur.save(tampon)
    reponse = HttpResponse(
        tampon.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}.xlsx"'
    return reponse
