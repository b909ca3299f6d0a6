"""A year of believable activity for the demo collectivités: persons, passages, orientations.

Deterministic (seeded), seasonal (more in autumn and winter, little in August, none on weekends), with the motifs,
channels and orientation outcomes a departmental desk sees. Written with bulk inserts so that ``make demo`` stays
quick on SQLite.
"""

import random
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from accueil.enums import Canal, Consentement, MotifRefus, StatutOrientation, StatutPassage, TrancheAge, TypeFoyer
from accueil.models import EvenementOrientation, Motif, Orientation, Passage, PassageMotif, PassageReponse, Reponse
from collectivites.noms import forme
from comptes.models import Utilisateur
from reseau.enums import TypeStructure
from reseau.models import LieuAccueil, Structure
from territoire.models import Commune
from usagers.models import Usager

PRENOMS = [
    "Jeanne",
    "Marie",
    "Lucas",
    "Léa",
    "Hugo",
    "Chloé",
    "Louis",
    "Emma",
    "Nathan",
    "Manon",
    "Paul",
    "Camille",
    "Jules",
    "Inès",
    "Arthur",
    "Sarah",
    "Gabriel",
    "Lina",
    "Thomas",
    "Julie",
    "Nicolas",
    "Sophie",
    "Michel",
    "Monique",
    "Alain",
    "Sylvie",
    "Patrick",
    "Nathalie",
    "Mohamed",
    "Fatima",
    "Kevin",
    "Océane",
    "Yannick",
]
NOMS = [
    "Dupont",
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Andre",
    "Lefevre",
    "Mercier",
    "Delmas",
    "Lacoste",
    "Cayrol",
    "Vayssié",
    "Bouscarel",
    "Lafon",
    "Salvat",
    "Delpech",
    "Marty",
    "Couderc",
    "Lacombe",
    "Bessières",
    "Hébert",
    "Lemarchand",
]
MOTIFS = {
    "logement-hebergement": 18,
    "gestion-financiere": 14,
    "acces-aux-droits-et-citoyennete": 16,
    "emploi": 10,
    "sante": 8,
    "famille": 7,
    "mobilite": 5,
    "numerique": 8,
    "se-nourrir": 6,
    "violences": 2,
    "handicap": 4,
    "demarches-administratives": 12,
    "education-formation": 2,
    "autre": 2,
}
CANAUX = {Canal.SUR_PLACE: 70, Canal.TELEPHONE: 20, Canal.DOMICILE: 5, Canal.EN_LIGNE: 3, Canal.COURRIER: 2}
# relative activity per month (January = 1)
SAISON = {1: 1.15, 2: 1.0, 3: 1.0, 4: 0.95, 5: 0.85, 6: 0.9, 7: 0.75, 8: 0.5, 9: 1.2, 10: 1.2, 11: 1.15, 12: 1.0}
INFORMATIONS = [
    "Coordonnées de l'ADIL remises.",
    "Explication des démarches de la prime d'activité.",
    "Aide au dossier de demande de logement social.",
    "Information sur le FSL énergie.",
    "Orientation vers le point numérique.",
    "Rappel des horaires de la CAF.",
    "",
]


def _choix(rng, poids):
    return rng.choices(list(poids), weights=list(poids.values()))[0]


