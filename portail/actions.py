"""The right-of-access procedure (RGPD art. 15, docs/securite.md §14): record a request, release each part, hand over
the whole. Every step is logged in the person's access log (docs/securite.md §9)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accompagnement.access import accompagnements_visibles_par
from accompagnement.models import Accompagnement
from reseau.models import Structure
from usagers.access import journaliser
from usagers.models import JournalAcces

from . import export
from .models import DemandeAcces, PartieAcces


def check_enregistrer_demande(user, usager, recue_le):
    if not user.peut("exporter_dossier"):
        raise PermissionDenied("Seul un encadrant enregistre une demande d'accès.")
    if recue_le > timezone.localdate():
        raise ValidationError("La date de réception ne peut pas être dans le futur.")


def do_enregistrer_demande(user, usager, recue_le):
    """The request and one part per structure that holds something of the person (and per structure running a
    child-protection evaluation for them)."""
    check_enregistrer_demande(user, usager, recue_le)
    with transaction.atomic():
        demande = DemandeAcces.objects.create(
            collectivite_id=user.collectivite_id, usager=usager, recue_le=recue_le, enregistree_par=user
        )
        structures = Structure.objects.in_bulk([s for s, _ in export.structures_concernees(usager)])
        for structure_id, confidentielle in export.structures_concernees(usager):
            PartieAcces.objects.create(
                collectivite_id=user.collectivite_id,
                demande=demande,
                structure=structures[structure_id],
                confidentielle=confidentielle,
            )
        journaliser(user, usager, JournalAcces.Action.DROIT_ACCES, f"droit-acces:{demande.pk}:demande")
    return demande


def check_liberer(user, partie):
    if partie.liberee:
        raise ValidationError("Cette partie a déjà été libérée.")
    usager = partie.demande.usager
    if partie.confidentielle:
        if not user.peut("protection_enfance"):
            raise PermissionDenied("Seule la protection de l'enfance libère ses évaluations.")
        toutes = Accompagnement.objects.filter(usager=usager, structure=partie.structure, type__confidentiel=True)
        lisibles = accompagnements_visibles_par(user).filter(pk__in=toutes.values("pk"))
        if lisibles.count() != toutes.count():
            raise PermissionDenied(
                "Vous ne lisez pas toutes ces évaluations : un membre de leur groupe de suivi libère."
            )
    elif not (user.peut("encadrer") and partie.structure_id in user.structures_actives_ids()):
        raise PermissionDenied("Seul un encadrant de la structure libère sa partie.")


def do_liberer(user, partie):
    """The part as its releaser reads it, through the pages' access functions, frozen at release."""
    check_liberer(user, partie)
    usager = partie.demande.usager
    with transaction.atomic():
        partie.contenu = export.partie_de_structure(user, usager, partie.structure, partie.confidentielle)
        partie.liberee_par = user
        partie.liberee_le = timezone.now()
        partie.save(update_fields=["contenu", "liberee_par", "liberee_le"])
        journaliser(
            user, usager, JournalAcces.Action.DROIT_ACCES, f"droit-acces:{partie.demande_id}:partie:{partie.pk}"
        )
    return partie


def check_remettre(user, demande):
    if not user.peut("exporter_dossier"):
        raise PermissionDenied("Seul un encadrant remet la réponse.")
    if not demande.complete:
        raise ValidationError("Toutes les parties ne sont pas encore libérées.")


def do_remettre(user, demande):
    """The whole answer (a ZIP), once every part is released; the first download dates the handover."""
    check_remettre(user, demande)
    with transaction.atomic():
        if demande.remise_le is None:
            demande.remise_le = timezone.now()
            demande.save(update_fields=["remise_le"])
        journaliser(user, demande.usager, JournalAcces.Action.DROIT_ACCES, f"droit-acces:{demande.pk}:reponse")
        return export.assembler(demande)
