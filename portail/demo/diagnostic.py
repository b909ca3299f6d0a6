"""The demo's diagnostic social de territoire (docs/diagnostic.md §8): the Gourdon area (the communes of Gourdon's
EPCI), opened from an engineering request, with its pack, its actors, a questionnaire of the expressed social demand
with generated answers labelled as demonstration data, interviews, problématiques, a partner's amendment accepted,
and version 1 shared. Built after the indicators, whose rollups the pack reads."""

import random
from datetime import timedelta

from django.utils import timezone

from comptes.models import Utilisateur
from developpement import actions as questionnaires
from developpement.models import ActionCollective
from diagnostic import actions, pack
from diagnostic.enums import StatutTravail
from diagnostic.models import PackDonnees
from ingenierie.models import Demande
from territoire.models import Commune, Sectorisation

from .developpement import _reponses

GOURDON = "46127"

ENTRETIENS = [
    (
        "individuel",
        "Vivre en Bouriane",
        "Vos démarches administratives\nVos déplacements\nCe qui vous manque près de chez vous",
        [
            (
                1,
                "Sans voiture depuis deux ans, les rendez-vous à Cahors demandent une journée entière ; le transport "
                "à la demande n'est pas connu.",
            ),
            (1, "Les démarches en ligne sont faites par un voisin ; l'accueil de la mairie aide quand il est ouvert."),
        ],
    ),
    (
        "collectif",
        "Rencontre au foyer rural",
        "L'isolement\nLes lieux où l'on se retrouve\nLes services attendus",
        [(9, "Les participants décrivent l'isolement l'hiver et demandent un lieu de rencontre ouvert l'après-midi.")],
    ),
]


def generer(collectivite, graine=0):
    """The diagnostic of the Gourdon area, or None when the département has no Gourdon (the Manche)."""
    gourdon = Commune.objects.filter(code=GOURDON).select_related("epci").first()
    if gourdon is None or gourdon.departement_id != collectivite.departement_id:
        return None
    hasard = random.Random(graine)
    aujourd_hui = timezone.localdate()
    chef = Utilisateur.objects.get(email=f"chef-de-projet@{collectivite.slug}.demo.fr")
    partenaire = Utilisateur.objects.get(email=f"partenaire@{collectivite.slug}.demo.fr")
    tis = Sectorisation.objects.filter(commune=gourdon).values_list("tis_id", flat=True).first()
    demande = None
    if tis:
        demande = Demande.objects.create(
            type_demandeur="epci",
            commune=gourdon,
            epci=gourdon.epci,
            nom_demandeur=gourdon.epci.nom if gourdon.epci_id else "Mairie de Gourdon",
            contact_nom="Dominique Laborie",
            contact_fonction="elu",
            contact_email="contact@46127.mairie.demo.fr",
            contact_telephone="05 65 00 00 00",
            type_projet="diagnostic",
            description="Un diagnostic social partagé du territoire avant d'écrire le projet social intercommunal.",
            avancement="besoins",
            tis_id=tis,
            statut="en_cours",
            niveau=1,
        )
    d = actions.do_ouvrir(
        chef,
        titre="Diagnostic social du pays de Gourdon",
        commanditaire=gourdon.epci.nom if gourdon.epci_id else "Mairie de Gourdon",
        type_territoire="epci" if gourdon.epci_id else "communes",
        epci=gourdon.epci,
        communes=[gourdon],
        demande=demande,
    )
    contenu = pack.assembler(d, aujourd_hui)
    PackDonnees.objects.create(
        diagnostic=d,
        date_reference=aujourd_hui,
        statut=StatutTravail.PRET,
        progression=100,
        contenu=contenu,
        demande_par=chef,
        genere_le=timezone.now(),
    )

    q = questionnaires.do_creer_questionnaire(
        chef,
        titre="La vie dans votre commune — pays de Gourdon (démonstration)",
        nature="demande_sociale",
        structure=None,
        introduction="Questionnaire anonyme et facultatif (données de démonstration).",
        modele="demande_sociale",
    )
    debut = aujourd_hui - timedelta(days=60)
    diffusion = questionnaires.do_publier(chef, q, lieu=None, ouvre_le=debut, ferme_le=aujourd_hui + timedelta(days=30))
    _reponses(diffusion, q, 40, hasard, debut, aujourd_hui)
    actions.do_rattacher_questionnaires(chef, d, [q])

    actions.do_inventorier_reseau(chef, d)
    for nom, nature, activites, rencontre in (
        ("Secours populaire de Gourdon", "association", "Aide alimentaire, vestiaire, vacances.", True),
        ("Foyer rural de Payrignac", "association", "Animations, club des aînés.", True),
        ("Transport à la demande Quercy Bouriane", "public", "Trajets sur réservation la veille.", False),
    ):
        actions.do_ajouter_acteur(chef, d, nom=nom, nature=nature, activites=activites, rencontre=rencontre)

    entretiens = []
    for type_, titre, points, syntheses in ENTRETIENS:
        grille = actions.do_ajouter_grille(chef, d, type=type_, titre=titre, questions=points)
        for i, (participants, synthese) in enumerate(syntheses):
            entretiens.append(
                actions.do_ajouter_entretien(
                    chef,
                    d,
                    grille=grille,
                    date=debut + timedelta(days=10 + 7 * i),
                    participants=participants,
                    synthese=synthese,
                )
            )

    v = actions.version_courante(d)
    actions.do_modifier_synthese(
        chef,
        v,
        "Un territoire rural où la distance aux services pèse sur les plus âgés et les ménages sans voiture ; "
        "les habitants demandent des lieux de rencontre et un accompagnement aux démarches de proximité.",
    )
    action = ActionCollective.objects.order_by("pk").first()
    for titre, constat, chiffres, preuves in (
        (
            "Mobilité et accès aux services",
            "Chaque commune est à moins d'une demi-heure d'un lieu d'accueil en voiture ; sans voiture, un "
            "rendez-vous prend la journée.",
            ["population_eloignee"],
            entretiens[:1],
        ),
        (
            "Isolement des aînés",
            "L'isolement l'hiver revient dans les entretiens et le questionnaire.",
            ["population_cog"],
            entretiens[2:],
        ),
        (
            "Démarches en ligne",
            "Les démarches dématérialisées reposent sur l'entourage.",
            ["passages"],
            entretiens[1:2],
        ),
    ):
        actions.do_ajouter_problematique(
            chef,
            v,
            titre=titre,
            constat=constat,
            chiffres=[c for c in chiffres if c in PackDonnees.objects.filter(diagnostic=d).get().chiffres()],
            questionnaires=[q],
            entretiens=preuves,
            actions=[action] if action and titre == "Isolement des aînés" else [],
        )
    actions.do_inviter(chef, d, partenaire)
    amendement = actions.do_commenter(
        partenaire,
        v,
        texte="Le transport à la demande existe mais reste peu connu : à dire dans le constat.",
        problematique=v.problematiques.get(titre="Mobilité et accès aux services"),
        texte_propose="Chaque commune est à moins d'une demi-heure d'un lieu d'accueil en voiture ; le transport à "
        "la demande existe mais reste peu connu, et sans voiture un rendez-vous prend la journée.",
    )
    actions.do_traiter_amendement(chef, amendement, True)
    actions.do_partager(chef, v)
    return d
