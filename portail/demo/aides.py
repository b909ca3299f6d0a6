"""The demo's aids (docs/aides.md): the first CCAS of the network runs an épicerie sociale, a microcredit with a
partner bank, a bourse au permis and chèques loisirs; the Département a secours d'urgence decided by its encadrant.
A year of applications, two commissions a month, payments, vouchers, repayments and counterpart hours validated by
their host — so that every page of /aides/ is alive on first run.

Written with the ORM and dated in the past, like the other demo modules; the PDFs are not rendered (the pages say
« en préparation » until a commission is closed again by hand)."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from aides.calcul import regles, reste_a_vivre
from aides.enums import Decideur, Nature, Sens, StatutBon, StatutDemande, StatutHeures
from aides.models import (
    Bon,
    Commission,
    Decision,
    Demande,
    Dispositif,
    Echeance,
    Habilitation,
    HeuresContrepartie,
    SituationFoyer,
    Versement,
)
from comptes import second_facteur
from comptes.models import Utilisateur
from comptes.roles import Role
from reseau.enums import TypeStructure
from reseau.models import Membre, Structure
from usagers.models import Usager

# (nature, name, budget, ceiling per household, other fields, objects, amounts)
DISPOSITIFS_CCAS = [
    (
        Nature.SECOURS,
        "Aide financière ponctuelle",
        Decimal("6000"),
        Decimal("400"),
        {},
        ["Facture d'énergie", "Frais de cantine"],
        [Decimal("150"), Decimal("250")],
    ),
    (
        Nature.EPICERIE,
        "Épicerie sociale",
        Decimal("12000"),
        Decimal("400"),
        {"semaines_acces": 12, "plafond_depenses": Decimal("300"), "taux_participation": 20},
        ["Accès à l'épicerie sociale (12 semaines)"],
        [Decimal("300")],
    ),
    (
        Nature.MICROCREDIT,
        "Microcrédit personnel",
        Decimal("30000"),
        Decimal("3000"),
        {"organisme_partenaire": "Crédit Municipal (partenaire)"},
        ["Achat d'un véhicule pour l'emploi", "Caution d'un logement", "Formation qualifiante"],
        [Decimal("1200"), Decimal("1500"), Decimal("2000")],
    ),
    (
        Nature.PERMIS,
        "Bourse au permis de conduire",
        Decimal("8000"),
        Decimal("800"),
        {"heures_contrepartie": 35},
        ["Permis B : heures de conduite"],
        [Decimal("600"), Decimal("800")],
    ),
    (
        Nature.CHEQUES,
        "Chèques loisirs et culture",
        Decimal("5000"),
        Decimal("120"),
        {"valeur_faciale": Decimal("20")},
        ["Inscription au club de sport des enfants", "Cours de musique"],
        [Decimal("60"), Decimal("100")],
    ),
]
PIECES = "Pièce d'identité\nAvis d'imposition\nJustificatifs de ressources des trois derniers mois\nQuittance de loyer"
MOTIFS_REFUS = [
    "Ressources au-dessus du barème du dispositif.",
    "Une aide du même dispositif a déjà été accordée cette année.",
    "La demande relève d'un dispositif légal (FSL) : orientation faite.",
]


def _encadrant_ccas(collectivite, ccas):
    """The CCAS's director, who runs its schemes and commissions (docs/aides.md §4)."""
    from .construction import MOT_DE_PASSE_DEMO, secret_totp_demo

    email = f"encadrant-ccas@{collectivite.slug}.demo.fr"
    user = Utilisateur.objects.create_user(
        email, MOT_DE_PASSE_DEMO, collectivite=collectivite, prenom="Carole", nom="Bessières"
    )
    second_facteur.enroler(user, secret_totp_demo(email))
    Membre.objects.create(collectivite=collectivite, utilisateur=user, structure=ccas, role=Role.ENCADRANT)
    return user