def generer(collectivite, passages_par_jour=50, jours=365, graine=46, aujourd_hui=None):
    """Write the activity of the last ``jours`` days; call inside ``tenant_context(collectivite)``."""
    rng = random.Random(graine)
    aujourd_hui = aujourd_hui or timezone.localdate()
    lieux = list(LieuAccueil.objects.filter(structure__type=TypeStructure.DEPARTEMENT).select_related("structure"))
    partenaires = list(Structure.objects.exclude(type=TypeStructure.DEPARTEMENT))
    agents = list(
        Utilisateur.objects.filter(
            collectivite=collectivite, adhesions__role__in=("accueil", "travailleur_social", "encadrant")
        ).distinct()
    )
    motifs = {m.code: m for m in Motif.objects.all()}
    communes = list(Commune.objects.du_departement(collectivite.departement_id))
    poids_communes = [max(c.population, 50) for c in communes]

    usagers = Usager.objects.bulk_create(
        [
            Usager(
                collectivite=collectivite,
                prenom=rng.choice(PRENOMS),
                nom=rng.choice(NOMS),
                date_naissance=aujourd_hui - timedelta(days=rng.randint(18 * 365, 85 * 365)),
                telephone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                commune=rng.choices(communes, weights=poids_communes)[0],
                cree_le=timezone.now() - timedelta(days=jours),
            )
            for _ in range(passages_par_jour * 12)
        ]
    )
    for u in usagers:  # bulk_create skips save(): fill the search fields the same way
        u.save(update_fields=["nom_recherche", "telephone_normalise"])

    passages, liens_motifs, liens_reponses, orientations = [], [], [], []
    reponses = {r.code: r for r in Reponse.objects.filter(collectivite=collectivite)}
    for decalage in range(jours, -1, -1):
        jour = aujourd_hui - timedelta(days=decalage)
        if jour.weekday() >= 5:
            continue
        for _ in range(int(rng.gauss(passages_par_jour * SAISON[jour.month], passages_par_jour * 0.15))):
            lieu = rng.choice(lieux)
            moment = timezone.make_aware(datetime.combine(jour, time(9)) + timedelta(minutes=rng.randint(0, 480)))
            if moment > timezone.now():
                continue
            usager = rng.choice(usagers) if rng.random() < 0.4 else None
            commune = (
                usager.commune
                if usager
                else (rng.choices(communes, weights=poids_communes)[0] if rng.random() < 0.7 else None)
            )
            codes = {_choix(rng, MOTIFS) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))}
            oriente = rng.random() < 0.12 and partenaires
            p = Passage(
                collectivite=collectivite,
                lieu=lieu,
                agent=rng.choice(agents),
                date_heure=moment,
                canal=_choix(rng, CANAUX),
                usager=usager,
                commune_residence=commune,
                tranche_age=rng.choice(TrancheAge.values + [""]),
                type_foyer=rng.choice(TypeFoyer.values + [""]),
                information=rng.choice(INFORMATIONS),
                duree_minutes=rng.choice((5, 10, 10, 15, 15, 20, 30, 45)),
                jeton=uuid.uuid4(),
            )
            suites = [
                code
                for code, oui in (
                    ("information", bool(p.information)),
                    ("orientation", bool(oriente)),
                    ("accompagnement", rng.random() < 0.08),
                    ("rendez-vous", rng.random() < 0.2),
                )
                if oui
            ]
            passages.append(p)
            liens_motifs.append((p, [motifs[c] for c in codes]))
            liens_reponses.append((p, [reponses[c] for c in suites or ["aucune-suite"]]))
            if oriente:
                orientations.append((p, rng.choice(partenaires), motifs[next(iter(codes))], decalage))
    Passage.objects.bulk_create(passages, batch_size=2000)
    PassageMotif.objects.bulk_create(
        [PassageMotif(collectivite=collectivite, passage=p, motif=m) for p, ms in liens_motifs for m in ms],
        batch_size=5000,
    )
    PassageReponse.objects.bulk_create(
        [PassageReponse(collectivite=collectivite, passage=p, reponse=r) for p, rs in liens_reponses for r in rs],
        batch_size=5000,
    )
    _orientations(collectivite, orientations, rng)
    _guichet_du_jour(collectivite, lieux, agents, rng)
    return len(passages)


