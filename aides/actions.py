"""Writes on aids (docs/aides.md). ``check_`` validates and authorises; ``do_`` writes in one transaction; the PDFs
are queued by task name through the outbox."""

from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from stdnum import iban as stdnum_iban

from accompagnement import actions as actions_accompagnement
from accompagnement.access import accompagnements_visibles_par
from accompagnement.enums import Porteur
from accompagnement.models import Objectif, Theme
from collectivites.envois import planifier
from config.bornes import annee as valider_annee
from usagers.access import usagers_visibles_par

from . import calcul, epicerie
from .access import gere_la_structure, peut_deliberer, peut_suivre, peut_valider_heures, structure_instructrice
from .enums import Beneficiaire, Decideur, Nature, Sens, StatutBon, StatutDemande, StatutHeures
from .models import (
    MONTANT_MAX,
    AchatEpicerie,
    Bon,
    Commission,
    Decision,
    Demande,
    Dispositif,
    DocumentAide,
    Echeance,
    ExamenPermis,
    Habilitation,
    HeuresContrepartie,
    RevueObjectifs,
    SituationFoyer,
    Versement,
)

THEME_AIDES = "Aides facultatives"


def _euros(valeur):
    return f"{valeur:.2f}".replace(".", ",") + " €"


def _nombre(valeur):
    """A decimal in French without trailing zeros: 7, 3,5."""
    return f"{Decimal(valeur).normalize():f}".replace(".", ",")


# Schemes.


def check_gerer(user, structure):
    if not gere_la_structure(user, structure.pk):
        raise PermissionDenied("Seuls les encadrants de la structure gèrent ses dispositifs et ses commissions.")


@transaction.atomic
def do_creer_dispositif(user, structure, donnees, communes=(), habilitations=()):
    """``habilitations``: ``(utilisateur, montant_max)`` pairs of the people who may decide an urgent aid alone."""
    check_gerer(user, structure)
    dispositif = Dispositif(collectivite_id=user.collectivite_id, structure=structure, **donnees)
    dispositif.full_clean(exclude=["communes"])
    dispositif.save()
    dispositif.communes.set(communes)
    for utilisateur, montant_max in habilitations:
        do_habiliter(user, dispositif, utilisateur, montant_max)
    return dispositif


def do_habiliter(user, dispositif, utilisateur, montant_max):
    check_gerer(user, dispositif.structure)
    if montant_max is None or montant_max <= 0 or montant_max > dispositif.plafond_foyer:
        raise ValidationError(
            {"montant_max": "Montant maximum : un montant positif, au plus le plafond par foyer du dispositif."}
        )
    habilitation, _ = Habilitation.objects.update_or_create(
        dispositif=dispositif,
        utilisateur=utilisateur,
        defaults={"montant_max": montant_max, "collectivite_id": user.collectivite_id},
    )
    return habilitation


# The household and the application.


def check_usager(user, usager):
    if not user.peut("accompagner"):
        raise PermissionDenied("Votre rôle ne permet pas d'instruire une demande d'aide.")
    if not usagers_visibles_par(user).filter(pk=usager.pk).exists():
        raise PermissionDenied("Personne introuvable.")


@transaction.atomic
def do_enregistrer_situation(user, usager, donnees):
    check_usager(user, usager)
    situation = SituationFoyer(collectivite_id=user.collectivite_id, usager=usager, saisie_par=user, **donnees)
    situation.full_clean()
    situation.save()
    return situation


def situation_actuelle(usager):
    return SituationFoyer.objects.filter(usager=usager).order_by("-date", "-pk").first()


def _instruire(demande):
    demande.reste_a_vivre = calcul.reste_a_vivre(demande.situation)
    demande.regles = calcul.regles(demande.dispositif, demande.usager, demande.situation)


