"""The demo network: the Lot (46) from the seed 004 and a smaller Manche (50) from the seed 000.

Built on the real COG communes; sites sit on their commune's point. Idempotent: a collectivité that already exists
is left as it is.
"""

import hashlib
import math
from dataclasses import dataclass

from django.db import connection, transaction

from collectivites.models import Collectivite
from collectivites.noms import forme
from collectivites.tenancy import tenant_context
from comptes import second_facteur
from comptes.demonstration import MOT_DE_PASSE_DEMO
from comptes.models import Utilisateur
from comptes.roles import Role
from reseau.enums import TypeAccueil, TypeStructure
from reseau.models import LieuAccueil, Membre, Structure
from territoire.distances import distance_km
from territoire.models import (
    Commune,
    Departement,
    Sectorisation,
    TerritoireActionSociale,
    TerritoireInterventionSociale,
)

from . import activite, aides, developpement, indicateurs, ingenierie, telephones
from . import diagnostic as diagnostic_demo


def secret_totp_demo(email):
    """The TOTP secret of a demo account (docs/securite.md §16): derived from its e-mail, printed by ``make demo``
    and listed in the README, so anyone can add it to an authenticator app. Demo accounts only."""
    return hashlib.sha256(f"relais-demo-totp:{email}".encode()).digest()[:20]


@dataclass
class Pole:
    nom: str
    tas: str
    commune: str  # INSEE code of the seat
    telephone: str = ""


LOT_POLES = [
    Pole("MSD de Cahors", "TAS Sud-Lot", "46042", "05 65 53 40 00"),
    Pole("MSD de Puy-l'Évêque", "TAS Sud-Lot", "46231"),
    Pole("MSD de Castelnau-Montratier", "TAS Sud-Lot", "46063"),
    Pole("MSD de Figeac", "TAS Nord-Lot", "46102"),
    Pole("MSD de Saint-Céré", "TAS Nord-Lot", "46251"),
    Pole("MSD de Gourdon", "TAS Nord-Lot", "46127"),
    Pole("MSD de Souillac", "TAS Nord-Lot", "46309"),
    Pole("MSD de Gramat", "TAS Nord-Lot", "46128"),
]

MANCHE_POLES = [
    Pole("Pôle d'action sociale de Cherbourg-Hague", "Nord-Cotentin", "50129", "02 33 10 01 53"),
    Pole("Pôle d'action sociale de Cherbourg-Val de Saire", "Nord-Cotentin", "50129", "02 33 88 77 20"),
    Pole("Pôle d'action sociale de Valognes", "Nord-Cotentin", "50615", "02 33 21 74 18"),
    Pole("Pôle d'action sociale de Carentan-les-Marais", "Centre-Manche", "50099", "02 33 71 63 64"),
    Pole("Pôle d'action sociale de Saint-Lô", "Centre-Manche", "50502", "02 33 77 28 35"),
    Pole("Pôle d'action sociale de Coutances", "Centre-Manche", "50147", "02 33 10 01 50"),
    Pole("Pôle d'action sociale de Granville", "Sud-Manche", "50218", "02 33 91 14 10"),
    Pole("Pôle d'action sociale d'Avranches", "Sud-Manche", "50025", "02 33 89 27 67"),
    Pole("Pôle d'action sociale de Saint-Hilaire-du-Harcouët", "Sud-Manche", "50484", "02 33 69 28 14"),
]

