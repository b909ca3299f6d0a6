"""CSV and XLSX of any dashboard table (the same ``Tableau`` the page shows, small cells already hidden), written by
the app's one export writer (``config.exports``): a hidden cell reads « secret », no cell runs as a formula."""

from config.exports import reponse_csv, reponse_xlsx
from config.secret_statistique import SECRET


def csv_reponse(tableau, nom_fichier):
    return reponse_csv(nom_fichier, tableau.colonnes, tableau.lignes, nul=SECRET)


def xlsx_reponse(tableau, nom_fichier):
    return reponse_xlsx(
        nom_fichier, tableau.colonnes, tableau.lignes, feuille=tableau.nom, titre=tableau.titre, nul=SECRET
    )
