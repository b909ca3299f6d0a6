"""The demo's engineering requests: every state and both levels, dated over the last months, and one note generated.

Written with the ORM (not through the public form) so that building the demo sends no e-mail; each state still has
its logged transitions, as the actions would have written them.
"""

from datetime import timedelta

from django.utils import timezone

from comptes.models import Utilisateur
from ingenierie.enums import ETAPES, Niveau, Statut
from ingenierie.models import Demande, Etape, EvenementDemande, NoteRestitution
from ingenierie.tasks import rediger_note
from territoire.models import Commune, Sectorisation

CHEMIN = {
    Statut.RECUE: [Statut.RECUE],
    Statut.QUALIFIEE: [Statut.RECUE, Statut.QUALIFIEE],
    Statut.EN_COURS: [Statut.RECUE, Statut.QUALIFIEE, Statut.EN_COURS],
    Statut.RESTITUEE: [Statut.RECUE, Statut.QUALIFIEE, Statut.EN_COURS, Statut.RESTITUEE],
    Statut.CLOSE: [Statut.RECUE, Statut.QUALIFIEE, Statut.EN_COURS, Statut.RESTITUEE, Statut.CLOSE],
    Statut.REFUSEE: [Statut.RECUE, Statut.REFUSEE],
    Statut.REORIENTEE: [Statut.RECUE, Statut.REORIENTEE],
}

# (type of requester, name, project, progress, state, level, days ago, steps done, reason)
DEMANDES = [
    ("commune", "Mairie de {commune}", "epicerie_sociale", "idee", Statut.RECUE, None, 3, 0, ""),
    ("ccas", "CCAS de {commune}", "diagnostic", "besoins", Statut.RECUE, None, 12, 0, ""),
    ("commune", "Mairie de {commune}", "bourse_permis", "besoins", Statut.QUALIFIEE, 1, 20, 0, ""),
    ("commune", "Mairie de {commune}", "epicerie_sociale", "besoins", Statut.EN_COURS, 1, 45, 3, ""),
    ("ccas", "CCAS de {commune}", "microcredit", "cahier_des_charges", Statut.EN_COURS, 2, 70, 2, ""),
    ("commune", "Mairie de {commune}", "jardins_familiaux", "idee", Statut.RESTITUEE, 1, 110, 6, ""),
    ("commune", "Mairie de {commune}", "culture_loisirs", "defini", Statut.CLOSE, 2, 200, 6, ""),
    ("ccas", "CCAS de {commune}", "cias", "defini", Statut.EN_COURS, 2, 60, 1, ""),
    (
        "commune",
        "Mairie de {commune}",
        "accueil_proximite",
        "idee",
        Statut.REORIENTEE,
        None,
        30,
        0,
        "Une France Services ouvre sur la commune : le projet relève de son comité de pilotage.",
    ),
    (
        "commune",
        "Mairie de {commune}",
        "autre",
        "idee",
        Statut.REFUSEE,
        None,
        40,
        0,
        "Le projet (rénovation de la salle des fêtes) ne relève pas du développement social local.",
    ),
]

DESCRIPTIONS = {
    "epicerie_sociale": "Demandes d'aide alimentaire en hausse, associations caritatives essoufflées : "
    "étudier une épicerie sociale avec un accompagnement budgétaire.",
    "diagnostic": "Réaliser un diagnostic social de territoire partagé avant de réviser le projet social du CCAS.",
    "bourse_permis": "Une bourse au permis de conduire pour les jeunes, en échange d'heures d'engagement local.",
    "microcredit": "Ouvrir un microcrédit personnel avec une banque et la caisse des dépôts pour les ménages exclus "
    "du crédit.",
    "jardins_familiaux": "Développer les jardins familiaux avec des animations collectives.",
    "culture_loisirs": "Faciliter l'accès aux loisirs (centre de loisirs, cinéma) par des chèques loisirs.",
    "cias": "Réfléchir à l'évolution du CCAS en CIAS avec la communauté de communes.",
    "accueil_proximite": "Ouvrir un accueil social de proximité en mairie.",
    "autre": "Rénover la salle des fêtes.",
}


