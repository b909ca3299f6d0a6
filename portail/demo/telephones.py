"""Demo phones of the reception sites (the public finder shows them, docs/publications.md §3): a site of a pôle
takes its pôle's number, the others a fictitious number of the département's area (05 for the Lot, 02 for the
Manche), stable from one build to the next."""

from reseau.models import LieuAccueil

PREFIXES = {"46": "+33565", "50": "+33233"}


def generer(collectivite):
    prefixe = PREFIXES.get(collectivite.departement_id, "+33100")
    lieux = list(LieuAccueil.objects.select_related("tis").order_by("pk"))
    for n, lieu in enumerate(lieux):
        if lieu.tis_id and lieu.tis.telephone and lieu.nom == lieu.tis.nom:
            lieu.telephone = lieu.tis.telephone
        else:
            lieu.telephone = f"{prefixe}{(n * 7919 + 1234) % 1_000_000:06d}"
    LieuAccueil.objects.bulk_update(lieux, ["telephone"])
    return len(lieux)
