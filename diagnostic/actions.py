"""Writes of the diagnostic social de territoire (docs/diagnostic.md). Each ``do_`` checks who may write, writes in a
transaction and queues the worker's jobs (the data pack, the PDF) through the outbox."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from collectivites.envois import planifier
from comptes.models import Utilisateur
from reseau.enums import TypeStructure
from reseau.models import Structure
from territoire.models import Commune, Sectorisation

from . import document
from .access import diagnostics_visibles_par, est_equipe, verifier_equipe
from .enums import NatureActeur, StatutCommentaire, StatutTravail, TypeTerritoire
from .models import (
    FIGEE,
    Acteur,
    Commentaire,
    Diagnostic,
    DocumentDiagnostic,
    Entretien,
    GrilleEntretien,
    InvitationDiagnostic,
    PackDonnees,
    Problematique,
    VersionDiagnostic,
)


def communes_du_territoire(collectivite, type_territoire, *, epci=None, tis=None, communes=()):
    """The communes a territory covers, all in the collectivité's département (a diagnostic is the département's
    network's work): the whole département, an EPCI's communes there, a TIS's communes (its sectorisation), or the
    communes chosen."""
    du_departement = Commune.objects.filter(departement_id=collectivite.departement_id)
    if type_territoire == TypeTerritoire.DEPARTEMENT:
        return list(du_departement.order_by("nom"))
    if type_territoire == TypeTerritoire.EPCI:
        if epci is None:
            raise ValidationError({"epci": "Choisissez l'intercommunalité."})
        trouvees = list(du_departement.filter(epci=epci).order_by("nom"))
        if not trouvees:
            raise ValidationError({"epci": "Cette intercommunalité n'a aucune commune dans le département."})
        return trouvees
    if type_territoire == TypeTerritoire.TIS:
        return _communes_du_tis(collectivite, tis)
    communes = list(communes)
    if not communes:
        raise ValidationError({"communes": "Choisissez au moins une commune."})
    hors = [c.nom for c in communes if c.departement_id != collectivite.departement_id]
    if hors:
        raise ValidationError({"communes": f"Commune hors du département : {', '.join(hors)}."})
    if type_territoire == TypeTerritoire.QUARTIER and len(communes) != 1:
        raise ValidationError({"communes": "Un quartier est une partie d'une seule commune : choisissez-en une."})
    return communes


def _communes_du_tis(collectivite, tis):
    """A TIS's communes are those the collectivité's sectorisation gives it (docs/diagnostic.md §2)."""
    if tis is None:
        raise ValidationError({"tis": "Choisissez le territoire d'intervention sociale."})
    if tis.collectivite_id != collectivite.pk:
        raise ValidationError({"tis": "Ce territoire d'intervention sociale n'est pas celui de votre collectivité."})
    trouvees = list(
        Commune.objects.filter(
            pk__in=Sectorisation.objects.filter(collectivite=collectivite, tis=tis).values("commune_id"),
            departement_id=collectivite.departement_id,
        ).order_by("nom")
    )
    if not trouvees:
        raise ValidationError(
            {"tis": "La sectorisation ne donne encore aucune commune à ce TIS : rattachez-lui ses communes d'abord."}
        )
    return trouvees


@transaction.atomic
def do_ouvrir(
    user, *, titre, commanditaire, type_territoire, epci=None, tis=None, communes=(), quartier="", demande=None
):
    verifier_equipe(user)
    if type_territoire == TypeTerritoire.QUARTIER and not quartier.strip():
        raise ValidationError({"quartier": "Nommez le quartier."})
    liste = communes_du_territoire(user.collectivite, type_territoire, epci=epci, tis=tis, communes=communes)
    diagnostic = Diagnostic.objects.create(
        titre=titre,
        commanditaire=commanditaire,
        type_territoire=type_territoire,
        epci=epci if type_territoire == TypeTerritoire.EPCI else None,
        tis=tis if type_territoire == TypeTerritoire.TIS else None,
        quartier=quartier.strip() if type_territoire == TypeTerritoire.QUARTIER else "",
        demande=demande,
        ouvert_par=user,
    )
    diagnostic.communes.set(liste)
    VersionDiagnostic.objects.create(diagnostic=diagnostic, numero=1)
    return diagnostic


def version_courante(diagnostic):
    return diagnostic.versions.order_by("-numero").first()


def _version_modifiable(user, version):
    verifier_equipe(user)
    if version.est_partagee:
        raise ValidationError(FIGEE)


@transaction.atomic
def do_inviter(user, diagnostic, utilisateur):
    verifier_equipe(user)
    if utilisateur.collectivite_id != diagnostic.collectivite_id or not utilisateur.is_active:
        raise ValidationError({"utilisateur": "Choisissez un membre actif du réseau."})
    invitation, _ = InvitationDiagnostic.objects.get_or_create(
        diagnostic=diagnostic, utilisateur=utilisateur, defaults={"invite_par": user}
    )
    return invitation


def invitables(diagnostic):
    """Who the team may invite: the collectivité's active users not invited yet."""
    return (
        Utilisateur.objects.de_la_collectivite(diagnostic.collectivite)
        .filter(is_active=True)
        .exclude(pk__in=diagnostic.invitations.values("utilisateur_id"))
        .order_by("nom", "prenom", "pk")
    )


