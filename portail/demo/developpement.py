"""The demo's questionnaires (docs/developpement.md §7): the network's satisfaction questionnaire published at several
sites of the Département, and the first partner's own, with generated answers labelled as demonstration data
(``Reponse.demonstration``, and the titles say it). They drive charter indicator 5, computed after them. And three
collective actions with their sessions, a comité de pilotage with minutes and decisions, and the convention's budget
(docs/developpement.md §11).
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from comptes.models import Utilisateur
from developpement import actions, budget, pilotage
from developpement import actions_collectives as actions_collectives_ecritures
from developpement.enums import Sexe, TrancheAge, TypeQuestion
from developpement.modeles import CONSENTEMENT
from developpement.models import ThemeAction
from reseau.models import LieuAccueil, Membre
from usagers.access import usagers_visibles_par

AMELIORATIONS = [
    "Plus de chaises dans la salle d'attente.",
    "Des horaires le samedi matin.",
    "Un affichage plus clair à l'entrée.",
    "Rien, l'accueil est très bien.",
    "Pouvoir prendre rendez-vous par téléphone.",
]


def _reponses(diffusion, questionnaire, nombre, hasard, debut, fin):
    version = actions.version_courante(questionnaire)
    questions = list(version.questions.all())
    jours = (fin - debut).days
    for _ in range(nombre):
        valeurs = {}
        for q in questions:
            if q.type == TypeQuestion.ECHELLE:
                valeurs[q] = hasard.choices([1, 2, 3, 4, 5], weights=[1, 2, 5, 12, 10])[0]
            elif q.type == TypeQuestion.CHOIX_UNIQUE and hasard.random() < 0.9:
                valeurs[q] = hasard.choice(q.choix)
            elif q.type == TypeQuestion.CHOIX_MULTIPLE and hasard.random() < 0.8:
                valeurs[q] = hasard.sample(q.choix, hasard.randint(1, 2))
            elif q.type == TypeQuestion.TEXTE_LONG and hasard.random() < 0.3:
                valeurs[q] = hasard.choice(AMELIORATIONS)
        jour = debut + timedelta(days=hasard.randint(0, jours))
        actions.do_repondre(diffusion, version, valeurs, jour=jour, demonstration=True)


def generer(collectivite, graine=0, aujourd_hui=None):
    """Returns the number of answers generated."""
    hasard = random.Random(graine)
    aujourd_hui = aujourd_hui or timezone.localdate()
    debut = date(aujourd_hui.year, 1, 1)
    chef = Utilisateur.objects.get(email=f"chef-de-projet@{collectivite.slug}.demo.fr")
    reseau = actions.do_creer_questionnaire(
        chef,
        titre="Votre avis sur l'accueil (démonstration)",
        nature="satisfaction",
        structure=None,
        introduction=CONSENTEMENT,
        modele="satisfaction",
    )
    total = 0
    ccas = Membre.objects.filter(utilisateur__email=f"travailleur-social-ccas@{collectivite.slug}.demo.fr").first()
    sites = LieuAccueil.objects.exclude(structure_id=ccas.structure_id if ccas else None).order_by("pk")[:4]
    for lieu in sites:
        d = actions.do_publier(chef, reseau, lieu=lieu, ouvre_le=debut, ferme_le=date(aujourd_hui.year, 12, 31))
        n = hasard.randint(18, 45)
        _reponses(d, reseau, n, hasard, debut, aujourd_hui)
        total += n
    if ccas:
        propre = actions.do_creer_questionnaire(
            ccas.utilisateur,
            titre=f"Votre avis sur le {ccas.structure.nom} (démonstration)",
            nature="satisfaction",
            structure=ccas.structure,
            introduction=CONSENTEMENT,
            modele="satisfaction",
        )
        d = actions.do_publier(
            ccas.utilisateur, propre, lieu=None, ouvre_le=debut, ferme_le=date(aujourd_hui.year, 12, 31)
        )
        _reponses(d, propre, 26, hasard, debut, aujourd_hui)
        total += 26
    actions_collectives(collectivite, hasard, aujourd_hui)
    comite_de_pilotage(chef, aujourd_hui)
    budget_convention(chef, aujourd_hui)
    return total


ACTIONS = [
    (
        "Café des parents",
        ["parentalite", "lien-social"],
        "Parents de jeunes enfants",
        "Rompre l'isolement des parents.",
    ),
    ("Atelier budget du quotidien", ["budget"], "Personnes accueillies au guichet", "Savoir tenir un budget."),
    (
        "Les démarches en ligne pas à pas",
        ["numerique", "acces-aux-droits"],
        "Habitants éloignés du numérique",
        "Faire seul ses démarches en ligne.",
    ),
]


def actions_collectives(collectivite, hasard, aujourd_hui):
    """Three collective actions of the Département's social worker, each with a few sessions counted anonymously; the
    « Café des parents » also names one demo person, who agreed to it, present at every session — their file shows
    « Actions collectives » to the social worker (docs/developpement.md §8)."""
    ts = Utilisateur.objects.get(email=f"travailleur-social@{collectivite.slug}.demo.fr")
    nomme = usagers_visibles_par(ts).order_by("pk").first()
    adhesion = Membre.objects.filter(utilisateur=ts).select_related("structure", "lieu_habituel").first()
    themes = {t.code: t for t in ThemeAction.objects.all()}
    for i, (titre, codes, public, objectifs) in enumerate(ACTIONS):
        debut = aujourd_hui - timedelta(days=120 - 30 * i)
        action = actions_collectives_ecritures.do_creer_action(
            ts,
            titre=titre,
            themes=[themes[c] for c in codes if c in themes],
            structures=[adhesion.structure],
            animateurs=[ts],
            communes=[],
            public=public,
            objectifs=objectifs,
            debut=debut,
            fin=None,
        )
        presents = []
        if i == 0 and nomme:
            presents = [
                actions_collectives_ecritures.do_inscrire(ts, action, nomme, consentement=True, consentement_le=debut)
            ]
        for k in range(3 - (i == 2)):
            comptes = {(t.value, s.value): hasard.randint(0, 3) for t in TrancheAge for s in Sexe}
            actions_collectives_ecritures.do_enregistrer_seance(
                ts,
                action,
                date=debut + timedelta(days=14 * k),
                lieu=adhesion.lieu_habituel,
                adresse="" if adhesion.lieu_habituel else "Salle municipale",
                animateurs=[ts],
                contenu=f"Séance {k + 1} : échanges et exercices pratiques.",
                comptes=comptes,
                presents=presents,
            )


def comite_de_pilotage(chef, aujourd_hui):
    """The network's comité de pilotage (seed 004): two meetings, minutes, decisions (one done, one late, one due)."""
    comite = pilotage.do_creer_instance(
        chef,
        nom="Comité de pilotage du premier accueil social",
        type="comite_pilotage",
        membres="La préfète ou son représentant (DDETS)\nLe président du Département ou son représentant\n"
        "La directrice de la solidarité départementale\nLe chef de projet du réseau",
    )
    premiere = pilotage.do_ajouter_reunion(
        chef,
        comite,
        date=aujourd_hui - timedelta(days=200),
        lieu="Hôtel du Département, Cahors",
        ordre_du_jour="Bilan de l'année écoulée ; plan de formation ; outils communs",
    )
    pilotage.do_rediger_compte_rendu(
        chef,
        premiere,
        "Le comité valide le plan de formation et demande un annuaire partagé des structures.",
        presents="La directrice de la DDETS\nLe vice-président chargé des solidarités\nLe chef de projet du réseau",
    )
    faite = pilotage.do_ajouter_decision(
        chef,
        premiere,
        libelle="Publier l'annuaire partagé des structures",
        responsable="Chef de projet",
        echeance=aujourd_hui - timedelta(days=120),
    )
    pilotage.do_marquer_realisee(chef, faite, jour=aujourd_hui - timedelta(days=130))
    pilotage.do_ajouter_decision(
        chef,
        premiere,
        libelle="Former 40 accueillants au premier accueil inconditionnel",
        responsable="Direction de la solidarité départementale",
        echeance=aujourd_hui - timedelta(days=10),
    )
    seconde = pilotage.do_ajouter_reunion(
        chef,
        comite,
        date=aujourd_hui - timedelta(days=20),
        lieu="Préfecture du Lot",
        ordre_du_jour="Indicateurs de la charte ; mesure de la satisfaction des usagers",
    )
    pilotage.do_ajouter_decision(
        chef,
        seconde,
        libelle="Étendre le questionnaire de satisfaction à tous les lieux d'accueil",
        responsable="Chef de projet",
        echeance=aujourd_hui + timedelta(days=90),
    )


