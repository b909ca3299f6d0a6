from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import EvenementUsager, Usager
from .recherche import normaliser


def doublons_probables(usager):
    """Same normalised name, or same birth date with a close name: shown before creating a new file."""
    qs = Usager.objects.actifs().exclude(pk=usager.pk)
    nom = normaliser(f"{usager.prenom} {usager.nom}")
    candidats = [u for u in qs.filter(nom__iexact=usager.nom) if normaliser(f"{u.prenom} {u.nom}") == nom]
    if usager.date_naissance:
        candidats += [
            u
            for u in qs.filter(date_naissance=usager.date_naissance, nom__istartswith=usager.nom[:3])
            if u not in candidats
        ]
    return candidats[:5]


def check_creer_usager(user):
    if not user.peut("accueillir"):
        raise PermissionDenied("Votre rôle ne permet pas de créer un dossier.")


@transaction.atomic
def do_creer_usager(user, usager):
    check_creer_usager(user)
    usager.collectivite_id = user.collectivite_id
    usager.cree_par = user
    usager.save()
    EvenementUsager.objects.create(
        collectivite_id=user.collectivite_id, usager=usager, type=EvenementUsager.Type.CREATION, par=user
    )
    return usager


def check_fusionner(user, conserver, absorber):
    if not user.peut("fusionner_usagers"):
        raise PermissionDenied("Seul un encadrant fusionne deux dossiers.")
    if conserver.pk == absorber.pk:
        raise PermissionDenied("Un dossier ne se fusionne pas avec lui-même.")


@transaction.atomic
def do_fusionner(user, conserver, absorber):
    """Merge ``absorber`` into ``conserver``: every link follows, the absorbed file is kept (history) but inactive.

    Every model of the project with a foreign key to Usager is re-pointed, so every app that points to a person
    (passages, orientations, supports…) follows without changing this function.
    """
    check_fusionner(user, conserver, absorber)
    deplaces = {}
    for model in apps.get_models():
        if model in (Usager,) or model._meta.app_label == "usagers" and model.__name__ == "JournalAcces":
            continue  # the access log keeps what was read, as it was read
        for champ in model._meta.fields:
            if champ.is_relation and champ.related_model is Usager and champ.name != "fusionne_dans":
                n = model._default_manager.filter(**{champ.name: absorber}).update(**{champ.name: conserver})
                if n:
                    deplaces[f"{model._meta.label}.{champ.name}"] = n
    for champ in ("date_naissance", "telephone", "email", "commune", "nom_naissance"):
        if not getattr(conserver, champ) and getattr(absorber, champ):
            setattr(conserver, champ, getattr(absorber, champ))
    conserver.save()
    absorber.fusionne_dans = conserver
    absorber.save(update_fields=["fusionne_dans"])
    EvenementUsager.objects.create(
        collectivite_id=user.collectivite_id,
        usager=conserver,
        type=EvenementUsager.Type.FUSION,
        par=user,
        details={"absorbe": absorber.pk, "nom_absorbe": str(absorber), "liens_deplaces": deplaces},
    )
    return deplaces


def check_modifier_conservation(user):
    if not user.peut("gerer_collectivite"):
        raise PermissionDenied("Seul l'administrateur de la collectivité modifie les durées de conservation.")


@transaction.atomic
def do_modifier_conservation(user, collectivite, durees):
    """Write the collectivité's periods (``{code: months}``), each within the bounds of ``retention.CATEGORIES``
    (docs/retention.md): a period may be shortened, never lengthened past its legal maximum."""
    from .models import DureeConservation
    from .retention import PAR_CODE

    check_modifier_conservation(user)
    for code, mois in durees.items():
        categorie = PAR_CODE[code]
        if not categorie.minimum <= mois <= categorie.maximum:
            raise ValueError(f"{code} : {mois} mois hors des bornes {categorie.minimum}–{categorie.maximum}.")
        DureeConservation.objects.update_or_create(
            collectivite=collectivite, categorie=code, defaults={"mois": mois, "modifie_par": user}
        )
