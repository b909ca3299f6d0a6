"""Each indicator's method and figures written as sentences a funder reads (docs/indicateurs.md §2): built from a
snapshot's stored parameters and input counts, so that a snapshot computed years ago reads the same way. Counts are
whole numbers, percentages carry one decimal at most, units are written out."""

from collectivites import noms
from config.graphiques import nombre

from .enums import Indicateur


def pourcentage(v):
    """« 78,9 % », « 100 % »: one decimal at most, French comma."""
    return f"{nombre(round(float(v), 1))} %"


def entier(v):
    return nombre(round(v or 0))


def compte(n, singulier, pluriel=None):
    """« 1 structure », « 17 structures », « 0 structure »."""
    n = round(n or 0)
    return f"{entier(n)} {noms.pluriel(n, singulier, pluriel or singulier + 's')}"


def valeur_lisible(valeur, unite):
    """An indicator's value as the reader sees it: « 78,9 % », « 8 professionnels »."""
    if valeur is None:
        return "non calculé"
    if unite == "%":
        return pourcentage(valeur)
    return compte(valeur, unite.removesuffix("s"), unite)


def _virgule(v):
    return nombre(round(float(v), 2)) if float(v) != int(v) else entier(v)


def _couverture(i):
    p, e = i.parametres, i.entrees
    seuil = entier(p.get("seuil_minutes", 30))
    if p.get("methode") == "osrm_table":
        estimation = "le temps par la route donné par le serveur d'itinéraires de la collectivité (OSRM)"
    else:
        detour = float(p.get("detour", 1.3))
        estimation = (
            f"la distance à vol d'oiseau, allongée de {entier((detour - 1) * 100)} % pour suivre les routes (facteur "
            f"{_virgule(detour)}), parcourue à {_virgule(p.get('vitesse_kmh', 50))} km/h de moyenne"
        )
    lieux = compte(e.get("lieux"), "lieu", "lieux")
    return [
        f"Pour chacune des {compte(e.get('communes'), 'commune')} du département, on estime le temps de trajet depuis "
        f"le centre de la commune jusqu'au plus proche des {lieux} de premier accueil ouverts au public (horaires "
        f"connus, structure engagée dans le réseau à la fin de la période) : {estimation}.",
        f"Une commune est couverte quand ce trajet dure moins de {seuil} minutes. "
        f"{entier(e.get('population_couverte'))} habitant{noms.pluriel(e.get('population_couverte') or 0)} sur "
        f"{entier(e.get('population_totale'))} "
        f"(population municipale du recensement) vivent dans une commune couverte, soit {pourcentage(i.valeur)}.",
    ]


def _localisation(i):
    e = i.entrees
    return [
        f"Sur {compte(e.get('lieux'), 'lieu', 'lieux')} de premier accueil du réseau à la fin de la période : "
        f"{compte(e.get('localises'), 'placé', 'placés')} sur la carte à un emplacement vérifié (et non au centre de "
        f"sa commune), {compte(e.get('avec_horaires'), 'avec ses', 'avec leurs')} horaires d'ouverture renseignés.",
        f"L'indicateur est la part des lieux qui ont les deux : {pourcentage(i.valeur)}.",
    ]


def _outils(i):
    e = i.entrees
    outils = compte(e.get("outils"), "type d'outil", "types d'outils")
    return [
        f"Du {i.debut:%d/%m/%Y} au {i.fin:%d/%m/%Y}, le réseau a mis en place "
        f"{outils} (formations, immersions, rencontres, "
        f"conférences, ressources partagées, fiches de liaison, logiciel commun), dont "
        f"{compte(e.get('evenements'), 'événement')}.",
        f"{compte(i.valeur, 'professionnel distinct', 'professionnels distincts')} "
        f"{noms.pluriel(round(i.valeur), 'en a', 'en ont')} bénéficié : présents à un "
        "événement, auteurs d'une fiche de liaison ou utilisateurs du logiciel, chacun compté une seule fois.",
    ]


