"""Membre.date_fin became exclusive ("sortie le": no access from that day): shift the existing end dates by a day so
that nobody loses the last day they were given."""

import datetime

from django.db import migrations
from django.db.models import F


def decaler(apps, schema_editor):
    Membre = apps.get_model("reseau", "Membre")
    Membre._base_manager.filter(date_fin__isnull=False).update(date_fin=F("date_fin") + datetime.timedelta(days=1))


def revenir(apps, schema_editor):
    Membre = apps.get_model("reseau", "Membre")
    Membre._base_manager.filter(date_fin__isnull=False).update(date_fin=F("date_fin") - datetime.timedelta(days=1))


class Migration(migrations.Migration):
    dependencies = [("reseau", "0007_membre_sortie")]
    operations = [migrations.RunPython(decaler, revenir)]
