"""The convention's budget (docs/developpement.md §11): funders, yearly amounts by nature of spending, spending
recorded against them, and what is allocated, spent and left per nature and funder. Writes for the network's leads."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from .enums import NatureDepense
from .models import Depense, Dotation, Financeur
from .pilotage import check_piloter

ZERO = Decimal("0")


@transaction.atomic
def do_ajouter_financeur(user, *, nom):
    check_piloter(user)
    if Financeur.objects.filter(nom__iexact=nom).exists():
        raise ValidationError({"nom": "Ce financeur existe déjà."})
    return Financeur.objects.create(collectivite_id=user.collectivite_id, nom=nom)


@transaction.atomic
def do_fixer_dotation(user, *, financeur, annee, nature, montant):
    """The amount a funder allocates to a nature for a year; entering it again replaces it."""
    check_piloter(user)
    dotation, _ = Dotation.objects.update_or_create(
        collectivite_id=financeur.collectivite_id,
        financeur=financeur,
        annee=annee,
        nature=nature,
        defaults={"montant": montant},
    )
    return dotation


@transaction.atomic
def do_enregistrer_depense(user, *, financeur, date, nature, montant, libelle):
    check_piloter(user)
    return Depense.objects.create(
        collectivite_id=financeur.collectivite_id,
        financeur=financeur,
        date=date,
        nature=nature,
        montant=montant,
        libelle=libelle,
        enregistree_par=user,
    )


def execution(annee):
    """One line per funder and nature that has an allocation or a spending in ``annee``, then one total line per
    nature, per funder and overall: (funder, nature label, allocated, spent, remaining)."""
    alloue = {
        (r["financeur"], r["nature"]): r["n"]
        for r in Dotation.objects.filter(annee=annee).values("financeur", "nature").annotate(n=Sum("montant"))
    }
    depense = {
        (r["financeur"], r["nature"]): r["n"]
        for r in Depense.objects.filter(date__year=annee).values("financeur", "nature").annotate(n=Sum("montant"))
    }
    financeurs = {f.pk: f for f in Financeur.objects.all()}
    cles = set(alloue) | set(depense)
    lignes, par_nature, par_financeur = [], {}, {}
    for f in sorted(financeurs.values(), key=lambda f: (f.nom, f.pk)):
        for nature in NatureDepense:
            if (f.pk, nature.value) not in cles:
                continue
            a, d = alloue.get((f.pk, nature.value), ZERO), depense.get((f.pk, nature.value), ZERO)
            lignes.append({"financeur": f.nom, "nature": nature.label, "alloue": a, "depense": d, "reste": a - d})
            for cumul, cle in ((par_nature, nature.label), (par_financeur, f.nom)):
                cumul.setdefault(cle, [ZERO, ZERO])
                cumul[cle][0] += a
                cumul[cle][1] += d

    def totaux(cumul, financeur, nature):
        return [
            {"financeur": financeur(k), "nature": nature(k), "alloue": a, "depense": d, "reste": a - d}
            for k, (a, d) in cumul.items()
        ]

    ordre = {n.label: i for i, n in enumerate(NatureDepense)}
    nat = totaux(dict(sorted(par_nature.items(), key=lambda x: ordre[x[0]])), lambda k: "Tous", lambda k: k)
    fin = totaux(par_financeur, lambda k: k, lambda k: "Toutes")
    a = sum((x["alloue"] for x in lignes), ZERO)
    d = sum((x["depense"] for x in lignes), ZERO)
    total = {"financeur": "Tous", "nature": "Toutes", "alloue": a, "depense": d, "reste": a - d}
    return {"lignes": lignes, "par_nature": nat, "par_financeur": fin, "total": total}


ENTETE_EXPORT = ["Financeur", "Nature", "Alloué (€)", "Dépensé (€)", "Reste (€)"]


def lignes_export(resultat):
    for x in [*resultat["lignes"], *resultat["par_nature"], *resultat["par_financeur"], resultat["total"]]:
        yield [x["financeur"], x["nature"], x["alloue"], x["depense"], x["reste"]]