def _structures(i):
    e = i.entrees
    engagees = compte(i.valeur, "structure engagée", "structures engagées")
    recensees = compte(e.get("structures"), "structure recensée", "structures recensées")
    return [
        f"Le recensement du réseau compte, au {i.fin:%d/%m/%Y}, {engagees} (mobilisées, signataires de la charte ou "
        f"actives) sur {recensees}.",
        "Une structure compte à partir de la date de son engagement ou, à défaut, de sa première signature de la "
        "charte ; elles sont détaillées par type et par territoire d'intervention sociale.",
    ]


def _satisfaction(i):
    e = i.entrees
    mesurent = round(e.get("mesurent") or 0)
    return [
        f"Parmi les {compte(e.get('engagees'), 'structure engagée', 'structures engagées')} dans le réseau au "
        f"{i.fin:%d/%m/%Y}, {entier(mesurent)} {noms.pluriel(mesurent, 'a', 'ont')} mis en place une mesure de la "
        f"satisfaction des usagers (déclarée au recensement), soit {pourcentage(i.valeur)}.",
    ]


PHRASES = {
    Indicateur.COUVERTURE: _couverture,
    Indicateur.LOCALISATION: _localisation,
    Indicateur.OUTILS: _outils,
    Indicateur.STRUCTURES: _structures,
    Indicateur.SATISFACTION: _satisfaction,
}


def methode_en_phrases(instantane):
    """The sentences explaining one snapshot (its stored method text when the indicator is unknown)."""
    fonction = PHRASES.get(instantane.indicateur)
    return fonction(instantane) if fonction else [instantane.methode]


def ecart(valeur, reference, unite):
    """« +3,2 points », « −2 structures », « stable »."""
    d = round(valeur - reference, 1) if unite == "%" else round(valeur) - round(reference)
    if d == 0:
        return "stable"
    signe = "+" if d > 0 else "−"
    if unite == "%":
        return f"{signe}{nombre(abs(d))} point{noms.pluriel(d)}"
    return f"{signe}{compte(abs(d), unite.removesuffix('s'), unite)}"


def synthese(annee, cette_annee, l_an_dernier):
    """The summary's rows, one per indicator: this year's value against its target, last year's, what moved.
    ``cette_annee`` and ``l_an_dernier``: snapshots by indicator (``Instantane.valeurs_de_l_annee``)."""
    from .enums import UNITES

    lignes, bouge, en_retard = [], [], []
    for ind in Indicateur:
        unite = UNITES[ind]
        i, avant = cette_annee.get(ind.value), l_an_dernier.get(ind.value)
        valeur = None if i is None else i.valeur
        cible = None if i is None else i.cible
        evolution = "—" if valeur is None or avant is None else ecart(valeur, avant.valeur, unite)
        if valeur is None:
            etat = "non calculé"
        elif cible is None:
            etat = f"cible non chiffrée : {i.cible_libelle}" if i.cible_libelle else "sans cible"
        elif valeur >= cible:
            etat = "cible atteinte"
        else:
            etat = f"en retard : {ecart(cible, valeur, unite).lstrip('+')} sous la cible"
            en_retard.append(
                f"{ind.label} : {valeur_lisible(valeur, unite)} pour une cible de {valeur_lisible(cible, unite)}."
            )
        if evolution not in ("—", "stable"):
            bouge.append(
                f"{ind.label} : {valeur_lisible(avant.valeur, unite)} en {annee - 1}, {valeur_lisible(valeur, unite)} "
                f"en {annee} ({evolution})."
            )
        lignes.append(
            {
                "libelle": ind.label,
                "valeur": valeur_lisible(valeur, unite),
                # the figure and its unit apart, for a card where the figure is printed large
                "chiffre": valeur_lisible(valeur, unite) if valeur is None or unite == "%" else entier(valeur),
                "unite": "" if valeur is None or unite == "%" else valeur_lisible(valeur, unite).split(" ", 1)[1],
                "cible": "—" if cible is None else valeur_lisible(cible, unite),
                "avant": "—" if avant is None else valeur_lisible(avant.valeur, unite),
                "evolution": evolution,
                "etat": etat,
                "en_retard": etat.startswith("en retard"),
            }
        )
    return {"lignes": lignes, "bouge": bouge, "en_retard": en_retard}