# Seed 004: l'État and the Département fund the convention with 60,000 € a year each.
REPARTITION = {
    "État": {"ingenierie": 30000, "formations": 20000, "outils": 5000, "communication": 5000},
    "Département du Lot": {"ingenierie": 30000, "formations": 15000, "outils": 10000, "divers": 5000},
}
DEPENSES = [
    (40, "État", "formations", "8400.00", "Formation à l'accueil inconditionnel (deux sessions)"),
    (75, "Département du Lot", "ingenierie", "12500.00", "Diagnostic social de territoire du Gourdonnais"),
    (110, "Département du Lot", "outils", "3990.00", "Annuaire partagé des structures"),
    (150, "État", "communication", "1250.50", "Impression des dépliants du réseau"),
]


def budget_convention(chef, aujourd_hui):
    """The convention's budget of the year, and a few spendings already recorded (demonstration)."""
    financeurs = {nom: budget.do_ajouter_financeur(chef, nom=nom) for nom in REPARTITION}
    for nom, natures in REPARTITION.items():
        for nature, montant in natures.items():
            budget.do_fixer_dotation(
                chef, financeur=financeurs[nom], annee=aujourd_hui.year, nature=nature, montant=montant
            )
    for jours, nom, nature, montant, libelle in DEPENSES:
        jour = max(aujourd_hui - timedelta(days=jours), date(aujourd_hui.year, 1, 2))
        budget.do_enregistrer_depense(
            chef, financeur=financeurs[nom], date=jour, nature=nature, montant=montant, libelle=libelle
        )