# (name, type, commune INSEE, reception kind or None, parent name)
LOT_PARTENAIRES = [
    ("CCAS de Cahors", TypeStructure.CCAS_CIAS, "46042", TypeAccueil.ACCUEIL_SOCIAL, None),
    ("CCAS de Figeac", TypeStructure.CCAS_CIAS, "46102", TypeAccueil.ACCUEIL_SOCIAL, None),
    ("CCAS de Souillac", TypeStructure.CCAS_CIAS, "46309", TypeAccueil.ACCUEIL_SOCIAL, None),
    ("CCAS de Gramat", TypeStructure.CCAS_CIAS, "46128", TypeAccueil.ACCUEIL_SOCIAL, None),
    ("CIAS Cauvaldor (Biars-sur-Cère)", TypeStructure.CCAS_CIAS, "46029", TypeAccueil.ACCUEIL_SOCIAL, None),
    ("France Services de Gourdon", TypeStructure.FRANCE_SERVICE, "46127", TypeAccueil.PREMIER_ACCUEIL, None),
    (
        "France Services de Lacapelle-Marival",
        TypeStructure.FRANCE_SERVICE,
        "46143",
        TypeAccueil.PREMIER_ACCUEIL,
        None,
    ),
    ("France Services de Cajarc", TypeStructure.FRANCE_SERVICE, "46045", TypeAccueil.PREMIER_ACCUEIL, None),
    (
        "France Services de Cœur de Causse",
        TypeStructure.FRANCE_SERVICE,
        "46138",
        TypeAccueil.PREMIER_ACCUEIL,
        None,
    ),
    ("France Services de Martel", TypeStructure.FRANCE_SERVICE, "46185", TypeAccueil.PREMIER_ACCUEIL, None),
    (
        "France Services de Latronquière",
        TypeStructure.FRANCE_SERVICE,
        "46160",
        TypeAccueil.PREMIER_ACCUEIL,
        None,
    ),
    (
        "France Services itinérante du Ségala",
        TypeStructure.FRANCE_SERVICE,
        "46251",
        TypeAccueil.ITINERANT,
        None,
    ),
    ("CAF du Lot", TypeStructure.CAF, "46042", TypeAccueil.ACCUEIL_SOCIAL, None),
    ("CPAM du Lot", TypeStructure.CPAM, "46042", TypeAccueil.ACCUEIL_SOCIAL, None),
    ("MSA Midi-Pyrénées Nord", TypeStructure.MSA, "46042", TypeAccueil.PERMANENCE, None),
    ("France Travail Cahors", TypeStructure.FRANCE_TRAVAIL, "46042", TypeAccueil.ACCUEIL_SOCIAL, None),
    ("France Travail Figeac", TypeStructure.FRANCE_TRAVAIL, "46102", TypeAccueil.ACCUEIL_SOCIAL, None),
    ("Mission locale du Lot", TypeStructure.MISSION_LOCALE, "46042", TypeAccueil.ACCUEIL_SOCIAL, None),
    (
        "Mission locale du Lot — antenne de Figeac",
        TypeStructure.MISSION_LOCALE,
        "46102",
        TypeAccueil.PERMANENCE,
        "Mission locale du Lot",
    ),
    ("Secours populaire du Lot", TypeStructure.ASSOCIATION, "46042", TypeAccueil.PERMANENCE, None),
]

MANCHE_PARTENAIRES = [
    ("CCAS de Saint-Lô", TypeStructure.CCAS_CIAS, "50502", TypeAccueil.ACCUEIL_SOCIAL, None),
    ("CCAS de Cherbourg-en-Cotentin", TypeStructure.CCAS_CIAS, "50129", TypeAccueil.ACCUEIL_SOCIAL, None),
    (
        "France Services de Villedieu-les-Poêles",
        TypeStructure.FRANCE_SERVICE,
        "50639",
        TypeAccueil.PREMIER_ACCUEIL,
        None,
    ),
    ("CAF de la Manche", TypeStructure.CAF, "50502", TypeAccueil.ACCUEIL_SOCIAL, None),
]

# (role, first name, last name, local part); the partner belongs to the first partner structure.
CAST = [
    (Role.ACCUEIL, "Alice", "Martin", "accueil"),
    (Role.TRAVAILLEUR_SOCIAL, "Bruno", "Garcia", "travailleur-social"),
    (Role.ENCADRANT, "Claire", "Roux", "encadrant"),
    (Role.CHEF_DE_PROJET, "David", "Fabre", "chef-de-projet"),
    (Role.PARTENAIRE, "Emma", "Lacoste", "partenaire"),
    (Role.ADMINISTRATEUR, "Fanny", "Delmas", "administrateur"),
    (Role.PROTECTION_ENFANCE, "Hélène", "Bousquet", "protection-enfance"),
    # a social worker of the first partner structure (CCAS), to show a groupe de suivi across structures
    (Role.TRAVAILLEUR_SOCIAL, "Chloé", "Vidal", "travailleur-social-ccas"),
]


@dataclass
class Reseau:
    slug: str
    nom: str
    departement: str
    couleur_principale: str
    couleur_secondaire: str
    departement_structure: str
    poles: list
    partenaires: list
    sites_supplementaires: int  # additional permanences of the Département, in the most populated communes
    passages_par_jour: int = 40