def _orientations(collectivite, tirages, rng):
    objets, evenements = [], []
    delai = timedelta(days=collectivite.delai_expiration_orientation)
    for passage, destinataire, motif, age_jours in tirages:
        if age_jours <= 3:
            statut = rng.choice((StatutOrientation.ENVOYEE, StatutOrientation.RECUE))
        elif age_jours > collectivite.delai_expiration_orientation:
            statut = rng.choices(
                [
                    StatutOrientation.REALISEE,
                    StatutOrientation.REFUSEE,
                    StatutOrientation.EXPIREE,
                    StatutOrientation.ACCEPTEE,
                ],
                weights=[60, 15, 10, 15],
            )[0]
        else:
            statut = rng.choice((StatutOrientation.RECUE, StatutOrientation.ACCEPTEE, StatutOrientation.REALISEE))
        o = Orientation(
            collectivite=collectivite,
            passage=passage,
            usager=passage.usager,
            structure_emettrice=passage.lieu.structure,
            structure_destinataire=destinataire,
            motif=motif,
            message="Personne orientée après un premier accueil.",
            consentement=Consentement.RECUEILLI,
            statut=statut,
            emise_par=passage.agent,
            emise_le=passage.date_heure,
            echeance=passage.date_heure + delai,
            notifiee_le=passage.date_heure,
            motif_refus=rng.choice(MotifRefus.values) if statut == StatutOrientation.REFUSEE else "",
        )
        objets.append(o)
    Orientation.objects.bulk_create(objets, batch_size=2000)
    for o in objets:
        evenements.append(
            EvenementOrientation(
                collectivite=collectivite,
                orientation=o,
                vers=StatutOrientation.ENVOYEE,
                par=o.emise_par,
                quand=o.emise_le,
            )
        )
        if o.statut != StatutOrientation.ENVOYEE:
            evenements.append(
                EvenementOrientation(
                    collectivite=collectivite,
                    orientation=o,
                    de=StatutOrientation.ENVOYEE,
                    vers=o.statut,
                    via_lien=True,
                    quand=o.emise_le + timedelta(days=rng.randint(1, 3)),
                )
            )
    EvenementOrientation.objects.bulk_create(evenements, batch_size=5000)


def _guichet_du_jour(collectivite, lieux, agents, rng):
    """Two people waiting at the first site, so that the desk looks alive on first run."""
    for minutes in (25, 5):
        Passage.objects.create(
            collectivite=collectivite,
            lieu=lieux[0],
            agent=agents[0],
            statut=StatutPassage.EN_ATTENTE,
            date_heure=timezone.now() - timedelta(minutes=minutes),
        )


THEMES = {
    "budgetaire": [
        (
            "Budget",
            "Stabiliser le budget du foyer",
            ["Établir un budget mensuel", "Demander le FSL énergie", "Ouvrir un compte d'épargne de précaution"],
        )
    ],
    "logement": [
        (
            "Logement",
            "Accéder à un logement adapté",
            ["Déposer une demande de logement social", "Visiter le logement proposé", "Demander l'APL"],
        )
    ],
    "social-global": [
        (
            "Accès aux droits",
            "Ouvrir les droits à la complémentaire santé",
            ["Rassembler les justificatifs", "Déposer la demande C2S"],
        ),
        ("Mobilité", "Se déplacer vers l'emploi", ["S'inscrire à la bourse au permis"]),
    ],
    "insertion-global-ft": [
        (
            "Emploi",
            "Construire le projet professionnel",
            ["Rencontrer le conseiller France Travail", "Suivre l'atelier CV"],
        )
    ],
}


