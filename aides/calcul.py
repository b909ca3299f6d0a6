"""The instruction of an application (docs/aides.md « Instruction »): the reste à vivre per day and per consumption
unit, and each eligibility rule of the scheme, passed or failed, in French words."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from .enums import TypeFoyer

JOURS_PAR_MOIS = Decimal("30")


def reste_a_vivre(situation):
    """(resources − charges) / 30 days / consumption units, rounded to the cent."""
    brut = (situation.ressources - situation.charges) / JOURS_PAR_MOIS / situation.unites_consommation
    return brut.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _euros(valeur):
    return f"{valeur:.2f}".replace(".", ",") + " €"


def age(date_naissance, jour=None):
    jour = jour or timezone.localdate()
    return jour.year - date_naissance.year - ((jour.month, jour.day) < (date_naissance.month, date_naissance.day))


def regles(dispositif, usager, situation, communes_ids=None):
    """The list of ``{"libelle", "respectee"}`` of the scheme's rules, in the order a commission reads them."""
    resultat = []

    def regle(respectee, libelle):
        resultat.append({"libelle": libelle, "respectee": bool(respectee)})

    if communes_ids is None:
        communes_ids = set(dispositif.communes.values_list("pk", flat=True))
    if communes_ids:
        if usager.commune_id is None:
            regle(False, "Résidence : la commune de la personne n'est pas renseignée.")
        elif usager.commune_id in communes_ids:
            regle(True, f"Résidence : {usager.commune.nom} fait partie des communes du dispositif.")
        else:
            regle(False, f"Résidence : {usager.commune.nom} ne fait pas partie des communes du dispositif.")
    if dispositif.age_min is not None or dispositif.age_max is not None:
        bornes = f"entre {dispositif.age_min or 0} et {dispositif.age_max or 120} ans"
        if usager.date_naissance is None:
            regle(False, f"Âge : date de naissance non renseignée (le dispositif demande {bornes}).")
        else:
            a = age(usager.date_naissance)
            ok = (dispositif.age_min is None or a >= dispositif.age_min) and (
                dispositif.age_max is None or a <= dispositif.age_max
            )
            regle(ok, f"Âge : {a} ans, le dispositif demande {bornes}.")
    if dispositif.types_foyer:
        libelle = TypeFoyer(situation.type_foyer).label
        admis = ", ".join(TypeFoyer(t).label.lower() for t in dispositif.types_foyer)
        regle(
            situation.type_foyer in dispositif.types_foyer,
            f"Composition du foyer : {libelle.lower()} (admis : {admis}).",
        )
    if dispositif.reste_a_vivre_max is not None:
        rav = reste_a_vivre(situation)
        ok = rav <= dispositif.reste_a_vivre_max
        comparaison = "inférieur ou égal au" if ok else "supérieur au"
        regle(
            ok,
            f"Reste à vivre : {_euros(rav)} par jour et par unité de consommation, {comparaison} maximum de "
            f"{_euros(dispositif.reste_a_vivre_max)}.",
        )
    return resultat