def _hote(collectivite, ccas):
    """Where the bourse au permis' counterpart hours are done: the network's first association, else the CCAS's own
    commune services; with the person there who validates them, ``hote-permis@<slug>.demo.fr``."""
    from .construction import MOT_DE_PASSE_DEMO, secret_totp_demo

    structure = Structure.objects.filter(type=TypeStructure.ASSOCIATION).order_by("pk").first() or ccas
    email = f"hote-permis@{collectivite.slug}.demo.fr"
    user = Utilisateur.objects.create_user(
        email, MOT_DE_PASSE_DEMO, collectivite=collectivite, prenom="Gilles", nom="Cayrou"
    )
    second_facteur.enroler(user, secret_totp_demo(email))
    Membre.objects.create(collectivite=collectivite, utilisateur=user, structure=structure, role=Role.PARTENAIRE)
    return structure, user


def _moment(jour):
    return timezone.make_aware(datetime.combine(jour, time(10, 0)))


def _situation(collectivite, usager, rng, jour, auteur):
    enfants = rng.choice([0, 0, 1, 2, 3])
    adultes = rng.choice([0, 0, 1])
    type_foyer = ("couple_enfants" if adultes else "monoparental") if enfants else ("couple" if adultes else "seul")
    ressources = Decimal(rng.randrange(700, 2200, 10))
    return SituationFoyer.objects.create(
        collectivite=collectivite,
        usager=usager,
        date=jour,
        source=rng.choice(["declaration", "justificatifs", "caf"]),
        type_foyer=type_foyer,
        autres_14_plus=adultes,
        moins_14=enfants,
        ressources=ressources,
        charges=(ressources * Decimal(rng.randrange(45, 85)) / 100).quantize(Decimal("1")),
        saisie_par=auteur,
        saisie_le=_moment(jour),
    )


def generer(collectivite, graine=46, aujourd_hui=None):
    """Returns the number of applications written."""
    rng = random.Random(graine + 16)
    aujourd_hui = aujourd_hui or timezone.localdate()
    ccas = Structure.objects.filter(type=TypeStructure.CCAS_CIAS).order_by("pk").first()
    departement = Structure.objects.filter(type=TypeStructure.DEPARTEMENT).order_by("pk").first()
    slug = collectivite.slug
    ts_ccas = Utilisateur.objects.filter(email=f"travailleur-social-ccas@{slug}.demo.fr").first()
    ts = Utilisateur.objects.filter(email=f"travailleur-social@{slug}.demo.fr").first()
    encadrant = Utilisateur.objects.filter(email=f"encadrant@{slug}.demo.fr").first()
    if not (ccas and departement and ts_ccas and ts and encadrant):
        return 0
    encadrant_ccas = _encadrant_ccas(collectivite, ccas)
    hote = _hote(collectivite, ccas)
    communes = [ccas.commune]
    dispositifs = []
    for nature, nom, budget, plafond, autres, objets, montants in DISPOSITIFS_CCAS:
        d = Dispositif.objects.create(
            collectivite=collectivite,
            structure=ccas,
            nom=nom,
            nature=nature,
            budget_annuel=budget,
            plafond_foyer=plafond,
            pieces=PIECES,
            reste_a_vivre_max=Decimal("15"),
            **autres,
        )
        d.communes.set(communes)
        dispositifs.append((d, objets, montants, ts_ccas))
    secours = Dispositif.objects.create(
        collectivite=collectivite,
        structure=departement,
        nom="Secours d'urgence",
        nature=Nature.SECOURS,
        budget_annuel=Decimal("15000"),
        plafond_foyer=Decimal("500"),
        decideur=Decideur.HABILITE,
        reste_a_vivre_max=Decimal("12"),
        pieces="Pièce d'identité\nFacture ou échéancier en cause",
    )
    Habilitation.objects.create(collectivite=collectivite, dispositif=secours, utilisateur=encadrant, montant_max=300)
    dispositifs.append((secours, ["Facture d'énergie", "Aide alimentaire d'urgence", "Dette de loyer"], [], ts))

    # two commissions a month at the CCAS, over the last twelve months
    debut = aujourd_hui - relativedelta(months=12)
    seances = []
    jour = debut.replace(day=1)
    while jour <= aujourd_hui:
        for quantieme in (8, 22):
            date = jour.replace(day=quantieme)
            if debut <= date <= aujourd_hui:
                c = Commission.objects.create(
                    collectivite=collectivite, structure=ccas, date=date, lieu="Salle du conseil du CCAS"
                )
                c.membres.set([ts_ccas, encadrant_ccas])
                seances.append(c)
        jour += relativedelta(months=1)
    usagers = list(Usager.objects.filter(anonymise_le__isnull=True).order_by("pk")[:300])
    rng.shuffle(usagers)
    annee = aujourd_hui.year
    n = 0
    engage = {}
    for i, usager in enumerate(usagers[:140]):
        dispositif, objets, montants, instructeur = dispositifs[i % len(dispositifs)]
        depot = aujourd_hui - timedelta(days=rng.randint(2, 360))
        situation = _situation(collectivite, usager, rng, depot, instructeur)
        demande = Demande.objects.create(
            collectivite=collectivite,
            usager=usager,
            dispositif=dispositif,
            situation=situation,
            instructeur=instructeur,
            structure_instructrice=ccas if instructeur == ts_ccas else departement,
            objet=rng.choice(objets),
            montant_demande=rng.choice(montants) if montants else Decimal(rng.randrange(80, 300, 10)),
            evaluation="Situation vérifiée sur justificatifs ; projet construit avec la personne.",
            deposee_le=_moment(depot),
            reste_a_vivre=reste_a_vivre(situation),
            regles=regles(dispositif, usager, situation, {ccas.commune_id}),
            instruite_le=_moment(depot),
            statut=StatutDemande.INSTRUITE,
        )
        n += 1
        if dispositif is secours:
            decidee = depot + timedelta(days=1)
            if decidee > aujourd_hui:
                continue
            _decider(collectivite, demande, None, encadrant, decidee, rng, engage, annee, hote, urgente=True)
            continue
        suivantes = [c for c in seances if c.date > depot]
        if not suivantes:
            continue
        commission = suivantes[0]
        demande.commission = commission
        demande.statut = StatutDemande.INSCRITE
        demande.save(update_fields=["commission", "statut"])
        if commission.date < aujourd_hui:
            _decider(collectivite, demande, commission, encadrant_ccas, commission.date, rng, engage, annee, hote)
    for c in seances:
        if c.date < aujourd_hui:
            c.close_le = _moment(c.date)
            c.save(update_fields=["close_le"])
            Decision.objects.filter(
                urgente=True, rapportee_a__isnull=True, demande__dispositif__structure=c.structure
            ).update(rapportee_a=c)
    return n