RESEAUX = [
    Reseau(
        "lot",
        "Département du Lot",
        "46",
        "#1d5b79",
        "#e9b44c",
        "Département du Lot — Solidarités",
        LOT_POLES,
        LOT_PARTENAIRES,
        37,
    ),
    Reseau(
        "manche",
        "Département de la Manche",
        "50",
        "#2d6a4f",
        "#95d5b2",
        "Département de la Manche — Direction de l'accompagnement social de proximité",
        MANCHE_POLES,
        MANCHE_PARTENAIRES,
        6,
        25,
    ),
]


def logins(reseau):
    return [(role, f"{local}@{reseau.slug}.demo.fr") for role, _, _, local in CAST]


def construire(reseau, log=print):
    """Build one demo collectivité; returns it. Leaves an existing one untouched."""
    existante = Collectivite.objects.filter(slug=reseau.slug).first()
    if existante:
        log(f"{reseau.nom} existe déjà : inchangée.")
        return existante
    departement = Departement.objects.get(code=reseau.departement)
    communes = list(Commune.objects.du_departement(departement))
    if not communes:
        raise ValueError(f"Aucune commune du département {reseau.departement} : importez d'abord le COG.")
    par_code = {c.code: c for c in communes}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # a batch build, not a request: its bulk inserts of a year of passages, and the triggers that mark the
            # days written to (docs/performance.md §14), may outlast a request's statement timeout (docs/securite.md
            # §29) on a loaded machine — lifted for this transaction only
            with connection.cursor() as curseur:
                curseur.execute("SET LOCAL statement_timeout = 0")
        collectivite = Collectivite.objects.create(
            nom=reseau.nom,
            slug=reseau.slug,
            departement=departement,
            couleur_principale=reseau.couleur_principale,
            couleur_secondaire=reseau.couleur_secondaire,
        )
        with tenant_context(collectivite):
            _organisation(collectivite, reseau, communes, par_code)
            _reseau(collectivite, reseau, communes, par_code)
            _utilisateurs(collectivite, reseau)
            n = activite.generer(
                collectivite, passages_par_jour=reseau.passages_par_jour, graine=int(reseau.departement)
            )
            log(f"  {n} passages sur un an.")
            activite.generer_reseau(collectivite, graine=int(reseau.departement))
            telephones.generer(collectivite)
            activite.generer_evenements(collectivite, graine=int(reseau.departement))
            activite.generer_services_et_ressources(collectivite, graine=int(reseau.departement))
            m = activite.generer_accompagnements(collectivite, graine=int(reseau.departement))
            log(f"  {m} accompagnements.")
            # the Lot gets every state and level and one note; the Manche a few requests, no note (faster)
            d = ingenierie.generer(collectivite, nombre=None if reseau.slug == "lot" else 4, log=log)
            log(f"  {d} demandes d'ingénierie.")
            log(f"  {aides.generer(collectivite, graine=int(reseau.departement))} demandes d'aides facultatives.")
            log(f"  {developpement.generer(collectivite, graine=int(reseau.departement))} réponses aux questionnaires.")
            k = indicateurs.generer(collectivite)
            log(f"  indicateurs de la charte calculés, {k} cellules de statistiques.")
            # the diagnostic social de territoire of the Gourdon area (docs/diagnostic.md §8): reads the rollups
            if diagnostic_demo.generer(collectivite, graine=int(reseau.departement)):
                log("  un diagnostic social de territoire partagé (pays de Gourdon).")
            log(
                f"Réseau {forme(collectivite).de} construit : {len(communes)} communes, "
                f"{Structure.objects.count()} structures, "
                f"{LieuAccueil.objects.count()} lieux d'accueil."
            )
    return collectivite


def _organisation(collectivite, reseau, communes, par_code):
    tas = {}
    tis = []
    for pole in reseau.poles:
        if pole.tas not in tas:
            tas[pole.tas] = TerritoireActionSociale.objects.create(collectivite=collectivite, nom=pole.tas)
        tis.append(
            TerritoireInterventionSociale.objects.create(
                collectivite=collectivite, nom=pole.nom, tas=tas[pole.tas], telephone=pole.telephone
            )
        )
    sieges = [(t, par_code[p.commune]) for t, p in zip(tis, reseau.poles, strict=True)]
    lignes = []
    for commune in communes:
        # Each commune goes to the nearest seat; two pôles sharing a seat split its area west / east.
        meilleur = min(
            sieges,
            key=lambda s: (
                round(distance_km(commune.latitude, commune.longitude, s[1].latitude, s[1].longitude), 1),
                0 if ("Hague" in s[0].nom) == (commune.longitude < s[1].longitude) else 1,
            ),
        )
        lignes.append(Sectorisation(collectivite=collectivite, tis=meilleur[0], commune=commune))
    Sectorisation.objects.bulk_create(lignes)