@transaction.atomic
def do_deposer(user, usager, dispositif, donnees, accompagnement=None, passage=None, jeton=None):
    """Open an application with the person's current situation; the rules are checked at once."""
    check_usager(user, usager)
    if jeton and (existante := Demande.objects.filter(jeton=jeton).first()):
        return existante  # the same form posted twice, or an API client retrying
    if not dispositif.actif:
        raise ValidationError({"dispositif": "Ce dispositif n'est plus ouvert aux demandes."})
    situation = situation_actuelle(usager)
    if situation is None:
        raise ValidationError(
            {"situation": "Saisissez d'abord la situation du foyer (composition, ressources, charges)."}
        )
    if accompagnement is not None:
        # a support of another structure, not shared with the user: as if it did not exist (docs/securite.md §4)
        if not accompagnements_visibles_par(user).filter(pk=accompagnement.pk).exists():
            raise PermissionDenied("Accompagnement introuvable.")
        if accompagnement.usager_id != usager.pk:
            raise ValidationError({"accompagnement": "Cet accompagnement est celui d'une autre personne."})
    demande = Demande(
        collectivite_id=user.collectivite_id,
        usager=usager,
        dispositif=dispositif,
        situation=situation,
        instructeur=user,
        structure_instructrice_id=structure_instructrice(user, accompagnement, passage),
        accompagnement=accompagnement,
        passage=passage,
        jeton=jeton,
        **donnees,
    )
    demande.full_clean(exclude=["regles", "commission"])
    _instruire(demande)
    try:
        with transaction.atomic():
            demande.save()
    except IntegrityError:  # a concurrent retry with the same token won
        return Demande.objects.get(jeton=jeton)
    return demande


def check_suivre(user, demande):
    if not peut_suivre(user, demande):
        raise PermissionDenied("Seuls le professionnel qui instruit la demande et les encadrants la modifient.")


@transaction.atomic
def do_instruire(user, demande, evaluation):
    """The assessment, and the rules computed again on the person's current situation."""
    check_suivre(user, demande)
    if demande.est_decidee:
        raise ValidationError("Cette demande est déjà décidée : elle ne s'instruit plus.")
    demande.situation = situation_actuelle(demande.usager) or demande.situation
    demande.evaluation = evaluation
    _instruire(demande)
    demande.instruite_le = timezone.now()
    if demande.statut in (StatutDemande.DEPOSEE, StatutDemande.AJOURNEE):
        demande.statut = StatutDemande.INSTRUITE
    demande.full_clean(exclude=["regles", "commission", "situation"])
    demande.save()
    return demande


# Commissions.


@transaction.atomic
def do_creer_commission(user, structure, date, lieu="", membres=()):
    check_gerer(user, structure)
    commission = Commission(collectivite_id=user.collectivite_id, structure=structure, date=date, lieu=lieu)
    commission.full_clean()
    commission.save()
    commission.membres.set(membres)
    return commission


@transaction.atomic
def do_inscrire(user, commission, demande):
    check_gerer(user, commission.structure)
    if commission.est_close:
        raise ValidationError({"demande": "Cette commission est close : inscrivez la demande à la suivante."})
    if demande.dispositif.structure_id != commission.structure_id:
        raise ValidationError({"demande": "Cette demande relève d'un dispositif d'une autre structure."})
    if demande.est_decidee:
        raise ValidationError({"demande": "Cette demande est déjà décidée."})
    demande.commission = commission
    demande.statut = StatutDemande.INSCRITE
    demande.save(update_fields=["commission", "statut"])
    return demande


