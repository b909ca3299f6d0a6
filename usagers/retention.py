"""Retention (docs/securite.md §11, §12): the access log is kept 12 months; a person with no contact for 2 years leaves
the
active base — the file is anonymised, the passages and supports stay for the statistics.

"No contact" is ``Usager.dernier_contact``, which the apps above keep up to date (a passage, an interview). A file
is also kept while an app above says so: it registers in its ``AppConfig.ready()``
``enregistrer_conservation(fonction)``, where ``fonction()`` returns, in the tenant context, the ids of the persons
to keep (a queryset of ``usager_id`` values). accompagnement registers its open supports.
"""

from django.db.models import Q
from django.utils import timezone

from collectivites.models import Collectivite
from collectivites.tenancy import cross_tenant_access, tenant_context

from .models import JournalAcces, Usager

DUREE_JOURNAL = timezone.timedelta(days=365)
DUREE_SANS_CONTACT = timezone.timedelta(days=730)

_CONSERVATIONS = []


def enregistrer_conservation(fonction):
    if all(f is not fonction for f in _CONSERVATIONS):  # ready() may run twice
        _CONSERVATIONS.append(fonction)


def purger_journal(maintenant=None):
    """The only deletion of access-log rows: past 12 months, by the scheduled job (the app itself cannot)."""
    limite = (maintenant or timezone.now()) - DUREE_JOURNAL
    with cross_tenant_access("rétention : purge du journal des accès de plus de 12 mois, toutes collectivités"):
        return JournalAcces.objects.purger_avant(limite)


def anonymiser_inactifs(collectivite, maintenant=None):
    """Anonymise the persons of ``collectivite`` with no contact for 2 years and none kept by an app. Idempotent."""
    limite = (maintenant or timezone.now()) - DUREE_SANS_CONTACT
    with tenant_context(collectivite):
        inactifs = Usager.objects.filter(anonymise_le__isnull=True).filter(
            Q(dernier_contact__lt=limite) | Q(dernier_contact__isnull=True, cree_le__lt=limite)
        )
        for conserver in _CONSERVATIONS:
            inactifs = inactifs.exclude(pk__in=conserver())
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