def _decalage(i):
    """A few hundred metres off the commune's point, so that sites of one town do not overlap on the map."""
    return 0.002 * math.cos(i * 2.4), 0.003 * math.sin(i * 2.4)


def _reseau(collectivite, reseau, communes, par_code):
    tis_par_commune = dict(Sectorisation.objects.values_list("commune_id", "tis_id"))
    departement = Structure.objects.create(
        collectivite=collectivite,
        nom=reseau.departement_structure,
        type=TypeStructure.DEPARTEMENT,
        commune=par_code[reseau.poles[0].commune],
    )
    i = 0
    villes_sieges = set()
    for pole in reseau.poles:
        c = par_code[pole.commune]
        dlat, dlon = _decalage(i)
        i += 1
        villes_sieges.add(c.code)
        LieuAccueil.objects.create(
            collectivite=collectivite,
            nom=pole.nom,
            structure=departement,
            type_accueil=TypeAccueil.PREMIER_ACCUEIL,
            adresse="Accueil du public",
            commune=c,
            latitude=c.latitude + dlat,
            longitude=c.longitude + dlon,
            tis_id=tis_par_commune.get(c.code),
        )
    autres = [c for c in sorted(communes, key=lambda c: -c.population) if c.code not in villes_sieges]
    for n, c in enumerate(autres[: reseau.sites_supplementaires]):
        dlat, dlon = _decalage(i)
        i += 1
        LieuAccueil.objects.create(
            collectivite=collectivite,
            nom=f"Permanence sociale {forme(c).de}",
            structure=departement,
            type_accueil=TypeAccueil.PREMIER_ACCUEIL if n % 3 else TypeAccueil.PERMANENCE,
            adresse="Mairie",
            commune=c,
            latitude=c.latitude + dlat,
            longitude=c.longitude + dlon,
            tis_id=tis_par_commune.get(c.code),
            sans_rendez_vous=bool(n % 2),
        )
    structures = {}
    for nom, type_, code, accueil, parent in reseau.partenaires:
        c = par_code[code]
        s = Structure.objects.create(
            collectivite=collectivite,
            nom=nom,
            type=type_,
            commune=c,
            latitude=c.latitude,
            longitude=c.longitude,
            structure_parente=structures.get(parent),
            email=f"contact-{len(structures) + 1}@{reseau.slug}.demo.fr",
        )
        structures[nom] = s
        dlat, dlon = _decalage(i)
        i += 1
        LieuAccueil.objects.create(
            collectivite=collectivite,
            nom=f"Accueil — {nom}",
            structure=s,
            type_accueil=accueil,
            adresse="",
            commune=c,
            latitude=c.latitude + dlat,
            longitude=c.longitude + dlon,
            tis_id=tis_par_commune.get(c.code),
        )


def _utilisateurs(collectivite, reseau):
    departement = Structure.objects.get(type=TypeStructure.DEPARTEMENT)
    partenaire = Structure.objects.get(nom=reseau.partenaires[0][0])
    siege = LieuAccueil.objects.get(nom=reseau.poles[0].nom)
    for (role, prenom, nom, _), (_, email) in zip(CAST, logins(reseau), strict=True):
        user = Utilisateur.objects.create_user(
            email, MOT_DE_PASSE_DEMO, collectivite=collectivite, prenom=prenom, nom=nom
        )
        second_facteur.enroler(user, secret_totp_demo(email))
        structure = (
            partenaire if role == Role.PARTENAIRE or email.startswith("travailleur-social-ccas") else departement
        )
        Membre.objects.create(
            collectivite=collectivite,
            utilisateur=user,
            structure=structure,
            role=role,
            lieu_habituel=siege if role in (Role.ACCUEIL, Role.TRAVAILLEUR_SOCIAL, Role.ENCADRANT) else None,
        )