def _verifier_montant(dispositif, demande, montant, annee, derogation=""):
    """Amounts (docs/aides.md « Montants »): positive and sensible, within the household's yearly ceiling — unless an
    authorised person derogates with a reason (``derogation``) — and always within the remaining budget. The caller
    holds the scheme's row lock, so the remaining budget cannot change meanwhile."""
    if montant is None or montant <= 0:
        raise ValidationError({"montant": "Montant accordé : un montant positif est attendu."})
    if montant > MONTANT_MAX:
        raise ValidationError({"montant": f"Montant accordé : {_euros(montant)} n'est pas un montant plausible."})
    deja = (
        Decision.objects.accordees()
        .filter(demande__dispositif=dispositif, demande__usager=demande.usager, decidee_le__year=annee)
        .values_list("montant", flat=True)
    )
    if sum(deja, Decimal("0")) + montant > dispositif.plafond_foyer and not derogation:
        raise ValidationError(
            {
                "montant": "Montant accordé : le plafond par foyer et par an est de "
                f"{_euros(dispositif.plafond_foyer)} et {_euros(sum(deja, Decimal('0')))} ont déjà été accordés "
                "cette année."
            }
        )
    restant = dispositif.budget_annuel - Decision.objects.engage(dispositif, annee)
    if montant > restant:
        raise ValidationError(
            {"montant": f"Montant accordé : il reste {_euros(restant)} au budget {annee} du dispositif."}
        )


def _ecrire_decision(user, demande, commission, donnees, urgente=False):
    sens = donnees["sens"]
    # only an authorised person's urgent grant may go beyond the household's ceiling, and says why
    derogation = (donnees.get("derogation") or "").strip() if urgente and sens == Sens.ACCORDEE else ""
    maintenant = timezone.now()
    # the row lock: two decisions on the last euros of a budget are taken one after the other (docs/aides.md)
    dispositif = Dispositif.objects.select_for_update().get(pk=demande.dispositif_id)
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    if demande.est_decidee:
        raise ValidationError({"sens": "Cette demande est déjà décidée."})
    montant = donnees.get("montant")
    if sens == Sens.ACCORDEE:
        _verifier_montant(dispositif, demande, montant, timezone.localtime(maintenant).year, derogation)
    elif sens == Sens.REFUSEE:
        if not (donnees.get("motif") or "").strip():
            raise ValidationError({"motif": "Motif du refus : il est dû à la personne."})
        montant = Decimal("0")
    else:
        if not (donnees.get("manquant") or "").strip():
            raise ValidationError({"manquant": "Ce qui manque : dites ce qui est attendu pour la prochaine séance."})
        montant = Decimal("0")
    decision = Decision(
        collectivite_id=user.collectivite_id,
        demande=demande,
        commission=commission,
        urgente=urgente,
        sens=sens,
        montant=montant,
        duree_mois=donnees.get("duree_mois"),
        conditions=donnees.get("conditions", ""),
        objectifs=donnees.get("objectifs", ""),
        motif=donnees.get("motif", "") if sens == Sens.REFUSEE else "",
        manquant=donnees.get("manquant", "") if sens == Sens.AJOURNEE else "",
        derogation=derogation,
        decidee_par=user,
        decidee_le=maintenant,
    )
    decision.full_clean(exclude=["commission", "rapportee_a"])
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as e:
        raise ValidationError({"sens": "Cette commission a déjà décidé de cette demande."}) from e
    demande.statut = {
        Sens.ACCORDEE: StatutDemande.ACCORDEE,
        Sens.REFUSEE: StatutDemande.REFUSEE,
        Sens.AJOURNEE: StatutDemande.AJOURNEE,
    }[sens]
    if sens == Sens.AJOURNEE:
        demande.commission = None
    demande.save(update_fields=["statut", "commission"])
    if sens != Sens.AJOURNEE:
        do_demander_lettre(user, decision)
    if sens == Sens.ACCORDEE:
        _action_du_plan(demande, decision)
    return decision


def _action_du_plan(demande, decision):
    """« Aide accordée » in the plan of the support the application came from, written through accompagnement's own
    actions as the instructing professional (a member of the support's group)."""
    accompagnement = demande.accompagnement
    if accompagnement is None:
        return
    auteur = demande.instructeur
    try:
        with transaction.atomic():
            theme = Theme.objects.filter(accompagnement=accompagnement, libelle=THEME_AIDES).first()
            theme = theme or actions_accompagnement.do_ajouter_theme(auteur, accompagnement, THEME_AIDES)
            objectif = Objectif.objects.filter(theme=theme, libelle=demande.dispositif.nom).first()
            objectif = objectif or actions_accompagnement.do_ajouter_objectif(auteur, theme, demande.dispositif.nom)
            actions_accompagnement.do_ajouter_action(
                auteur,
                objectif,
                {
                    "libelle": f"Aide accordée : {demande.objet} ({_euros(decision.montant)})",
                    "porteur": Porteur.TRAVAILLEUR,
                },
            )
    except (PermissionDenied, ValidationError):
        # a closed support, or an instructing professional who left its group: the decision stands without it
        return