def generer(collectivite, nombre=None, note=True, log=print):
    """Requests of the demo collectivité; the one « restituée » gets its note rendered (WeasyPrint, ~1 s)."""
    maintenant = timezone.now()
    conseiller = Utilisateur.objects.get(email=f"travailleur-social@{collectivite.slug}.demo.fr")
    responsable = Utilisateur.objects.get(email=f"encadrant@{collectivite.slug}.demo.fr")
    # communes of the territory, most populated first, one per request
    sectorisees = Sectorisation.objects.values("commune_id")
    communes = list(Commune.objects.filter(code__in=sectorisees).order_by("-population")[: len(DEMANDES)])
    tis_de = dict(Sectorisation.objects.values_list("commune_id", "tis_id"))
    restituee = None
    for (type_d, nom, projet, avancement, statut, niveau, jours, faites, motif), commune in zip(
        DEMANDES[:nombre], communes, strict=False
    ):
        deposee = maintenant - timedelta(days=jours)
        d = Demande.objects.create(
            collectivite=collectivite,
            type_demandeur=type_d,
            commune=commune,
            nom_demandeur=nom.format(commune=commune.nom),
            contact_nom="Dominique Laborie",
            contact_fonction="elu" if type_d == "commune" else "direction_ccas",
            contact_email=f"contact@{commune.code}.mairie.demo.fr",
            contact_telephone="05 65 00 00 00",
            type_projet=projet,
            description=DESCRIPTIONS[projet],
            avancement=avancement,
            calendrier_souhaite="Présentation au conseil municipal dans six mois",
            tis_id=tis_de[commune.code],
            statut=statut,
            niveau=niveau,
            conseiller=conseiller if niveau else None,
            motif_decision=motif,
            partenaires="CAF, Secours populaire, mission locale ; un groupe projet avec deux élus." if faites else "",
            methodologie="Trois réunions du groupe projet, un questionnaire aux habitants, une décision en conseil."
            if faites
            else "",
            recommandations="Associer les bénévoles dès la conception ; s'appuyer sur les projets voisins."
            if faites
            else "",
            deposee_le=deposee,
            modifiee_le=deposee + timedelta(days=jours // 2),
        )
        chemin = CHEMIN[statut]
        for i, vers in enumerate(chemin):
            EvenementDemande.objects.create(
                collectivite=collectivite,
                demande=d,
                de=chemin[i - 1] if i else "",
                vers=vers,
                par=None if i == 0 else responsable if i == 1 else conseiller,
                quand=deposee + timedelta(days=i * jours // len(chemin)),
                commentaire=motif if vers in (Statut.REFUSEE, Statut.REORIENTEE) else "",
            )
        if niveau:
            Etape.objects.bulk_create(
                [
                    Etape(
                        collectivite=collectivite,
                        demande=d,
                        niveau=niveau,
                        code=code,
                        libelle=libelle,
                        ordre=i,
                        realisee_le=(deposee + timedelta(days=2 + i * 5)).date() if i < faites else None,
                        note="Fait avec l'adjointe aux affaires sociales." if i < faites else "",
                    )
                    for i, (code, libelle) in enumerate(ETAPES[Niveau(niveau)])
                ]
            )
        if statut == Statut.RESTITUEE:
            restituee = d
    if note and restituee is not None:
        n = NoteRestitution.objects.create(
            collectivite=collectivite, demande=restituee, version=1, demandee_par=conseiller
        )
        rediger_note(n.pk)
        # rendered now, then sent: the municipality's link offers the version generated before the sending
        EvenementDemande.objects.filter(demande=restituee, vers=Statut.RESTITUEE).update(quand=timezone.now())
        log(f"  note de restitution générée pour {restituee.nom_demandeur}.")
    return Demande.objects.count()
