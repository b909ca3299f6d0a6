"""The desk's sections of the person strip: previous passages (where, when, motifs — never the free text of
another structure) and open orientations (to whom, status, since when); the file's « Nouveau passage » button.
All registered in ``AccueilConfig.ready()``."""

from django.db.models import Prefetch
from django.urls import reverse

from .models import Motif, Orientation, Passage


def section_passages(user, usager, **contexte):
    if not user.peut("accueillir"):
        return None
    passages = (
        Passage.objects.filter(usager=usager)
        .select_related("lieu")
        .prefetch_related(Prefetch("motifs", queryset=Motif.objects.order_by("ordre")))
        .order_by("-date_heure")[:5]
    )
    return {
        "titre": "Passages précédents",
        "modele": "accueil/_bandeau_passages.html",
        "passages": passages,
        "total": Passage.objects.filter(usager=usager).count(),
    }


def section_orientations(user, usager, **contexte):
    qs = Orientation.objects.filter(usager=usager).ouvertes()
    if not user.peut("accueillir"):
        qs = qs.concernant(user.structures_actives_ids())
    return {
        "titre": "Orientations en cours",
        "modele": "accueil/_bandeau_orientations.html",
        "orientations": qs.select_related("structure_destinataire", "structure_emettrice", "motif")[:10],
    }


def action_nouveau_passage(user, usager):
    """The file's « Nouveau passage » button, for the desk roles."""
    if not user.peut("accueillir"):
        return None
    return {"libelle": "Nouveau passage", "url": f"{reverse('accueil:passage_nouveau')}?usager={usager.pk}"}