def generer_accompagnements(collectivite, nombre=24, graine=46, aujourd_hui=None):
    """Supports of the demo social worker: plans, interviews, a partner in some groups, some closed."""
    from accompagnement.enums import CanalEntretien, Issue, Porteur, StatutAccompagnement, StatutAction
    from accompagnement.models import (
        Accompagnement,
        Action,
        Entretien,
        MembreGroupe,
        NotePrivee,
        Objectif,
        Theme,
        TypeAccompagnement,
    )

    rng = random.Random(graine + 1)
    aujourd_hui = aujourd_hui or timezone.localdate()
    travailleur = Utilisateur.objects.get(email=f"travailleur-social@{collectivite.slug}.demo.fr")
    departement = Structure.objects.get(type=TypeStructure.DEPARTEMENT)
    partenaire_ts = Utilisateur.objects.filter(email=f"travailleur-social-ccas@{collectivite.slug}.demo.fr").first()
    types = {t.code: t for t in TypeAccompagnement.objects.all()}
    usagers = list(Usager.objects.order_by("pk")[: nombre * 3])
    rng.shuffle(usagers)
    for i, usager in enumerate(usagers[:nombre]):
        code = rng.choice(list(THEMES))
        debut = aujourd_hui - timedelta(days=rng.randint(20, 330))
        a = Accompagnement.objects.create(
            collectivite=collectivite,
            usager=usager,
            type=types[code],
            structure=departement,
            referent=travailleur,
            date_debut=debut,
            consentement_partage=True,
            cree_par=travailleur,
        )
        MembreGroupe.objects.create(
            collectivite=collectivite,
            accompagnement=a,
            utilisateur=travailleur,
            structure=departement,
            referent=True,
            date_debut=debut,
        )
        if partenaire_ts and i % 4 == 0:
            MembreGroupe.objects.create(
                collectivite=collectivite,
                accompagnement=a,
                utilisateur=partenaire_ts,
                structure=partenaire_ts.adhesions.first().structure,
                date_debut=debut,
            )
        for t, (theme, objectif, actions) in enumerate(THEMES[code]):
            th = Theme.objects.create(collectivite=collectivite, accompagnement=a, libelle=theme, ordre=t)
            ob = Objectif.objects.create(
                collectivite=collectivite, theme=th, libelle=objectif, date_accord=debut + timedelta(days=7)
            )
            for libelle in actions:
                echeance = debut + timedelta(days=rng.randint(15, 200))
                statut = (
                    StatutAction.REALISEE
                    if echeance < aujourd_hui and rng.random() < 0.6
                    else rng.choice((StatutAction.A_FAIRE, StatutAction.EN_COURS))
                )
                Action.objects.create(
                    collectivite=collectivite,
                    objectif=ob,
                    libelle=libelle,
                    porteur=rng.choice(Porteur.values[:2]),
                    echeance=echeance,
                    statut=statut,
                )
        for n in range(rng.randint(1, 4)):
            quand = timezone.make_aware(datetime.combine(debut + timedelta(days=14 * n + 3), time(10)))
            if quand > timezone.now():
                break
            canal = rng.choice(CanalEntretien.values)
            e = Entretien.objects.create(
                collectivite=collectivite,
                accompagnement=a,
                date=quand,
                canal=canal,
                auteur=travailleur,
                participants=f"{usager}, {travailleur.get_full_name()}",
                synthese="Point sur les démarches engagées ; la personne a apporté les justificatifs demandés.",
                adresse_visite="Au domicile de la personne" if canal == CanalEntretien.DOMICILE else "",
            )
            if rng.random() < 0.3:
                NotePrivee.objects.create(
                    collectivite=collectivite,
                    entretien=e,
                    auteur=travailleur,
                    texte="Observation personnelle à vérifier au prochain rendez-vous.",
                )
        if i % 6 == 5:
            a.statut = StatutAccompagnement.CLOS
            a.issue = rng.choice(Issue.values)
            a.date_fin = min(aujourd_hui, debut + timedelta(days=120))
            a.save(update_fields=["statut", "issue", "date_fin"])
    return nombre


CHARTE = """Dans le réseau, **toute personne** peut être reçue sans rendez-vous, quelle que soit sa demande,
sa situation ou son statut, à moins de trente minutes de chez elle.

Les structures signataires s'engagent à offrir une écoute de qualité, à donner une information utile et à orienter
vers le service compétent, en s'assurant que l'orientation aboutit.
"""
ENGAGEMENTS = [
    "Recevoir toute personne, sans condition et sans rendez-vous",
    "Écouter la demande et la situation dans leur ensemble",
    "Donner une information utile et à jour sur les droits et les services",
    "Orienter vers le service compétent avec une fiche de liaison et s'assurer du retour",
    "Former les professionnels de l'accueil et participer aux rencontres du réseau",
]
HORAIRES = [
    "Mo-Fr 09:00-12:00,13:30-17:00",
    "Mo-Th 08:30-12:30,13:30-17:30; Fr 08:30-12:30",
    "Tu,Th 09:00-12:00",
    "Mo,We,Fr 09:00-12:00,14:00-16:30",
]


