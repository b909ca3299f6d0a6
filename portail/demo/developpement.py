"""The demo's questionnaires (docs/developpement.md §7): the network's satisfaction questionnaire published at several
sites of the Département, and the first partner's own, with generated answers labelled as demonstration data
(``Reponse.demonstration``, and the titles say it). They drive charter indicator 5, computed after them.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from comptes.models import Utilisateur
from developpement import actions
from developpement.enums import TypeQuestion
from developpement.modeles import CONSENTEMENT
from reseau.models import LieuAccueil, Membre

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
    return total
