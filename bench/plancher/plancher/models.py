import uuid

from django.db import models


class Lieu(models.Model):
    nom = models.CharField(max_length=150)

    def __str__(self):
        return self.nom


class Visite(models.Model):
    """15 fields, like a reception passage."""

    jeton = models.UUIDField(default=uuid.uuid4, unique=True)
    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT)
    date_heure = models.DateTimeField()
    canal = models.CharField(max_length=20)
    motif = models.CharField(max_length=30)
    commune = models.CharField(max_length=120, blank=True)
    tranche_age = models.CharField(max_length=10, blank=True)
    type_foyer = models.CharField(max_length=20, blank=True)
    information_donnee = models.BooleanField(default=False)
    information = models.TextField(blank=True)
    orienter = models.BooleanField(default=False)
    accompagnement_propose = models.BooleanField(default=False)
    rendez_vous_donne = models.BooleanField(default=False)
    aucun_besoin = models.BooleanField(default=False)
    duree_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Visite {self.jeton}"
