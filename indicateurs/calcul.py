"""The five charter indicators. Each function reads the network for one period and returns the value, the method in
words, its parameters, the counts of its inputs and a breakdown; ``calculer`` stores them as new snapshots.

Run inside the collectivité's tenant context (the worker's task sets it).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accueil.models import Orientation, Passage
from developpement.satisfaction import mesure_de_la_satisfaction
from reseau.enums import TypeAccueil, TypeStructure
from reseau.models import (
    CategorieRessource,
    Evenement,
    Inscription,
    LieuAccueil,
    NiveauEngagement,
    Ressource,
    Signature,
    Structure,
    TypeEvenement,
)
from territoire.couverture import CouverturePubliee, couverture_du_departement
from territoire.models import Sectorisation

from .enums import UNITES, Indicateur, Periodicite, StatutCalcul
from .models import Calcul, Cible, Instantane


@dataclass
class Resultat:
    valeur: float
    methode: str
    parametres: dict = field(default_factory=dict)
    entrees: dict = field(default_factory=dict)
    detail: dict = field(default_factory=dict)


def _pourcentage(n, total):
    return round(100.0 * n / total, 1) if total else 0.0


def _arrivee_apres(fin, structure="pk"):
    """The structure joined the network after ``fin``: engaged later, or, with no engagement date, its first
    signature of the charter is later. The network's sites and structures have no history of their own: these dates
    are what tells a past year's network from today's (docs/indicateurs.md §1)."""
    signatures = Signature.objects.filter(structure=OuterRef(structure))
    prefixe = "" if structure == "pk" else structure.removesuffix("_id") + "__"
    return Q(**{f"{prefixe}engagee_le__gt": fin}) | (
        Q(**{f"{prefixe}engagee_le__isnull": True})
        & Q(Exists(signatures))
        & ~Q(Exists(signatures.filter(signee_le__lte=fin)))
    )


def sites_de_premier_accueil(fin=None):
    """First-reception sites; with ``fin``, without those of structures that joined the network after it."""
    sites = LieuAccueil.objects.de_premier_accueil()
    if fin is not None:
        sites = sites.exclude(_arrivee_apres(fin, "structure_id"))
    return sites.select_related("commune")


def sites_ouverts_au_public(fin=None):
    """The first-reception sites an inhabitant can actually go to: with opening hours, of a structure engaged in the
    network (not merely identified) — with ``fin``, engaged by then. Indicator 2 and the public map use these."""
    sites = LieuAccueil.objects.ouverts_au_public()
    if fin is not None:
        sites = sites.filter(structure__in=structures_engagees(fin))
    return sites.select_related("commune")


def localisation_verifiee(lieu):
    """A site is placed on the map with a verified location: someone checked its point (``localisation_verifiee``,
    set by the network's staff or by a precise geocoding), not the commune's centre put by default."""
    return lieu.localisation_verifiee


def indicateur_localisation(collectivite, debut, fin):
    sites = list(sites_de_premier_accueil(fin))
    localises = [s for s in sites if localisation_verifiee(s)]
    avec_horaires = [s for s in sites if s.horaires]
    complets = [s for s in localises if s.horaires]
    manquants = [
        {"nom": s.nom, "localisation": s in localises, "horaires": bool(s.horaires)} for s in sites if s not in complets
    ]
    return Resultat(
        valeur=_pourcentage(len(complets), len(sites)),
        methode="Part des lieux de premier accueil du réseau placés sur la carte avec une localisation vérifiée "
        "et des horaires d'ouverture renseignés.",
        parametres={"type_accueil": TypeAccueil.PREMIER_ACCUEIL.value},
        entrees={"lieux": len(sites), "localises": len(localises), "avec_horaires": len(avec_horaires)},
        detail={"a_completer": manquants[:200]},
    )


def couverture_du_territoire(collectivite, sites=None, parametres=None, obtenir=None):
    """The ``Couverture`` of the collectivité's communes by its first-reception sites open to the public (the
    collectivité's travel-time model, ``territoire.couverture``), the communes' rows and the sites."""
    sites = list(sites_ouverts_au_public()) if sites is None else sites
    resultat, communes = couverture_du_departement(collectivite.departement_id, sites, parametres, obtenir)
    return resultat, communes, sites


def indicateur_couverture(collectivite, debut, fin):
    resultat, communes, sites = couverture_du_territoire(collectivite, list(sites_ouverts_au_public(fin)))
    minutes = {}
    for (code, *_), m, j, couverte in zip(
        communes, resultat.minutes, resultat.plus_proche, resultat.couverts, strict=True
    ):
        # the covered flag is decided before rounding: 29.96 min is covered even if shown as 30.0
        minutes[code] = [round(float(m), 1) if m != float("inf") else None, int(j), bool(couverte)]
    non_couvertes = [
        {
            "code": communes[i][0],
            "nom": communes[i][1],
            "population": communes[i][2],
            "minutes": None if resultat.minutes[i] == float("inf") else round(float(resultat.minutes[i]), 1),
        }
        for i in resultat.non_couvertes()
    ]
    return Resultat(
        valeur=round(resultat.taux, 1),
        methode=(
            "Pour chaque commune du département (population municipale du COG), temps de trajet depuis son point "
            "(centre de la commune) jusqu'au lieu de premier accueil le plus proche ouvert au public (horaires "
            "renseignés, structure engagée dans le réseau) : distance à vol d'oiseau × "
            "facteur de détour ÷ vitesse moyenne (ou temps routier du serveur OSRM de la collectivité). "
            "Population couverte (moins du seuil) ÷ population totale."
        ),
        parametres=resultat.parametres,
        entrees={
            "communes": len(communes),
            "lieux": len(sites),
            "population_totale": resultat.population_totale,
            "population_couverte": resultat.population_couverte,
        },
        detail={
            "non_couvertes": non_couvertes,
            "lieux": [s.nom for s in sites],
            # per commune: [minutes, index of the nearest site in "lieux"]; the coverage map reads it
            "minutes": minutes,
        },
    )


def couverture_publiee():
    """Indicator 2's latest snapshot, as the coverage the map shows (registered with ``territoire.couverture`` in
    ``IndicateursConfig.ready``): the map never recomputes it, so the map and the indicator give the same figures."""
    instantane = (
        Instantane.objects.filter(indicateur=Indicateur.COUVERTURE).order_by("-fin", "-calcule_le", "-pk").first()
    )
    if instantane is None:
        return None
    seuil = instantane.parametres.get("seuil_minutes", 30)
    noms_lieux = instantane.detail.get("lieux", [])
    communes = {}
    for code, (m, j, *drapeau) in instantane.detail.get("minutes", {}).items():
        # snapshots before the covered flag: decided on the rounded minutes
        couverte = drapeau[0] if drapeau else (None if m is None else m < seuil)
        communes[code] = (m, noms_lieux[j] if 0 <= j < len(noms_lieux) else "", couverte)
    return CouverturePubliee(
        calculee_le=instantane.calcule_le,
        taux=instantane.valeur,
        parametres=instantane.parametres,
        population_couverte=instantane.entrees.get("population_couverte", 0),
        population_totale=instantane.entrees.get("population_totale", 0),
        communes=communes,
    )


def _ressources(debut, fin):
    """The network's shared resources (documents, regulatory reminders, liaison-form models, software) existing at
    the end of the period, by category. Who read them is not recorded: no count of professionals."""
    libelles = dict(CategorieRessource.choices)
    return [
        {
            "outil": f"ressource:{r['categorie']}",
            "libelle": str(libelles.get(r["categorie"], r["categorie"])),
            "nombre": r["n"],
            "professionnels": None,
        }
        for r in Ressource.objects.filter(creee_le__date__lte=fin)
        .values("categorie")
        .annotate(n=Count("id"))
        .order_by("categorie")
    ]


def indicateur_outils(collectivite, debut, fin):
    outils = []
    beneficiaires = set()
    evenements = Evenement.objects.filter(date__date__gte=debut, date__date__lte=fin)
    for type_ in TypeEvenement:
        du_type = evenements.filter(type=type_)
        presents = set(
            Inscription.objects.filter(evenement__in=du_type, present=True).values_list("utilisateur_id", flat=True)
        )
        beneficiaires |= presents
        outils.append(
            {"outil": type_.value, "libelle": type_.label, "nombre": du_type.count(), "professionnels": len(presents)}
        )
    outils.extend(_ressources(debut, fin))
    orientations = Orientation.objects.filter(emise_le__date__gte=debut, emise_le__date__lte=fin)
    emetteurs = set(orientations.values_list("emise_par_id", flat=True).distinct())
    beneficiaires |= emetteurs
    outils.append(
        {
            "outil": "fiche_liaison",
            "libelle": "Fiches de liaison (orientations)",
            "nombre": orientations.count(),
            "professionnels": len(emetteurs),
        }
    )
    agents = set(
        Passage.objects.filter(date_heure__date__gte=debut, date_heure__date__lte=fin)
        .values_list("agent_id", flat=True)
        .distinct()
    )
    beneficiaires |= agents
    outils.append(
        {"outil": "logiciel", "libelle": "Logiciel partagé (Relais)", "nombre": 1, "professionnels": len(agents)}
    )
    return Resultat(
        valeur=len(beneficiaires),
        methode="Outils mis en place sur la période (formations, immersions, rencontres, conférences, ressources, "
        "fiches de liaison, logiciel partagé) et nombre de professionnels distincts qui en ont bénéficié "
        "(présents aux événements, émetteurs de fiches de liaison, utilisateurs du logiciel).",
        parametres={"debut": debut.isoformat(), "fin": fin.isoformat()},
        entrees={"evenements": evenements.count(), "outils": len(outils), "professionnels": len(beneficiaires)},
        detail={"outils": outils},
    )


def structures_engagees(fin):
    """Structures engaged in the network at ``fin``: mobilised, signatory or active today, and not arrived later
    (``_arrivee_apres``)."""
    return Structure.objects.exclude(niveau_engagement=NiveauEngagement.IDENTIFIEE).exclude(_arrivee_apres(fin))


def indicateur_structures(collectivite, debut, fin):
    engagees = structures_engagees(fin)
    par_type = {
        TypeStructure(r["type"]).label: r["n"]
        for r in engagees.values("type").annotate(n=Count("id")).order_by("-n", "type")
    }
    par_niveau = {
        NiveauEngagement(r["niveau_engagement"]).label: r["n"]
        for r in engagees.values("niveau_engagement").annotate(n=Count("id")).order_by("niveau_engagement")
    }
    tis_par_commune = dict(Sectorisation.objects.values_list("commune_id", "tis__nom"))
    par_territoire = {}
    for commune_id in engagees.values_list("commune_id", flat=True):
        nom = tis_par_commune.get(commune_id, "Hors sectorisation")
        par_territoire[nom] = par_territoire.get(nom, 0) + 1
    total = engagees.count()
    return Resultat(
        valeur=total,
        methode="Recensement du réseau : structures mobilisées, signataires de la charte ou actives à la fin de la "
        "période, par type et par territoire d'intervention sociale (sectorisation de leur commune).",
        parametres={"niveaux": [n.value for n in NiveauEngagement if n != NiveauEngagement.IDENTIFIEE]},
        entrees={"structures": Structure.objects.count(), "engagees": total},
        detail={
            "par_type": par_type,
            "par_niveau": par_niveau,
            "par_territoire": dict(sorted(par_territoire.items(), key=lambda x: (-x[1], x[0]))),
        },
    )


def indicateur_satisfaction(collectivite, debut, fin):
    # measured from the questionnaires, or a declared method (developpement/satisfaction.py, docs/developpement.md §6)
    return Resultat(**mesure_de_la_satisfaction(structures_engagees(fin), debut, fin))


CALCULS = {
    Indicateur.LOCALISATION: indicateur_localisation,
    Indicateur.COUVERTURE: indicateur_couverture,
    Indicateur.OUTILS: indicateur_outils,
    Indicateur.STRUCTURES: indicateur_structures,
    Indicateur.SATISFACTION: indicateur_satisfaction,
}


def periode_annuelle(annee):
    return date(annee, 1, 1), date(annee, 12, 31)


def periode_mensuelle(annee, mois):
    debut = date(annee, mois, 1)
    suivant = date(annee + (mois == 12), mois % 12 + 1, 1)
    return debut, suivant - timezone.timedelta(days=1)


def calculer(collectivite, debut, fin, periodicite=Periodicite.A_LA_DEMANDE, calcul=None, maintenant=None):
    """Compute the five indicators for the period and add one snapshot each (never update an existing one).

    The progress of ``calcul`` is written after each indicator (outside any transaction, so the page sees it); the
    snapshots are written together at the end, once: a run killed mid-way and started again leaves one set.
    """
    maintenant = maintenant or timezone.now()
    if calcul is not None:
        if Instantane.objects.filter(calcul_id=calcul.pk).exists():  # delivered twice: already done
            Calcul.objects.filter(pk=calcul.pk).update(statut=StatutCalcul.TERMINE, etapes_faites=len(CALCULS))
            return list(Instantane.objects.filter(calcul_id=calcul.pk))
        Calcul.objects.filter(pk=calcul.pk).exclude(statut=StatutCalcul.TERMINE).update(
            statut=StatutCalcul.EN_COURS, etapes_faites=0
        )
    resultats = {}
    for n, (indicateur, fonction) in enumerate(CALCULS.items(), start=1):
        resultats[indicateur] = fonction(collectivite, debut, fin)
        if calcul is not None:
            Calcul.objects.filter(pk=calcul.pk).update(etapes_faites=n)
    with transaction.atomic():
        if calcul is not None:
            calcul = Calcul.objects.select_for_update().get(pk=calcul.pk)
            if calcul.instantanes.exists():  # a concurrent run finished first
                Calcul.objects.filter(pk=calcul.pk).update(statut=StatutCalcul.TERMINE, etapes_faites=len(CALCULS))
                return list(calcul.instantanes.all())
        cibles = {c.indicateur: c for c in Cible.objects.filter(annee=fin.year)}
        instantanes = []
        for indicateur, r in resultats.items():
            cible = cibles.get(indicateur)
            instantanes.append(
                Instantane.objects.create(
                    collectivite=collectivite,
                    indicateur=indicateur,
                    periodicite=periodicite,
                    debut=debut,
                    fin=fin,
                    valeur=r.valeur,
                    unite=UNITES[indicateur],
                    cible=cible.valeur if cible else None,
                    cible_libelle=cible.libelle if cible else "",
                    methode=r.methode,
                    parametres=r.parametres,
                    entrees=r.entrees,
                    detail=r.detail,
                    calcule_le=maintenant,
                    calcul=calcul,
                )
            )
        if calcul is not None:
            Calcul.objects.filter(pk=calcul.pk).update(statut=StatutCalcul.TERMINE, termine_le=timezone.now())
    return instantanes