def _decider(collectivite, demande, commission, par, jour, rng, engage, annee, hote, urgente=False):
    dispositif = demande.dispositif
    tirage = rng.random()
    montant = min(demande.montant_demande, dispositif.plafond_foyer)
    cle = (dispositif.pk, jour.year)
    budget_ok = engage.get(cle, Decimal("0")) + montant <= dispositif.budget_annuel
    deja = Decision.objects.filter(
        sens=Sens.ACCORDEE, demande__usager=demande.usager, demande__dispositif=dispositif, decidee_le__year=jour.year
    ).exists()
    if tirage < 0.7 and budget_ok and not deja:
        sens = Sens.ACCORDEE
    elif tirage < 0.9 or not budget_ok or deja:
        sens = Sens.REFUSEE
    else:
        sens = Sens.AJOURNEE
    duree = 12 if dispositif.nature == Nature.MICROCREDIT else None
    decision = Decision.objects.create(
        collectivite=collectivite,
        demande=demande,
        commission=commission,
        urgente=urgente,
        sens=sens,
        montant=montant if sens == Sens.ACCORDEE else Decimal("0"),
        duree_mois=duree if sens == Sens.ACCORDEE else None,
        objectifs="Désendettement et stabilisation du budget." if sens == Sens.ACCORDEE else "",
        motif=rng.choice(MOTIFS_REFUS) if sens == Sens.REFUSEE else "",
        manquant="Avis d'imposition de l'année." if sens == Sens.AJOURNEE else "",
        decidee_par=par,
        decidee_le=_moment(jour),
    )
    demande.statut = {
        Sens.ACCORDEE: StatutDemande.ACCORDEE,
        Sens.REFUSEE: StatutDemande.REFUSEE,
        Sens.AJOURNEE: StatutDemande.AJOURNEE,
    }[sens]
    if sens == Sens.AJOURNEE:
        demande.commission = None
    demande.save(update_fields=["statut", "commission"])
    if sens != Sens.ACCORDEE:
        return
    engage[cle] = engage.get(cle, Decimal("0")) + montant
    _suivre(collectivite, decision, jour, rng, par, hote)


