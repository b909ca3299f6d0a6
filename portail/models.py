"""The right of access (RGPD art. 15, docs/securite.md §14): a person's request, and the parts of the answer each
released by those who may read them. portail owns it because the answer reads every app."""

import calendar
import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from collectivites.models import TenantModel
from collectivites.tenancy import tenant_manager


class DemandeAcces(TenantModel):
    """A person asked for their file: who recorded it, when it was received. The answer is complete once every part
    is released (``complete``)."""

    usager = models.ForeignKey("usagers.Usager", on_delete=models.PROTECT, related_name="+")
    recue_le = models.DateField("demande reçue le", default=timezone.localdate)
    enregistree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enregistree_le = models.DateTimeField(default=timezone.now)
    remise_le = models.DateTimeField("réponse remise le", null=True, blank=True)

    objects = tenant_manager()

    class Meta:
        verbose_name = "demande d'accès au dossier"
        ordering = ["-enregistree_le", "-pk"]

    def __str__(self):
        return f"Demande d'accès du {self.recue_le:%d/%m/%Y}"

    @property
    def complete(self):
        return not self.parties.filter(liberee_le__isnull=True).exists()

    @property
    def echeance(self):
        """RGPD art. 12.3: the answer is due within one month of the request's receipt (docs/securite.md §14)."""
        return un_mois_apres(self.recue_le)

    def jours_restants(self, aujourd_hui=None):
        return (self.echeance - (aujourd_hui or timezone.localdate())).days


def un_mois_apres(jour):
    """The same day of the next month, or its last day when it has no such day (31 January → 28 or 29 February)."""
    annee, mois = (jour.year + 1, 1) if jour.month == 12 else (jour.year, jour.month + 1)
    return datetime.date(annee, mois, min(jour.day, calendar.monthrange(annee, mois)[1]))


class PartieAcces(TenantModel):
    """One part of the answer: what one structure holds (its passages, orientations, supports), or its
    child-protection evaluations (``confidentielle``), released by someone who may read it."""

    demande = models.ForeignKey(DemandeAcces, on_delete=models.PROTECT, related_name="parties")
    structure = models.ForeignKey("reseau.Structure", on_delete=models.PROTECT, related_name="+")
    confidentielle = models.BooleanField("évaluations de protection de l'enfance", default=False)
    liberee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    liberee_le = models.DateTimeField(null=True, blank=True)
    contenu = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # the last reminder of the deadline sent to those who release it (portail/rappels.py)
    dernier_rappel_le = models.DateField(null=True, blank=True, editable=False)

    objects = tenant_manager()

    class Meta:
        verbose_name = "partie d'une réponse au droit d'accès"
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "demande", "structure", "confidentielle"], name="partie_acces_unique"
            )
        ]

    def __str__(self):
        nature = "évaluations de protection de l'enfance" if self.confidentielle else "dossier"
        return f"{self.structure} — {nature}"

    @property
    def liberee(self):
        return self.liberee_le is not None

    def nom_de_fichier(self):
        return f"{self.structure.pk}-{'protection-enfance' if self.confidentielle else 'structure'}"