def generer_reseau(collectivite, graine=46, aujourd_hui=None):
    """Opening hours, a published charter and its signatories, satisfaction measurement for some structures."""
    from reseau.models import Charte, EngagementCharte, LieuAccueil, NiveauEngagement, Signature

    rng = random.Random(graine + 2)
    aujourd_hui = aujourd_hui or timezone.localdate()
    for lieu in LieuAccueil.objects.all():
        lieu.horaires = rng.choice(HORAIRES)
        lieu.accessibilite = rng.choice(["Plain-pied, accessible en fauteuil", "Ascenseur", ""])
        lieu.localisation_verifiee = rng.random() < 0.8
        lieu.save(update_fields=["horaires", "accessibilite", "localisation_verifiee"])
    charte = Charte.objects.create(
        collectivite=collectivite,
        version=1,
        titre="Charte du premier accueil social inconditionnel de proximité",
        texte=CHARTE,
        publiee_le=aujourd_hui - timedelta(days=1000),  # signatures spread over three years: past years differ
    )
    engagements = [
        EngagementCharte.objects.create(collectivite=collectivite, charte=charte, libelle=e, ordre=i)
        for i, e in enumerate(ENGAGEMENTS)
    ]
    auteur = Utilisateur.objects.filter(collectivite=collectivite).order_by("pk").first()
    for i, structure in enumerate(Structure.objects.order_by("pk")):
        if i % 4 == 3:
            structure.niveau_engagement = rng.choice([NiveauEngagement.IDENTIFIEE, NiveauEngagement.MOBILISEE])
        else:
            signee = aujourd_hui - timedelta(days=rng.randint(30, 990))
            Signature.objects.create(
                collectivite=collectivite,
                charte=charte,
                structure=structure,
                signataire="La direction",
                fonction="Directeur ou directrice",
                signee_le=signee,
                engagements=[e.pk for e in engagements],
                enregistree_par=auteur,
            )
            structure.niveau_engagement = NiveauEngagement.ACTIVE if i % 3 == 0 else NiveauEngagement.SIGNATAIRE
            structure.engagee_le = signee
        if rng.random() < 0.5:
            structure.mesure_satisfaction = True
            structure.satisfaction_methode = rng.choice(["Questionnaire remis à l'accueil", "Enquête annuelle"])
            structure.satisfaction_depuis = aujourd_hui - timedelta(days=rng.randint(60, 700))
        structure.save()


EVENEMENTS = [
    ("formation", "Accueillir sans condition : posture et premiers repères", -200),
    ("immersion", "Une journée à la CAF : immersion croisée", -120),
    ("rencontre", "Rencontre des professionnels de l'accueil du territoire", -45),
    ("conference", "Conférence : le non-recours aux droits", 20),
]


def generer_evenements(collectivite, graine=46):
    """Past events with attendance (they feed the « professionnels formés » count), and one to come."""
    from reseau.models import CibleEvenement, Evenement, Inscription, Membre

    rng = random.Random(graine + 3)
    departement = Structure.objects.get(type=TypeStructure.DEPARTEMENT)
    membres = list(Membre.objects.select_related("utilisateur", "structure"))
    for type_, titre, jours in EVENEMENTS:
        quand = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0) + timedelta(days=jours)
        evenement = Evenement.objects.create(
            collectivite=collectivite,
            type=type_,
            titre=titre,
            date=quand,
            lieu=departement.commune.nom,
            organisateur=departement,
            capacite=30,
        )
        for m in rng.sample(membres, min(len(membres), rng.randint(3, 6))):
            if Inscription.objects.filter(evenement=evenement, utilisateur=m.utilisateur).exists():
                continue
            Inscription.objects.create(
                collectivite=collectivite,
                evenement=evenement,
                utilisateur=m.utilisateur,
                structure=m.structure,
                inscrit_par=m.utilisateur,
                present=(rng.random() < 0.85) if jours < 0 else None,
                note=rng.choice([3, 4, 4, 5, 5]) if jours < 0 and rng.random() < 0.7 else None,
            )
        if jours < 0:
            evenement.evaluation = "Participants satisfaits ; demande d'une session de suivi dans six mois."
            evenement.save(update_fields=["evaluation"])
        CibleEvenement.objects.bulk_create(
            [
                CibleEvenement(collectivite=collectivite, evenement=evenement, structure=s)
                for s in Structure.objects.exclude(pk=departement.pk).order_by("pk")[:3]
            ]
        )