@transaction.atomic
def do_decider(user, commission, demande, donnees):
    if not peut_deliberer(user, commission):
        raise PermissionDenied("Seuls les membres de la commission et les encadrants de la structure décident.")
    if commission.est_close:
        raise ValidationError({"sens": "Cette commission est close : ses décisions ne changent plus."})
    if demande.commission_id != commission.pk:
        raise ValidationError({"sens": "Cette demande n'est pas à l'ordre du jour de cette commission."})
    return _ecrire_decision(user, demande, commission, donnees)


@transaction.atomic
def do_decider_urgence(user, demande, donnees):
    """An urgent aid decided by an authorised person up to their amount, reported to the next commission."""
    habilitation = Habilitation.objects.filter(dispositif=demande.dispositif_id, utilisateur=user).first()
    if habilitation is None or demande.dispositif.decideur != Decideur.HABILITE:
        raise PermissionDenied("Vous n'êtes pas habilité·e à décider seul·e une aide de ce dispositif.")
    if donnees["sens"] == Sens.ACCORDEE and (donnees.get("montant") or 0) > habilitation.montant_max:
        raise ValidationError(
            {"montant": f"Montant accordé : votre habilitation va jusqu'à {_euros(habilitation.montant_max)}."}
        )
    return _ecrire_decision(user, demande, None, donnees, urgente=True)


@transaction.atomic
def do_cloturer_commission(user, commission):
    """Close the meeting: the urgent decisions taken since are reported to it, and its minutes are rendered."""
    check_gerer(user, commission.structure)
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    if commission.est_close:
        raise ValidationError("Cette commission est déjà close.")
    commission.close_le = timezone.now()
    commission.save(update_fields=["close_le"])
    Decision.objects.filter(
        urgente=True, rapportee_a__isnull=True, demande__dispositif__structure=commission.structure
    ).update(rapportee_a=commission)
    # what was on the agenda and not decided goes back to the professional
    commission.ordre_du_jour.exclude(statut__in=[StatutDemande.ACCORDEE, StatutDemande.REFUSEE]).update(
        commission=None, statut=StatutDemande.INSTRUITE
    )
    document = DocumentAide.objects.create(
        collectivite_id=user.collectivite_id,
        type=DocumentAide.Type.PROCES_VERBAL,
        commission=commission,
        demande_par=user,
    )
    planifier("aides.generer_document", commission.collectivite, document.pk)
    return commission


def do_demander_lettre(user, decision):
    with transaction.atomic():
        document = DocumentAide.objects.create(
            collectivite_id=user.collectivite_id, type=DocumentAide.Type.LETTRE, decision=decision, demande_par=user
        )
        planifier("aides.generer_document", decision.collectivite, document.pk)
    return document


def do_demander_rapport(user, structure, annee):
    """Queue the yearly activity report of a structure (docs/aides.md « Rapport d'activité »): its encadrants only."""
    check_gerer(user, structure)
    annee = valider_annee(annee)
    with transaction.atomic():
        document = DocumentAide.objects.create(
            collectivite_id=user.collectivite_id,
            type=DocumentAide.Type.RAPPORT,
            structure=structure,
            annee=annee,
            demande_par=user,
        )
        planifier("aides.generer_document", structure.collectivite, document.pk)
    return document


# Payment and follow-up.


def _decision_accordee(decision):
    if not decision.est_accordee:
        raise ValidationError("Seule une aide accordée se verse.")


