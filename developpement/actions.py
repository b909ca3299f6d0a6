"""Writes of the questionnaires (docs/developpement.md): build, version, publish, answer."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .access import peut_modifier, structures_du_personnel
from .modeles import MODELES
from .models import (
    Diffusion,
    ParametresDeveloppement,
    PreuveSatisfaction,
    Question,
    Questionnaire,
    Reponse,
    Section,
    Valeur,
    Version,
)


def check_creer_questionnaire(user, structure):
    if structure is None:
        if not user.peut("animer_reseau"):
            raise PermissionDenied("Seule l'animation du réseau crée un questionnaire du réseau.")
    elif structure.pk not in structures_du_personnel(user):
        raise PermissionDenied("Vous ne faites pas partie de l'équipe de cette structure.")


@transaction.atomic
def do_creer_questionnaire(user, *, titre, nature, structure, introduction, modele=""):
    """A questionnaire with its version 1, empty or copied from a shipped template (``modeles.MODELES``)."""
    check_creer_questionnaire(user, structure)
    questionnaire = Questionnaire.objects.create(
        collectivite_id=user.collectivite_id,
        titre=titre,
        nature=nature,
        structure=structure,
        introduction=introduction,
        cree_par=user,
    )
    version = Version.objects.create(collectivite_id=user.collectivite_id, questionnaire=questionnaire, numero=1)
    if modele:
        _remplir_depuis_modele(version, MODELES[modele])
    return questionnaire


def _remplir_depuis_modele(version, modele):
    ordre = 0
    for i, (titre, questions) in enumerate(modele["sections"], start=1):
        section = Section.objects.create(collectivite_id=version.collectivite_id, version=version, ordre=i, titre=titre)
        for type_, libelle, obligatoire, choix in questions:
            ordre += 1
            Question.objects.create(
                collectivite_id=version.collectivite_id,
                version=version,
                section=section,
                ordre=ordre,
                type=type_,
                libelle=libelle,
                obligatoire=obligatoire,
                choix=list(choix),
            )


def version_courante(questionnaire):
    """The version the public link asks: the latest one."""
    return questionnaire.versions.order_by("-numero").first()


def check_modifier(user, questionnaire):
    if not peut_modifier(user, questionnaire):
        raise PermissionDenied("Seule l'équipe propriétaire modifie ce questionnaire.")


def _version_modifiable(user, version):
    """The version, locked; refused once it has answers (docs/developpement.md §2: versions freeze)."""
    check_modifier(user, version.questionnaire)
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.est_figee:
        raise ValidationError(
            "Cette version a déjà reçu des réponses : elle est figée. Créez une nouvelle version pour la modifier."
        )
    if version.numero != version_courante(version.questionnaire).numero:
        raise ValidationError("Seule la dernière version se modifie.")
    return version


@transaction.atomic
def do_modifier_questionnaire(user, questionnaire, *, titre, introduction):
    check_modifier(user, questionnaire)
    questionnaire.titre, questionnaire.introduction = titre, introduction
    questionnaire.save(update_fields=["titre", "introduction"])


@transaction.atomic
def do_ajouter_section(user, version, *, titre, texte="", ordre=0):
    version = _version_modifiable(user, version)
    return Section.objects.create(
        collectivite_id=version.collectivite_id, version=version, titre=titre, texte=texte, ordre=ordre
    )


@transaction.atomic
def do_ajouter_question(user, version, **champs):
    """``champs``: type, libelle, aide, obligatoire, choix (a list), minimum, maximum, section, ordre."""
    version = _version_modifiable(user, version)
    section = champs.get("section")
    if section is not None and section.version_id != version.pk:
        raise ValidationError("Cette section n'appartient pas à la version modifiée.")
    return Question.objects.create(collectivite_id=version.collectivite_id, version=version, **champs)


@transaction.atomic
def do_supprimer_question(user, question):
    _version_modifiable(user, question.version)
    question.delete()


@transaction.atomic
def do_nouvelle_version(user, questionnaire):
    """Copy the latest version, sections and questions, into a new draft that the team may change."""
    check_modifier(user, questionnaire)
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()  # numbering under concurrency
    derniere = version_courante(questionnaire)
    if not derniere.est_figee:
        raise ValidationError("La dernière version n'a pas encore de réponse : modifiez-la directement.")
    nouvelle = Version.objects.create(
        collectivite_id=questionnaire.collectivite_id, questionnaire=questionnaire, numero=derniere.numero + 1
    )
    sections = {}
    for s in derniere.sections.all():
        sections[s.pk] = Section.objects.create(
            collectivite_id=s.collectivite_id, version=nouvelle, ordre=s.ordre, titre=s.titre, texte=s.texte
        )
    for q in derniere.questions.all():
        Question.objects.create(
            collectivite_id=q.collectivite_id,
            version=nouvelle,
            section=sections.get(q.section_id),
            ordre=q.ordre,
            type=q.type,
            libelle=q.libelle,
            aide=q.aide,
            obligatoire=q.obligatoire,
            choix=q.choix,
            minimum=q.minimum,
            maximum=q.maximum,
        )
    return nouvelle


@transaction.atomic
def do_publier(user, questionnaire, *, lieu, ouvre_le, ferme_le):
    check_modifier(user, questionnaire)
    if ferme_le < ouvre_le:
        raise ValidationError("La date de fermeture précède la date d'ouverture.")
    if lieu is not None and questionnaire.structure_id and lieu.structure_id != questionnaire.structure_id:
        raise ValidationError("Ce lieu d'accueil n'est pas un lieu de la structure du questionnaire.")
    if not version_courante(questionnaire).questions.exists():
        raise ValidationError("Le questionnaire n'a encore aucune question.")
    return Diffusion.objects.create(
        collectivite_id=questionnaire.collectivite_id,
        questionnaire=questionnaire,
        lieu=lieu,
        ouvre_le=ouvre_le,
        ferme_le=ferme_le,
        creee_par=user,
    )


@transaction.atomic
def do_repondre(diffusion, version, valeurs, *, jour=None, demonstration=False):
    """Record one anonymous answer. ``valeurs``: {question: value} where value is a str, an int or a list of str.

    Nothing about the respondent is written: no account, no address, no time of day (docs/developpement.md §3). The
    version freezes with its first answer."""
    jour = jour or timezone.localdate()
    if not diffusion.est_ouverte(jour):
        raise ValidationError("Ce questionnaire n'est pas ouvert aujourd'hui.")
    Version.objects.filter(pk=version.pk, figee_le__isnull=True).update(figee_le=timezone.now())
    reponse = Reponse.objects.create(
        collectivite_id=diffusion.collectivite_id,
        diffusion=diffusion,
        version=version,
        recue_le=jour,
        demonstration=demonstration,
    )
    lignes = []
    for question, valeur in valeurs.items():
        if question.version_id != version.pk:
            raise ValidationError("Question d'une autre version.")
        for v in valeur if isinstance(valeur, list) else [valeur]:
            if v is None or v == "":
                continue
            ligne = Valeur(collectivite_id=diffusion.collectivite_id, reponse=reponse, question=question)
            if isinstance(v, int):
                ligne.nombre = v
            elif question.a_choix:
                ligne.choix = v
            else:
                ligne.texte = v
            lignes.append(ligne)
    Valeur.objects.bulk_create(lignes)
    return reponse


@transaction.atomic
def do_enregistrer_parametres(user, reponses_minimum_satisfaction, reponses_par_heure=None):
    if not user.peut("gerer_collectivite"):
        raise PermissionDenied("Seul l'administrateur règle les paramètres.")
    valeurs = {"reponses_minimum_satisfaction": reponses_minimum_satisfaction}
    if reponses_par_heure is not None:
        valeurs["reponses_par_heure"] = reponses_par_heure
    ParametresDeveloppement.objects.update_or_create(collectivite_id=user.collectivite_id, defaults=valeurs)


def check_deposer_preuve(user, structure):
    if structure.pk not in structures_du_personnel(user):
        raise PermissionDenied("Seule l'équipe de la structure dépose ses preuves.")


@transaction.atomic
def do_deposer_preuve(user, *, structure, description, fichier):
    """A file evidencing a declared method of measuring satisfaction (docs/developpement.md §6). ``fichier`` comes
    from ``config.televersement.ChampFichier`` (type read from its content); it is stored under a generated name."""
    check_deposer_preuve(user, structure)
    preuve = PreuveSatisfaction(
        collectivite_id=user.collectivite_id,
        structure=structure,
        description=description,
        nom=fichier.name[:200],
        type_mime=fichier.type_detecte,
        taille=fichier.size,
        deposee_par=user,
    )
    preuve.fichier.save(f"preuve-{secrets.token_hex(8)}.{fichier.extension_detectee}", fichier, save=False)
    preuve.save()
    return preuve