SERVICES_PAR_TYPE = {
    TypeStructure.DEPARTEMENT: (
        "Accueil social et accompagnement",
        ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    ),
    TypeStructure.CCAS_CIAS: ("Aide alimentaire et aides facultatives", ["equipement-et-alimentation--alimentation"]),
    TypeStructure.FRANCE_SERVICE: ("Aide aux démarches en ligne", ["numerique--acceder-a-des-services-en-ligne"]),
    TypeStructure.CAF: ("Accès aux prestations familiales", ["famille--soutien-a-la-parentalite-et-a-leducation"]),
    TypeStructure.FRANCE_TRAVAIL: (
        "Accompagnement vers l'emploi",
        ["trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs"],
    ),
    TypeStructure.MISSION_LOCALE: (
        "Accompagnement des 16-25 ans",
        ["trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs"],
    ),
    TypeStructure.ASSOCIATION: (
        "Écoute et orientation",
        ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
    ),
}

RESSOURCES = [
    ("Guide de l'accueil social inconditionnel", "document", "accueil, posture", "reseau"),
    ("Rappel : le secret professionnel partagé", "reglementation", "secret, RGPD", "reseau"),
    ("Fiche de liaison type", "fiche_liaison", "orientation, liaison", "signataires"),
    ("Annuaire interne des pôles", "outil", "annuaire", "interne"),
]


def generer_services_et_ressources(collectivite, graine=46):
    """Services in the data·inclusion vocabulary, contacts, structure administrators, a pending invitation, and
    the shared library with a couple of versions."""
    import uuid

    from data_inclusion.schema.v1 import Thematique
    from django.core.files.base import ContentFile

    from config.pdf import rendre
    from reseau.models import Contact, Invitation, Membre, Ressource, Service, VersionRessource

    valides = {t.value for t in Thematique}
    rng = random.Random(graine + 4)
    for structure in Structure.objects.select_related("commune").order_by("pk"):
        nom, thematiques = SERVICES_PAR_TYPE.get(structure.type, ("Information et orientation", []))
        Service.objects.create(
            collectivite=collectivite,
            structure=structure,
            nom=nom,
            description=f"{nom} pour les habitants du territoire, avec ou sans rendez-vous.",
            thematiques=[t for t in thematiques if t in valides],
            publics=["tous-publics"],
            modes_accueil=["en-presentiel"] + (["a-distance"] if rng.random() < 0.4 else []),
            zone_eligibilite=[collectivite.departement_id],
            lieu=structure.lieux.first(),
        )
        Contact.objects.create(
            collectivite=collectivite,
            structure=structure,
            nom=rng.choice(["Claire Martin", "Sophie Bernard", "Karim Haddad", "Julien Petit", "Inès Moreau"]),
            fonction=rng.choice(["Responsable de l'accueil", "Directrice", "Coordinateur"]),
            email=structure.email or "",
        )
    for membre in Membre.objects.exclude(structure__type=TypeStructure.DEPARTEMENT).order_by("structure", "pk"):
        if not Membre.objects.filter(structure=membre.structure, gestionnaire=True).exists():
            membre.gestionnaire = True
            membre.save(update_fields=["gestionnaire"])
    auteur = Utilisateur.objects.filter(collectivite=collectivite).order_by("pk").first()
    cible = Structure.objects.filter(niveau_engagement="identifiee").order_by("pk").first()
    if cible:
        Invitation.objects.create(
            collectivite=collectivite,
            email=f"direction@{cible.pk}.{collectivite.slug}.test",
            structure=cible,
            role="partenaire",
            gestionnaire=True,
            invitee_par=auteur,
            expire_le=timezone.now() + timedelta(days=10),
        )
    for titre, categorie, etiquettes, visibilite in RESSOURCES:
        ressource = Ressource.objects.create(
            collectivite=collectivite,
            titre=titre,
            categorie=categorie,
            etiquettes=etiquettes,
            visibilite=visibilite,
            creee_par=auteur,
            description=f"{titre} — document de travail du réseau {forme(collectivite).de}.",
        )
        for numero in range(1, 3 if categorie == "fiche_liaison" else 2):
            contenu = rendre("reseau/pdf/ressource_demo.html", {"titre": titre, "numero": numero})
            version = VersionRessource(
                collectivite=collectivite,
                ressource=ressource,
                numero=numero,
                nom_original=f"{titre}.pdf",
                type_mime="application/pdf",
                note="Première version" if numero == 1 else "Ajout du recueil du consentement",
                deposee_par=auteur,
            )
            version.fichier.save(f"ressource-{uuid.uuid4().hex}.pdf", ContentFile(contenu), save=False)
            version.save()
