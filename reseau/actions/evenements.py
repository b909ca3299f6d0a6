"""Events of the network: registrations (capacity), attendance, the participants' ratings and the organiser's
review."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from collectivites.champs import affecter
from collectivites.noms import forme

from ..models import CibleEvenement, Evenement, Inscription, Membre
from .droits import check_animer


@transaction.atomic
def do_enregistrer_evenement(user, evenement=None, cibles=None, **champs):
    """Create or update an event; ``cibles`` (the structures invited first) replaces the previous list when given."""
    check_animer(user)
    evenement = affecter(evenement or Evenement(), champs)
    evenement.collectivite_id = user.collectivite_id
    evenement.save()
    if cibles is not None:
        evenement.cibles.all().delete()
        CibleEvenement.objects.bulk_create(
            [CibleEvenement(collectivite_id=user.collectivite_id, evenement=evenement, structure=s) for s in cibles]
        )
    return evenement


def do_evaluer(user, inscription, note, avis):
    """A participant rates the event they attended (1 to 5) once it has taken place."""
    if inscription.utilisateur_id != user.pk:
        raise PermissionDenied("Chacun évalue sa propre participation.")
    if inscription.evenement.date > timezone.now():
        raise ValidationError("L'événement n'a pas encore eu lieu : vous l'évaluerez ensuite.")
    if not inscription.present:
        raise ValidationError("Votre présence n'a pas été enregistrée : vous évaluerez l'événement ensuite.")
    if not 1 <= note <= 5:
        raise ValidationError("La note va de 1 à 5.")
    inscription.note, inscription.avis = note, avis
    inscription.save(update_fields=["note", "avis"])


def do_evaluation_organisateur(user, evenement, texte):
    check_animer(user)
    evenement.evaluation = texte
    evenement.save(update_fields=["evaluation"])


def check_inscrire(user, evenement, utilisateur, structure):
    """One registers oneself, or a colleague of one's structure; the network lead registers anyone."""
    if not user.peut("animer_reseau") and structure.pk not in user.structures_actives_ids():
        raise PermissionDenied("Vous n'inscrivez que des professionnels de votre structure.")
    if not Membre.objects.actifs().filter(utilisateur=utilisateur, structure=structure).exists():
        raise ValidationError(f"{utilisateur} n'est pas membre {forme(structure).de}.")
    if evenement.date < timezone.now():
        raise ValidationError("Cet événement a déjà eu lieu : les inscriptions sont closes.")
    if evenement.inscriptions.filter(utilisateur=utilisateur).exists():
        raise ValidationError(f"{utilisateur} est déjà inscrit·e.")


@transaction.atomic
def do_inscrire(user, evenement, utilisateur, structure):
    evenement = Evenement.objects.select_for_update().get(pk=evenement.pk)  # capacity under concurrency
    check_inscrire(user, evenement, utilisateur, structure)
    if evenement.inscriptions.count() >= evenement.capacite:
        raise ValidationError(f"Complet : les {evenement.capacite} places sont prises.")
    return Inscription.objects.create(
        collectivite_id=user.collectivite_id,
        evenement=evenement,
        utilisateur=utilisateur,
        structure=structure,
        inscrit_par=user,
    )


def do_pointer(user, evenement, presents):
    """Record attendance: the registrations listed in ``presents`` attended, the others did not."""
    check_animer(user)
    for inscription in evenement.inscriptions.all():
        inscription.present = inscription.pk in presents
        inscription.save(update_fields=["present"])