@transaction.atomic
def do_demander_pack(user, diagnostic, date_reference=None):
    """A data pack at ``date_reference`` (today by default), assembled by the worker; one being prepared is
    returned instead of queuing a second (a double click)."""
    verifier_equipe(user)
    en_cours = (
        PackDonnees.objects.select_for_update()
        .filter(diagnostic=diagnostic, statut__in=(StatutTravail.EN_ATTENTE, StatutTravail.EN_COURS))
        .first()
    )
    if en_cours:
        return en_cours
    pack = PackDonnees.objects.create(
        diagnostic=diagnostic, date_reference=date_reference or timezone.localdate(), demande_par=user
    )
    planifier("diagnostic.assembler_pack", diagnostic.collectivite, pack.pk)
    return pack


@transaction.atomic
def do_ajouter_acteur(user, diagnostic, *, nom, nature, contact="", activites="", rencontre=False):
    verifier_equipe(user)
    return Acteur.objects.create(
        diagnostic=diagnostic, nom=nom, nature=nature, contact=contact, activites=activites, rencontre=rencontre
    )


def structures_du_territoire(diagnostic):
    """The network's structures located in the territory, or with a reception site there."""
    communes = diagnostic.communes.all()
    return (
        Structure.objects.filter(Q(commune__in=communes) | Q(lieux__commune__in=communes))
        .distinct()
        .order_by("nom", "pk")
    )


@transaction.atomic
def do_inventorier_reseau(user, diagnostic):
    """Add the network's structures of the territory (and what their services do) that are not listed yet."""
    verifier_equipe(user)
    deja = set(diagnostic.acteurs.exclude(structure=None).values_list("structure_id", flat=True))
    ajoutes = []
    for s in structures_du_territoire(diagnostic).prefetch_related("services"):
        if s.pk in deja:
            continue
        services = ", ".join(sv.nom for sv in s.services.all())
        ajoutes.append(
            Acteur.objects.create(
                diagnostic=diagnostic,
                structure=s,
                nom=s.nom,
                nature=NatureActeur.ASSOCIATION if s.type == TypeStructure.ASSOCIATION else NatureActeur.PUBLIC,
                contact=", ".join(x for x in (s.adresse, s.email) if x)[:300],
                activites=f"Structure du réseau. Services : {services}." if services else "Structure du réseau.",
            )
        )
    return ajoutes


@transaction.atomic
def do_marquer_rencontre(user, acteur, rencontre):
    verifier_equipe(user)
    acteur.rencontre = rencontre
    acteur.save(update_fields=["rencontre"])


@transaction.atomic
def do_ajouter_grille(user, diagnostic, *, type, titre, questions):
    verifier_equipe(user)
    return GrilleEntretien.objects.create(diagnostic=diagnostic, type=type, titre=titre, questions=questions)


@transaction.atomic
def do_ajouter_entretien(user, diagnostic, *, grille, date, participants, synthese):
    verifier_equipe(user)
    if grille.diagnostic_id != diagnostic.pk:
        raise ValidationError({"grille": "Choisissez une grille de ce diagnostic."})
    return Entretien.objects.create(
        diagnostic=diagnostic, grille=grille, date=date, participants=participants, synthese=synthese
    )


@transaction.atomic
def do_rattacher_questionnaires(user, diagnostic, questionnaires):
    verifier_equipe(user)
    diagnostic.questionnaires.set(questionnaires)


@transaction.atomic
def do_modifier_synthese(user, version, synthese):
    _version_modifiable(user, version)
    version.synthese = synthese
    version.save(update_fields=["synthese"])


def _preuves(problematique, *, questionnaires, entretiens, actions):
    problematique.questionnaires.set(questionnaires)
    problematique.entretiens.set(entretiens)
    problematique.actions.set(actions)


@transaction.atomic
def do_ajouter_problematique(
    user, version, *, titre, constat, chiffres=(), questionnaires=(), entretiens=(), actions=()
):
    _version_modifiable(user, version)
    ordre = (version.problematiques.aggregate(m=Max("ordre"))["m"] or 0) + 1
    p = Problematique.objects.create(
        version=version, ordre=ordre, titre=titre, constat=constat, chiffres=list(chiffres)
    )
    _preuves(p, questionnaires=questionnaires, entretiens=entretiens, actions=actions)
    return p


