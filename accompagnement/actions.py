"""Writes on supports. ``check_`` validates and authorises; ``do_`` writes in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from collectivites.champs import affecter
from collectivites.envois import planifier
from collectivites.noms import forme
from reseau.models import Membre
from usagers.access import usagers_visibles_par

from .access import peut_modifier
from .enums import TYPES_PAR_DEFAUT, FinGroupe, Porteur, StatutAccompagnement, StatutAction
from .models import (
    Accompagnement,
    Action,
    DocumentPlan,
    EnqueteExpulsion,
    Entretien,
    EvaluationIP,
    MembreGroupe,
    NotePrivee,
    Objectif,
    PartenaireConsenti,
    Theme,
    TypeAccompagnement,
)


def initialiser_types(collectivite):
    existants = set(TypeAccompagnement.objects.filter(collectivite=collectivite).values_list("code", flat=True))
    TypeAccompagnement.objects.bulk_create(
        [
            TypeAccompagnement(
                collectivite=collectivite, code=code, libelle=libelle, confidentiel=confidentiel, ordre=i
            )
            for i, (code, libelle, confidentiel) in enumerate(TYPES_PAR_DEFAUT)
            if code not in existants
        ]
    )


def check_ouvrir(user, usager, type_):
    if not user.peut("accompagner"):
        raise PermissionDenied("Votre rôle ne permet pas d'ouvrir un accompagnement.")
    if not usagers_visibles_par(user).filter(pk=usager.pk).exists():
        raise PermissionDenied("Personne introuvable.")
    if type_.confidentiel and not user.peut("protection_enfance"):
        raise PermissionDenied("Seul le rôle protection de l'enfance ouvre ce type d'accompagnement.")


def ouverts_du_meme_type(usager, type_):
    """The open supports of this type for this person: a second one is opened only once the user has seen them
    (docs/accompagnement.md)."""
    return (
        Accompagnement.objects.filter(usager=usager, type=type_)
        .ouverts()
        .select_related("structure", "referent", "type")
        .order_by("date_debut", "pk")
    )


@transaction.atomic
def do_ouvrir(user, usager, donnees, passage_origine_id=None):
    check_ouvrir(user, usager, donnees["type"])
    accompagnement = Accompagnement.objects.create(
        collectivite_id=user.collectivite_id,
        usager=usager,
        type=donnees["type"],
        structure=donnees["structure"],
        referent=user,
        date_debut=donnees["date_debut"],
        consentement_partage=donnees["consentement_partage"],
        passage_origine_id=passage_origine_id,
        cree_par=user,
    )
    MembreGroupe.objects.create(
        collectivite_id=user.collectivite_id,
        accompagnement=accompagnement,
        utilisateur=user,
        structure=donnees["structure"],
        referent=True,
        date_debut=donnees["date_debut"],
    )
    PartenaireConsenti.objects.bulk_create(
        [
            PartenaireConsenti(collectivite_id=user.collectivite_id, accompagnement=accompagnement, structure=s)
            for s in donnees.get("partenaires_consentis") or []
        ]
    )
    return accompagnement


def check_modifier(user, accompagnement):
    if not peut_modifier(user, accompagnement):
        raise PermissionDenied("Seuls les membres du groupe de suivi modifient cet accompagnement.")
    if accompagnement.statut == StatutAccompagnement.CLOS:
        raise ValidationError("Cet accompagnement est clos : rouvrez-le pour le modifier.")


def do_ajouter_theme(user, accompagnement, libelle):
    check_modifier(user, accompagnement)
    return Theme.objects.create(
        collectivite_id=user.collectivite_id,
        accompagnement=accompagnement,
        libelle=libelle,
        ordre=accompagnement.themes.count(),
    )


def do_ajouter_objectif(user, theme, libelle, date_accord=None):
    check_modifier(user, theme.accompagnement)
    if date_accord and date_accord < theme.accompagnement.date_debut:
        raise ValidationError("L'objectif ne peut pas avoir été convenu avant le début de l'accompagnement.")
    return Objectif.objects.create(
        collectivite_id=user.collectivite_id,
        theme=theme,
        libelle=libelle,
        date_accord=date_accord,
        ordre=theme.objectifs.count(),
    )


def do_ajouter_action(user, objectif, donnees):
    accompagnement = objectif.theme.accompagnement
    check_modifier(user, accompagnement)
    if donnees.get("echeance") and donnees["echeance"] < accompagnement.date_debut:
        raise ValidationError(
            f"L'échéance ne peut pas précéder le début de l'accompagnement ({accompagnement.date_debut:%d/%m/%Y})."
        )
    return Action.objects.create(
        collectivite_id=user.collectivite_id,
        objectif=objectif,
        libelle=donnees["libelle"],
        porteur=donnees["porteur"],
        structure_porteuse=donnees.get("structure_porteuse") if donnees["porteur"] == Porteur.PARTENAIRE else None,
        echeance=donnees.get("echeance"),
    )


def do_changer_statut_action(user, action, statut, resultat=""):
    check_modifier(user, action.objectif.theme.accompagnement)
    action.statut = statut
    action.resultat = resultat or action.resultat
    action.realisee_le = timezone.localdate() if statut == StatutAction.REALISEE else None
    action.save(update_fields=["statut", "resultat", "realisee_le"])
    return action


@transaction.atomic
def do_consigner_entretien(user, accompagnement, donnees):
    check_modifier(user, accompagnement)
    entretien = Entretien.objects.create(
        collectivite_id=user.collectivite_id,
        accompagnement=accompagnement,
        date=donnees["date"],
        canal=donnees["canal"],
        participants=donnees.get("participants", ""),
        synthese=donnees.get("synthese", ""),
        prochaines_etapes=donnees.get("prochaines_etapes", ""),
        adresse_visite=donnees.get("adresse_visite", ""),
        auteur=user,
    )
    if donnees.get("note_privee"):
        NotePrivee.objects.create(
            collectivite_id=user.collectivite_id, entretien=entretien, auteur=user, texte=donnees["note_privee"]
        )
    usager = accompagnement.usager
    if not usager.dernier_contact or usager.dernier_contact < entretien.date:
        usager.dernier_contact = entretien.date
        usager.save(update_fields=["dernier_contact"])
    return entretien


def do_ajouter_membre(user, accompagnement, utilisateur, structure):
    check_modifier(user, accompagnement)
    if not Membre.objects.actifs().filter(utilisateur=utilisateur, structure=structure).exists():
        raise ValidationError(f"{utilisateur} n'est pas membre {forme(structure).de}.")
    if MembreGroupe.objects.actifs().filter(accompagnement=accompagnement, utilisateur=utilisateur).exists():
        raise ValidationError(f"{utilisateur} fait déjà partie du groupe de suivi.")
    return MembreGroupe.objects.create(
        collectivite_id=user.collectivite_id,
        accompagnement=accompagnement,
        utilisateur=utilisateur,
        structure=structure,
    )


def do_retirer_membre(user, membre, motif=FinGroupe.FIN_INTERVENTION):
    accompagnement = membre.accompagnement
    check_modifier(user, accompagnement)
    if membre.referent:
        raise ValidationError("Le référent ne quitte le groupe qu'en étant remplacé (par un encadrant).")
    membre.date_fin = timezone.localdate() - timezone.timedelta(days=1)
    membre.motif_fin = motif
    membre.save(update_fields=["date_fin", "motif_fin"])


@transaction.atomic
def do_remplacer_referent(user, accompagnement, nouveau, structure):
    """An encadrant replaces the referent (absence, departure): the old one leaves the group, the new one leads."""
    if not (user.peut("encadrer") and peut_modifier(user, accompagnement)):
        raise PermissionDenied("Seul un encadrant de la structure remplace un référent.")
    if not Membre.objects.actifs().filter(utilisateur=nouveau, structure=structure).exists():
        raise ValidationError(f"{nouveau} n'est pas membre {forme(structure).de}.")
    hier = timezone.localdate() - timezone.timedelta(days=1)
    MembreGroupe.objects.actifs().filter(accompagnement=accompagnement, referent=True).update(
        date_fin=hier, motif_fin=FinGroupe.REMPLACEMENT
    )
    MembreGroupe.objects.actifs().filter(accompagnement=accompagnement, utilisateur=nouveau).update(date_fin=hier)
    MembreGroupe.objects.create(
        collectivite_id=user.collectivite_id,
        accompagnement=accompagnement,
        utilisateur=nouveau,
        structure=structure,
        referent=True,
    )
    accompagnement.referent = nouveau
    accompagnement.save(update_fields=["referent"])


def do_cloturer(user, accompagnement, issue, commentaire=""):
    check_modifier(user, accompagnement)
    if not issue:
        raise ValidationError("Choisissez l'issue de l'accompagnement.")
    accompagnement.statut = StatutAccompagnement.CLOS
    accompagnement.issue = issue
    accompagnement.commentaire_cloture = commentaire
    accompagnement.date_fin = timezone.localdate()
    accompagnement.save(update_fields=["statut", "issue", "commentaire_cloture", "date_fin"])


def do_rouvrir(user, accompagnement):
    if not peut_modifier(user, accompagnement):
        raise PermissionDenied("Seuls les membres du groupe de suivi rouvrent cet accompagnement.")
    accompagnement.statut = StatutAccompagnement.OUVERT
    accompagnement.issue = ""
    accompagnement.date_fin = None
    accompagnement.save(update_fields=["statut", "issue", "date_fin"])


def do_demander_plan_pdf(user, accompagnement, nature=DocumentPlan.Nature.CONTRAT, termes=None):
    """Queue the rendering of the plan as a PDF; the document is dated and kept. ``termes``: a contract's
    ``duree_mois``, ``date_revision`` and ``fait_a`` (forms.ContratForm)."""
    if not peut_modifier(user, accompagnement):
        raise PermissionDenied("Seuls les membres du groupe de suivi produisent le contrat d'engagement.")
    termes = {k: v for k, v in (termes or {}).items() if k in ("duree_mois", "date_revision", "fait_a")}
    with transaction.atomic():
        document = DocumentPlan.objects.create(
            collectivite_id=user.collectivite_id,
            accompagnement=accompagnement,
            demande_par=user,
            nature=nature,
            **termes,
        )
        planifier("accompagnement.generer_plan_pdf", accompagnement.collectivite, document.pk)
    return document


@transaction.atomic
def do_enregistrer_procedure(user, accompagnement, modele, **champs):
    """Save the eviction inquiry (``modele=EnqueteExpulsion``) or the child-protection evaluation
    (``EvaluationIP``) of a support, one each: created the first time, then updated with the fields given."""
    if modele not in (EnqueteExpulsion, EvaluationIP):
        raise ValueError(f"{modele} n'est pas une procédure d'un accompagnement.")
    check_modifier(user, accompagnement)
    objet = modele.objects.filter(accompagnement=accompagnement).first() or modele(accompagnement=accompagnement)
    affecter(objet, champs)
    objet.collectivite_id = user.collectivite_id
    objet.accompagnement = accompagnement
    objet.save()
    return objet


def do_deposer_document(user, accompagnement, fichier):
    """Keep an uploaded document under a server-generated name (docs/securite.md §24)."""
    import uuid

    check_modifier(user, accompagnement)
    document = DocumentPlan(
        collectivite_id=user.collectivite_id,
        accompagnement=accompagnement,
        demande_par=user,
        nature=DocumentPlan.Nature.DEPOSE,
        nom_original=fichier.name[:200],
        type_mime=fichier.type_detecte,
        genere_le=timezone.now(),
    )
    document.fichier.save(f"depot-{uuid.uuid4().hex}.{fichier.extension_detectee}", fichier, save=False)
    document.save()
    return document
