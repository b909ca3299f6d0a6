"""The note de restitution: what it says about the municipality, and its rendering (a module of its own,
docs/conventions.md).

The reception activity of the inhabitants is anonymised: counts by motif over the last twelve months, through the
small-cell rule of every published figure (``config.secret_statistique``, docs/securite.md §7): a count under the
collectivité's threshold is « secret », and so is a second one when it alone could be recovered by subtraction.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from accueil.models import Passage
from config.graphiques import barres
from config.secret_statistique import proteger
from reseau.models import LieuAccueil, Structure
from territoire.couverture import parametres_couverture
from territoire.distances import plus_proches
from territoire.models import Commune

from . import sections_note
from .enums import INTERCOMMUNAUX
from .models import Demande, Etape

NOMBRE_LIEUX_PROCHES = 3


@dataclass
class Activite:
    periode_debut: object
    periode_fin: object
    seuil: int
    total: int | None  # None: under the threshold, not shown
    motifs: list = field(default_factory=list)  # (libellé, effectif or None when secret), the secret ones last

    @property
    def masques(self):
        return sum(1 for _, n in self.motifs if n is None)

    @property
    def graphique(self):
        return barres(self.motifs, "Passages des habitants par motif (douze derniers mois)") if self.motifs else ""


def communes_du_territoire(demande):
    if demande.type_demandeur in INTERCOMMUNAUX and demande.epci_id:
        return list(Commune.objects.filter(epci_id=demande.epci_id, departement_id=demande.collectivite.departement_id))
    return [demande.commune]


def activite_des_habitants(collectivite, communes, maintenant=None):
    """Passages of the territory's inhabitants by motif, small cells suppressed (docs/securite.md §7): fewer passages
    than the
    threshold and nothing is published; otherwise the motifs go through the one small-cell rule."""
    fin = maintenant or timezone.now()
    debut = fin - timezone.timedelta(days=365)
    seuil = collectivite.seuil_secret_statistique
    passages = Passage.objects.des_habitants(communes, debut, fin)
    total = passages.count()
    if total < seuil:
        return Activite(debut, fin, seuil, None)
    motifs = proteger(list(passages.par_motif()), seuil)
    return Activite(debut, fin, seuil, total, [(r["libelle"], r["valeur"]) for r in motifs])


def lieux_proches(commune):
    """The reception sites nearest to the commune's point, with the collectivité's own travel-time model (detour,
    speed, OSRM server when it has one): the same minutes as its coverage and its map. When the OSRM server does not
    answer, the estimate (said so in the note's parameters)."""
    parametres = parametres_couverture()
    lieux = LieuAccueil.objects.select_related("commune", "structure")
    estimateur = parametres.estimateur()
    trajet = {"detour": estimateur.detour, "vitesse": estimateur.vitesse_kmh, "osrm": False}
    distancier = parametres.distancier()
    if distancier is not None:
        try:
            proches = plus_proches(
                commune.latitude, commune.longitude, lieux, NOMBRE_LIEUX_PROCHES, estimateur, distancier
            )
            return proches, {**trajet, "osrm": True}
        except (OSError, ValueError):  # the server is down or refuses: the note is still written
            pass
    return plus_proches(commune.latitude, commune.longitude, lieux, NOMBRE_LIEUX_PROCHES, estimateur), trajet


def profil(demande):
    communes = communes_du_territoire(demande)
    proches, parametres_trajet = lieux_proches(demande.commune)
    return {
        "communes": communes,
        "population": sum(c.population for c in communes),
        "epci": demande.epci or demande.commune.epci,
        "lieux_proches": proches,
        "parametres_trajet": parametres_trajet,
        "structures": Structure.objects.filter(commune__in=communes).select_related("commune").order_by("nom"),
        "activite": activite_des_habitants(demande.collectivite, communes),
    }


def contexte(demande):
    demande = Demande.objects.select_related("collectivite", "commune__epci", "epci", "tis", "conseiller").get(
        pk=demande.pk
    )
    return {
        "d": demande,
        "c": demande.collectivite,
        "profil": profil(demande),
        "etapes": Etape.objects.filter(demande=demande).realisees(),
        "sections": sections_note.sections(demande),
        "maintenant": timezone.now(),
    }


def html(demande, version):
    return render_to_string("ingenierie/pdf/note.html", {**contexte(demande), "version": version})