@transaction.atomic
def do_commenter(user, version, *, texte, problematique=None, texte_propose=""):
    """Anyone who reads the diagnostic (the team, an invited partner) comments a version being written."""
    if not diagnostics_visibles_par(user).filter(pk=version.diagnostic_id).exists():
        raise PermissionDenied("Vous n'êtes pas invité à ce diagnostic.")
    if version.est_partagee:
        raise ValidationError(FIGEE)
    if problematique is not None and problematique.version_id != version.pk:
        raise ValidationError({"problematique": "Choisissez une problématique de cette version."})
    statut = StatutCommentaire.PROPOSE if texte_propose.strip() else StatutCommentaire.COMMENTAIRE
    return Commentaire.objects.create(
        version=version,
        problematique=problematique,
        auteur=user,
        texte=texte,
        texte_propose=texte_propose.strip(),
        statut=statut,
    )


@transaction.atomic
def do_traiter_amendement(user, commentaire, accepter):
    """The team accepts an amendment (its text replaces the synthesis or the problématique's constat) or rejects
    it. Only once, and only on a version still being written."""
    version = commentaire.version
    _version_modifiable(user, version)
    if not commentaire.attend_decision:
        raise ValidationError("Cet amendement a déjà été traité.")
    if accepter:
        if commentaire.problematique_id:
            p = commentaire.problematique
            p.constat = commentaire.texte_propose
            p.save(update_fields=["constat"])
        else:
            version.synthese = commentaire.texte_propose
            version.save(update_fields=["synthese"])
    commentaire.statut = StatutCommentaire.ACCEPTE if accepter else StatutCommentaire.REJETE
    commentaire.traite_par, commentaire.traite_le = user, timezone.now()
    commentaire.save(update_fields=["statut", "traite_par", "traite_le"])


@transaction.atomic
def do_partager(user, version):
    """Date and freeze the version: its text, problématiques and a snapshot of everything the document shows (the
    pack, the actors, the demand) so that its PDF says the same thing later (docs/diagnostic.md §5)."""
    _version_modifiable(user, version)
    if not version.synthese.strip() or not version.problematiques.exists():
        raise ValidationError("Écrivez la synthèse et au moins une problématique avant de partager le diagnostic.")
    if version.commentaires.filter(statut=StatutCommentaire.PROPOSE).exists():
        raise ValidationError("Des amendements attendent votre décision : acceptez-les ou rejetez-les d'abord.")
    version.pack = document.dernier_pack(version.diagnostic)
    version.instantane = document.contenu(version, version.pack)
    version.partagee_le = timezone.localdate()
    version.partagee_par = user
    version.save(update_fields=["pack", "instantane", "partagee_le", "partagee_par"])
    return version


@transaction.atomic
def do_nouvelle_version(user, diagnostic):
    """A draft copied from the shared version: its synthesis and problématiques with their evidence."""
    verifier_equipe(user)
    derniere = version_courante(diagnostic)
    if not derniere.est_partagee:
        raise ValidationError("La version en cours n'est pas encore partagée : continuez de l'écrire.")
    nouvelle = VersionDiagnostic.objects.create(
        diagnostic=diagnostic, numero=derniere.numero + 1, synthese=derniere.synthese
    )
    for p in derniere.problematiques.prefetch_related("questionnaires", "entretiens", "actions"):
        copie = Problematique.objects.create(
            version=nouvelle, ordre=p.ordre, titre=p.titre, constat=p.constat, chiffres=p.chiffres
        )
        _preuves(copie, questionnaires=p.questionnaires.all(), entretiens=p.entretiens.all(), actions=p.actions.all())
    return nouvelle


@transaction.atomic
def do_demander_pdf(user, version):
    """The PDF of a version (anyone who reads the diagnostic may ask), rendered by the worker."""
    if not diagnostics_visibles_par(user).filter(pk=version.diagnostic_id).exists():
        raise PermissionDenied("Vous n'êtes pas invité à ce diagnostic.")
    en_cours = (
        DocumentDiagnostic.objects.select_for_update()
        .filter(version=version, statut__in=(StatutTravail.EN_ATTENTE, StatutTravail.EN_COURS))
        .first()
    )
    if en_cours:
        return en_cours
    doc = DocumentDiagnostic.objects.create(version=version, demande_par=user)
    planifier("diagnostic.generer_document", version.collectivite, doc.pk)
    return doc


def peut_ecrire(user, version):
    return est_equipe(user) and not version.est_partagee
