"""The navigation per role: a page a role may not use is not shown (and answers 403)."""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from accueil.access import orientations_a_repondre
from aides.access import accueille_des_heures
from developpement.access import peut_gerer_questionnaires
from diagnostic.access import peut_voir_diagnostics
from indicateurs.access import peut_voir_tableau
from ingenierie.access import instruit_les_demandes

from .access import participe_au_droit_d_acces

ENTREES = [
    ("Accueil", "portail:accueil", None),
    ("Guichet", "accueil:guichet", "accueillir"),
    ("Passages", "accueil:passages", "accueillir"),
    ("Personnes", "usagers:recherche", "accueillir"),
    ("Mes accompagnements", "accompagnement:mes_accompagnements", "accompagner"),
    ("Équipe", "accompagnement:equipe", "encadrer"),
    ("Aides facultatives", "aides:index", "accompagner"),
    ("Heures de contrepartie", "aides:contreparties", accueille_des_heures),
    ("Orientations", "accueil:orientations", "repondre_orientations"),
    ("Droit d'accès", "portail:droit_acces", participe_au_droit_d_acces),
    ("Ingénierie", "ingenierie:tableau", instruit_les_demandes),
    ("Développement social", "developpement:questionnaires", peut_gerer_questionnaires),
    ("Diagnostics de territoire", "diagnostic:liste", peut_voir_diagnostics),
    ("Structures du réseau", "reseau:structures", "voir_reseau"),
    ("Lieux d'accueil", "reseau:lieux", "voir_reseau"),
    ("Charte", "reseau:charte", "voir_reseau"),
    ("Événements", "reseau:evenements", "voir_reseau"),
    ("Ressources", "reseau:ressources", "voir_reseau"),
    ("Recensement", "reseau:recensement", "animer_reseau"),
    ("Tableau de bord", "indicateurs:tableau_de_bord", peut_voir_tableau),
    ("Carte", "cartographie:carte", "voir_reseau"),
    ("Sectorisation", "territoire:sectorisation", "voir_sectorisation"),
    ("Membres", "reseau:membres", "gerer_membres"),
    ("Paramètres", "portail:parametres", "gerer_collectivite"),
    ("Motifs", "accueil:motifs", "gerer_collectivite"),
    ("Réponses apportées", "accueil:reponses", "gerer_collectivite"),
    ("Types d'accompagnement", "accompagnement:types", "gerer_collectivite"),
]


# Entries that show a count of what waits for the user (docs/accueil.md §4): one COUNT query per request.
COMPTES = {"accueil:orientations": orientations_a_repondre}


def compte(user, nom):
    """The count beside the entry ``nom``, cached on the request's user object (one query per request at most)."""
    caches = user.__dict__.setdefault("_comptes_navigation", {})
    if nom not in caches:
        caches[nom] = COMPTES[nom](user).order_by().count()
    return caches[nom]


_URLS = {}  # (script prefix, URLconf, name) -> path, per process: the routes of the menu do not change


def _url(nom):
    """``reverse(nom)``, computed once per process: the menu of every page reversed about twenty names, ~0.7 ms of
    the desk's form (docs/performance.md §5)."""
    cle = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, nom)
    if (url := _URLS.get(cle)) is None:
        url = _URLS[cle] = reverse(nom)
    return url


def entrees_pour(user):
    entrees = []
    for libelle, nom, permission in ENTREES:
        if permission is None or (permission(user) if callable(permission) else user.peut(permission)):
            entree = {"libelle": libelle, "url": _url(nom)}
            if nom in COMPTES and (n := compte(user, nom)):
                entree["compte"] = n
            entrees.append(entree)
    return entrees
