"""Retention (SECURITY 11, 12): the access log is kept 12 months; a person with no contact for 2 years leaves the
active base — the file is anonymised, the passages and supports stay for the statistics.

It lives at the top (portail) because "no contact" reads every app: the last passage, interview or open support.
"""

from django.db.models import Q
from django.utils import timezone

from accompagnement.models import Accompagnement
from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context
from usagers.models import JournalAcces, Usager

DUREE_JOURNAL = timezone.timedelta(days=365)
DUREE_SANS_CONTACT = timezone.timedelta(days=730)


def purger_journal(maintenant=None):
    """The only deletion of access-log rows: past 12 months, by the scheduled job (the app itself cannot)."""
    limite = (maintenant or timezone.now()) - DUREE_JOURNAL
    supprimees, _ = JournalAcces._base_manager.filter(quand__lt=limite).delete()
    return supprimees


def anonymiser_inactifs(collectivite, maintenant=None):
    """Anonymise the persons of ``collectivite`` with no contact for 2 years and no open support. Idempotent."""
    limite = (maintenant or timezone.now()) - DUREE_SANS_CONTACT
    with tenant_context(collectivite):
        ouverts = Accompagnement.objects.ouverts().values("usager_id")
        inactifs = (
            Usager.objects.filter(anonymise_le__isnull=True)
            .filter(Q(dernier_contact__lt=limite) | Q(dernier_contact__isnull=True, cree_le__lt=limite))
            .exclude(pk__in=ouverts)
        )
        n = 0
        for usager in inactifs:
            usager.prenom, usager.nom = "Personne", f"anonymisée n° {usager.pk}"
            usager.nom_naissance = usager.telephone = usager.email = ""
            usager.date_naissance = None
            usager.anonymise_le = maintenant or timezone.now()
            usager.save()
            # the history must not keep what the file no longer holds
            Usager.historique.filter(id=usager.pk).update(
                prenom=usager.prenom, nom=usager.nom, nom_naissance="", telephone="", email="", date_naissance=None
            )
            n += 1
    return n


def appliquer(maintenant=None):
    resultats = {"journal_purge": purger_journal(maintenant)}
    for collectivite in Collectivite.objects.filter(active=True):
        resultats[collectivite.slug] = anonymiser_inactifs(collectivite, maintenant)
    return resultats