def _heures(collectivite, decision, jour, rng, par, hote):
    """The counterpart hours of a bourse au permis: 3,5 hours a week from the week after the decision, up to the hours
    agreed; validated by the host a few days after (one in twenty refused: the person did not come), the last
    fortnight's waiting for its validation, the coming weeks planned."""
    structure, valideur = hote
    aujourd_hui = timezone.localdate()
    for k in range(int(decision.demande.dispositif.heures_contrepartie // Decimal("3.5"))):
        date = jour + timedelta(days=7 * (k + 1))
        statut = StatutHeures.PREVUES
        if date <= aujourd_hui - timedelta(days=14):
            statut = StatutHeures.REFUSEES if rng.random() < 0.05 else StatutHeures.VALIDEES
        elif date <= aujourd_hui:
            statut = StatutHeures.FAITES
        fait = statut != StatutHeures.PREVUES
        tranche = statut in (StatutHeures.VALIDEES, StatutHeures.REFUSEES)
        HeuresContrepartie.objects.create(
            collectivite=collectivite,
            decision=decision,
            date=date,
            heures=Decimal("3.5"),
            structure_hote=structure,
            hote="Jardin partagé et entretien des locaux",
            statut=statut,
            enregistre_par=par,
            declaree_par=par if fait else None,
            declaree_le=_moment(date) if fait else None,
            validee_par=valideur if tranche else None,
            validee_le=_moment(date + timedelta(days=3)) if tranche else None,
            motif_refus="La personne n'est pas venue et n'a pas prévenu." if statut == StatutHeures.REFUSEES else "",
        )


def _suivre(collectivite, decision, jour, rng, par, hote):
    dispositif = decision.demande.dispositif
    aujourd_hui = timezone.localdate()
    if dispositif.nature == Nature.MICROCREDIT:
        base = (decision.montant / 12).quantize(Decimal("0.01"))
        for k in range(12):
            echeance = jour + relativedelta(months=k + 1)
            paye = echeance < aujourd_hui and rng.random() < 0.9
            Echeance.objects.create(
                collectivite=collectivite,
                decision=decision,
                numero=k + 1,
                date_prevue=echeance,
                montant=base if k < 11 else decision.montant - base * 11,
                payee_le=echeance if paye else None,
                incident="" if paye or echeance >= aujourd_hui else "Prélèvement rejeté",
            )
        return
    if dispositif.nature == Nature.CHEQUES:
        nombre = int(decision.montant // dispositif.valeur_faciale)
        for k in range(nombre):
            expire = jour + relativedelta(months=6)
            utilise = rng.random() < 0.7
            Bon.objects.create(
                collectivite=collectivite,
                decision=decision,
                numero=f"{jour.year}-{dispositif.pk}-{decision.pk:04d}{k + 1:02d}",
                valeur=dispositif.valeur_faciale,
                emis_le=jour,
                expire_le=expire,
                statut=StatutBon.UTILISE if utilise else (StatutBon.EXPIRE if expire < aujourd_hui else StatutBon.EMIS),
                utilise_le=jour + timedelta(days=20) if utilise else None,
            )
    if dispositif.nature == Nature.PERMIS:
        _heures(collectivite, decision, jour, rng, par, hote)
    tiers = dispositif.nature in (Nature.PERMIS, Nature.SECOURS)
    Versement.objects.create(
        collectivite=collectivite,
        decision=decision,
        montant=decision.montant,
        date=jour + timedelta(days=3),
        beneficiaire="tiers" if tiers else "personne",
        tiers_nom=("Auto-école du Lot" if dispositif.nature == Nature.PERMIS else "Fournisseur d'énergie")
        if tiers
        else "",
        moyen="bons"
        if dispositif.nature == Nature.CHEQUES
        else ("carte" if dispositif.nature == Nature.EPICERIE else "virement"),
        enregistre_par=par,
    )