def valider_iban(valeur):
    try:
        return stdnum_iban.validate(valeur)
    except Exception as e:  # stdnum raises its own ValidationError family
        raise ValidationError({"tiers_iban": "IBAN du tiers : ce numéro de compte n'est pas valide."}) from e


@transaction.atomic
def do_verser(user, decision, donnees):
    check_suivre(user, decision.demande)
    _decision_accordee(decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    montant = donnees.get("montant")
    if montant is None or montant <= 0:
        raise ValidationError({"montant": "Montant versé : un montant positif est attendu."})
    if decision.verse() + montant > decision.montant:
        raise ValidationError(
            {
                "montant": f"Montant versé : il reste {_euros(decision.montant - decision.verse())} à verser "
                "sur cette aide."
            }
        )
    iban = (donnees.get("tiers_iban") or "").replace(" ", "")
    if donnees["beneficiaire"] == Beneficiaire.TIERS:
        if not (donnees.get("tiers_nom") or "").strip():
            raise ValidationError({"tiers_nom": "Nom du tiers : indiquez qui reçoit le versement."})
        if iban:
            iban = valider_iban(iban)
    elif iban:
        raise ValidationError(
            {"tiers_iban": "IBAN du tiers : les coordonnées bancaires de la personne ne sont pas conservées."}
        )
    versement = Versement(
        collectivite_id=user.collectivite_id,
        decision=decision,
        montant=montant,
        date=donnees.get("date") or timezone.localdate(),
        beneficiaire=donnees["beneficiaire"],
        tiers_nom=donnees.get("tiers_nom", "") if donnees["beneficiaire"] == Beneficiaire.TIERS else "",
        tiers_iban=iban,
        moyen=donnees["moyen"],
        enregistre_par=user,
    )
    versement.full_clean()
    versement.save()
    return versement


@transaction.atomic
def do_emettre_bons(user, decision, nombre, expire_le):
    """Numbered vouchers of the scheme's face value, within the amount granted."""
    check_suivre(user, decision.demande)
    _decision_accordee(decision)
    dispositif = Dispositif.objects.select_for_update().get(pk=decision.demande.dispositif_id)
    valeur = dispositif.valeur_faciale
    if not valeur:
        raise ValidationError({"nombre": "Ce dispositif n'a pas de valeur faciale : il n'émet pas de chèques."})
    if nombre is None or nombre <= 0 or nombre > 100:
        raise ValidationError({"nombre": "Nombre de chèques : entre 1 et 100."})
    emis = decision.bons.count()
    if (emis + nombre) * valeur > decision.montant:
        raise ValidationError(
            {
                "nombre": f"Nombre de chèques : {emis} déjà émis, l'aide de {_euros(decision.montant)} "
                "n'en permet pas plus."
            }
        )
    annee = timezone.localdate().year
    prefixe = f"{annee}-{dispositif.pk}-"
    deja = Bon.objects.filter(numero__startswith=prefixe).count()
    return Bon.objects.bulk_create(
        [
            Bon(
                collectivite_id=user.collectivite_id,
                decision=decision,
                numero=f"{prefixe}{deja + i:05d}",
                valeur=valeur,
                expire_le=expire_le,
            )
            for i in range(1, nombre + 1)
        ]
    )


@transaction.atomic
def do_utiliser_bon(user, bon, jour=None):
    check_suivre(user, bon.decision.demande)
    jour = jour or timezone.localdate()
    bon = Bon.objects.select_for_update().get(pk=bon.pk)
    if bon.statut == StatutBon.UTILISE:
        raise ValidationError({"numero": f"Chèque n° {bon.numero} : déjà utilisé le {bon.utilise_le:%d/%m/%Y}."})
    if bon.statut == StatutBon.EXPIRE or bon.expire_le < jour:
        raise ValidationError({"numero": f"Chèque n° {bon.numero} : expiré le {bon.expire_le:%d/%m/%Y}."})
    bon.statut = StatutBon.UTILISE
    bon.utilise_le = jour
    bon.save(update_fields=["statut", "utilise_le"])
    return bon


def expirer_bons(jour=None):
    """Vouchers past their date become « expiré » (idempotent)."""
    return Bon.objects.filter(statut=StatutBon.EMIS, expire_le__lt=jour or timezone.localdate()).update(
        statut=StatutBon.EXPIRE
    )


@transaction.atomic
def do_etablir_echeancier(user, decision, premiere_echeance):
    """The microcredit's repayment schedule: the amount lent in ``duree_mois`` monthly instalments."""
    check_suivre(user, decision.demande)
    _decision_accordee(decision)
    if not decision.demande.dispositif.est_microcredit:
        raise ValidationError("Seul un microcrédit a un échéancier.")
    if decision.echeances.exists():
        raise ValidationError({"premiere_echeance": "L'échéancier de ce prêt est déjà établi."})
    n = decision.duree_mois or 0
    if n <= 0:
        raise ValidationError({"premiere_echeance": "La décision ne dit pas la durée du prêt en mois."})
    base = (decision.montant / n).quantize(Decimal("0.01"))
    montants = [base] * (n - 1) + [decision.montant - base * (n - 1)]
    return Echeance.objects.bulk_create(
        [
            Echeance(
                collectivite_id=user.collectivite_id,
                decision=decision,
                numero=i + 1,
                date_prevue=premiere_echeance + relativedelta(months=i),
                montant=m,
            )
            for i, m in enumerate(montants)
        ]
    )


@transaction.atomic
def do_payer_echeance(user, echeance, payee_le, incident=""):
    check_suivre(user, echeance.decision.demande)
    echeance = Echeance.objects.select_for_update().get(pk=echeance.pk)
    echeances = Echeance.objects.filter(decision_id=echeance.decision_id)
    if not echeances.filter(payee_le__isnull=True).exists():
        solde = max(echeances.values_list("payee_le", flat=True))
        raise ValidationError(
            {"payee_le": f"Payée le : le prêt est soldé depuis le {solde:%d/%m/%Y}, aucun remboursement ne s'y ajoute."}
        )
    if echeance.payee_le is not None:
        raise ValidationError(
            {"payee_le": f"Échéance n° {echeance.numero} : déjà payée le {echeance.payee_le:%d/%m/%Y}."}
        )
    if payee_le is None:
        raise ValidationError({"payee_le": "Payée le : indiquez la date du remboursement."})
    if payee_le > timezone.localdate():
        raise ValidationError({"payee_le": "Payée le : la date ne peut pas être dans le futur."})
    echeance.payee_le = payee_le
    echeance.incident = incident
    echeance.full_clean()
    echeance.save(update_fields=["payee_le", "incident"])
    return echeance


def _verrouiller_heures(heures):
    """The entry's row, locked: two validations at once are taken one after the other."""
    return HeuresContrepartie.objects.select_for_update(of=("self",)).select_related("validee_par").get(pk=heures.pk)


@transaction.atomic
def do_prevoir_heures(user, decision, donnees):
    """Plan counterpart hours of a bourse au permis at a host structure (docs/aides.md « Bourse au permis »): positive,
    and with the hours already planned, done or validated, within the hours the scheme agreed."""
    check_suivre(user, decision.demande)
    _decision_accordee(decision)
    dispositif = decision.demande.dispositif
    if dispositif.nature != Nature.PERMIS:
        raise ValidationError({"heures": "Heures : seule une bourse au permis a des heures de contrepartie."})
    heures_ = donnees.get("heures")
    if heures_ is None or heures_ <= 0:
        raise ValidationError({"heures": "Heures : un nombre d'heures positif est attendu."})
    if donnees.get("structure_hote") is None:
        raise ValidationError({"structure_hote": "Structure d'accueil : choisissez où les heures sont faites."})
    Decision.objects.select_for_update().get(pk=decision.pk)  # two plans at once cannot both pass the total
    comptees = HeuresContrepartie.objects.filter(decision=decision).comptees().total()
    prevues = dispositif.heures_contrepartie
    if prevues and comptees + heures_ > prevues:
        raise ValidationError(
            {
                "heures": f"Heures : {_nombre(comptees)} h déjà prévues ou faites sur les {prevues} h convenues, "
                f"il en reste {_nombre(max(prevues - comptees, 0))}."
            }
        )
    heures = HeuresContrepartie(
        collectivite_id=user.collectivite_id,
        decision=decision,
        enregistre_par=user,
        statut=StatutHeures.PREVUES,
        date=donnees["date"],
        heures=heures_,
        structure_hote=donnees["structure_hote"],
        hote=donnees.get("hote", ""),
    )
    heures.full_clean()
    heures.save()
    return heures


@transaction.atomic
def do_declarer_heures(user, heures, faites=None):
    """Planned hours declared done, once their day has come, by the instructing professional or the host; the hours
    actually done may be fewer than planned, never more."""
    if not (peut_suivre(user, heures.decision.demande) or peut_valider_heures(user, heures)):
        raise PermissionDenied("Seuls le professionnel qui instruit la demande et la structure d'accueil le déclarent.")
    heures = _verrouiller_heures(heures)
    if not heures.est_prevue:
        raise ValidationError({"heures": f"Heures : elles sont déjà {heures.get_statut_display().lower()}."})
    if heures.date > timezone.localdate():
        raise ValidationError(
            {"date": f"Date : ces heures sont prévues le {heures.date:%d/%m/%Y}, elles se déclarent une fois faites."}
        )
    if faites is not None:
        if faites <= 0:
            raise ValidationError({"heures": "Heures faites : un nombre d'heures positif est attendu."})
        if faites > heures.heures:
            raise ValidationError(
                {"heures": f"Heures faites : au plus les {_nombre(heures.heures)} h prévues ce jour-là."}
            )
        heures.heures = faites
    heures.statut = StatutHeures.FAITES
    heures.declaree_par, heures.declaree_le = user, timezone.now()
    heures.full_clean()
    heures.save(update_fields=["statut", "heures", "declaree_par", "declaree_le"])
    return heures


def _check_valider(user, heures):
    if not peut_valider_heures(user, heures):
        raise PermissionDenied("Seules les personnes de la structure d'accueil valident ses heures de contrepartie.")
    heures = _verrouiller_heures(heures)
    if heures.est_validee or heures.est_refusee:
        verbe = "validées" if heures.est_validee else "refusées"
        par = f" par {heures.validee_par.get_full_name()}" if heures.validee_par else ""
        quand = f" le {timezone.localtime(heures.validee_le):%d/%m/%Y}" if heures.validee_le else ""
        raise ValidationError({"decision": f"Décision : ces heures ont déjà été {verbe}{quand}{par}."})
    if heures.est_prevue:
        raise ValidationError({"decision": "Décision : ces heures ne sont pas encore déclarées faites."})
    return heures


@transaction.atomic
def do_valider_heures(user, heures):
    """The host validates the hours done (docs/aides.md « Bourse au permis »): once, by a person of the host."""
    heures = _check_valider(user, heures)
    heures.statut = StatutHeures.VALIDEES
    heures.validee_par, heures.validee_le = user, timezone.now()
    heures.save(update_fields=["statut", "validee_par", "validee_le"])
    return heures


@transaction.atomic
def do_refuser_heures(user, heures, motif):
    """The host refuses hours declared done, with its reason; refused hours no longer count against the total."""
    heures = _check_valider(user, heures)
    if not (motif or "").strip():
        raise ValidationError({"motif_refus": "Motif du refus : dites pourquoi ces heures ne sont pas validées."})
    heures.statut = StatutHeures.REFUSEES
    heures.validee_par, heures.validee_le, heures.motif_refus = user, timezone.now(), motif.strip()
    heures.full_clean()
    heures.save(update_fields=["statut", "validee_par", "validee_le", "motif_refus"])
    return heures


# The épicerie sociale's access card (docs/aides.md « Épicerie sociale »).


def _carte_epicerie(user, decision, champ):
    check_suivre(user, decision.demande)
    _decision_accordee(decision)
    if decision.demande.dispositif.nature != Nature.EPICERIE:
        raise ValidationError({champ: "Seule une aide d'épicerie sociale a une carte d'accès."})
    # the decision's row is locked: two purchases recorded at once cannot both pass the ceiling
    Decision.objects.select_for_update().get(pk=decision.pk)
    return epicerie.carte(decision)


@transaction.atomic
def do_enregistrer_achat(user, decision, donnees):
    """Spending on the card, within its period and its ceiling; the person's participation is computed."""
    carte = _carte_epicerie(user, decision, "montant")
    date, montant_ = donnees["date"], donnees["montant"]
    if date > timezone.localdate():
        raise ValidationError({"date": "Date : un achat ne s'enregistre qu'une fois fait."})
    if date < carte.debut or (carte.fin and date > carte.fin):
        fin = f" au {carte.fin:%d/%m/%Y}" if carte.fin else ""
        raise ValidationError({"date": f"Date : la carte est valable du {carte.debut:%d/%m/%Y}{fin}."})
    if montant_ <= 0:
        raise ValidationError({"montant": "Montant des achats : indiquez un montant positif."})
    if montant_ > carte.reste:
        raise ValidationError(
            {
                "montant": f"Montant des achats : il reste {_euros(carte.reste)} sur le plafond de "
                f"{_euros(carte.plafond)} de la carte."
            }
        )
    achat = AchatEpicerie(
        collectivite_id=user.collectivite_id,
        decision=decision,
        date=date,
        montant=montant_,
        participation=epicerie.participation(montant_, carte.taux),
        enregistre_par=user,
    )
    achat.full_clean()
    achat.save()
    return achat


@transaction.atomic
def do_revoir_objectifs(user, decision, donnees):
    """The objectives agreed with the person are reviewed once, at the end of the access period."""
    carte = _carte_epicerie(user, decision, "resultat")
    if carte.fin and timezone.localdate() < carte.fin:
        raise ValidationError(
            {"resultat": f"Résultat : la revue des objectifs se fait à la fin de l'accès, le {carte.fin:%d/%m/%Y}."}
        )
    if decision.revues.exists():
        raise ValidationError({"resultat": "Résultat : les objectifs de cette aide ont déjà été revus."})
    revue = RevueObjectifs(
        collectivite_id=user.collectivite_id,
        decision=decision,
        date=timezone.localdate(),
        revue_par=user,
        resultat=donnees["resultat"],
        commentaire=donnees.get("commentaire", ""),
    )
    revue.full_clean()
    revue.save()
    return revue


@transaction.atomic
def do_enregistrer_examen(user, decision, donnees):
    """A theory or driving test of a bourse au permis: once taken (not in the future); once passed, not again."""
    check_suivre(user, decision.demande)
    _decision_accordee(decision)
    if decision.demande.dispositif.nature != Nature.PERMIS:
        raise ValidationError({"epreuve": "Épreuve : seule une bourse au permis a des épreuves."})
    Decision.objects.select_for_update().get(pk=decision.pk)
    if donnees["date"] > timezone.localdate():
        raise ValidationError({"date": "Date de l'épreuve : un résultat ne s'enregistre qu'une fois l'épreuve passée."})
    if decision.examens.filter(epreuve=donnees["epreuve"], resultat=ExamenPermis.Resultat.REUSSI).exists():
        libelle = ExamenPermis.Epreuve(donnees["epreuve"]).label
        raise ValidationError({"epreuve": f"Épreuve : « {libelle} » est déjà réussie."})
    examen = ExamenPermis(collectivite_id=user.collectivite_id, decision=decision, enregistre_par=user, **donnees)
    examen.full_clean()
    examen.save()
    return examen
