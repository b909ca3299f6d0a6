"""The aids' section of the person strip (docs/aides.md): that an aid was granted or is being instructed, by which
structure — never its amount nor its content — with a link only for those who may open it."""

from django.urls import reverse

from . import contrepartie
from .access import demandes_visibles_par
from .models import Decision, Demande


def section_aides(user, usager, passage_id=None, **contexte):
    demandes = list(
        Demande.objects.filter(usager=usager)
        .select_related("dispositif__structure")
        .order_by("-deposee_le", "-pk")[:10]
    )
    if not demandes and not user.peut("accompagner"):
        return None
    heures = _heures_validees([d for d in demandes if d.dispositif.est_permis])
    lisibles = set(demandes_visibles_par(user).filter(usager=usager).values_list("pk", flat=True))
    return {
        "titre": "Aides facultatives",
        "modele": "aides/_bandeau.html",
        "lignes": [
            {"demande": d, "lien": d.pk in lisibles, "heures": heures.get(d.pk) if d.pk in lisibles else None}
            for d in demandes
        ],
        "usager": usager,
        "peut_demander": user.peut("accompagner"),
        "passage_id": passage_id,
    }


def _heures_validees(demandes):
    """The counterpart hours validated by the host, per bourse au permis granted: ``{demande_id: Totaux}``, shown only
    to those who may open the application (docs/aides.md « Bourse au permis »)."""
    decisions = {
        x.demande_id: x
        for x in Decision.objects.filter(demande__in=demandes).accordees().select_related("demande__dispositif")
    }
    par = contrepartie.totaux_par_decision([x.pk for x in decisions.values()])
    return {
        demande_id: contrepartie.totaux(x, par.get(x.pk, {}))
        for demande_id, x in decisions.items()
        if x.demande.dispositif.heures_contrepartie or par.get(x.pk)
    }


def action_demander(user, usager):
    if not user.peut("accompagner"):
        return None
    return {"libelle": "Demander une aide facultative", "url": f"{reverse('aides:deposer')}?usager={usager.pk}"}


def proposition_demander(user, accompagnement, peut_modifier):
    """« Demander une aide » on a support's page (accompagnement.propositions): for those who may write on an open
    support and apply; the form starts from the person and the support (docs/aides.md §3)."""
    if not (peut_modifier and accompagnement.est_ouvert and user.peut("accompagner")):
        return None
    url = f"{reverse('aides:deposer')}?usager={accompagnement.usager_id}&accompagnement={accompagnement.pk}"
    return {"libelle": "Demander une aide", "url": url}
