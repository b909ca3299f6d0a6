"""The structure an application is instructed for: the instructor reads it while a member of it."""

import django.db.models.deletion
from django.db import migrations, models


def remplir(apps, schema_editor):
    """Applications filed before: the instructing professional's structure where their role could apply (their
    earliest such membership), else their earliest membership; none leaves it empty (the instructor rule then no
    longer opens it, the other rules still do)."""
    Demande = apps.get_model("aides", "Demande")
    Membre = apps.get_model("reseau", "Membre")
    roles = ["travailleur_social", "encadrant", "protection_enfance"]
    par_instructeur = {}
    for instructeur_id in Demande.objects.filter(structure_instructrice__isnull=True).values_list(
        "instructeur_id", flat=True
    ).distinct():
        membres = Membre.objects.filter(utilisateur_id=instructeur_id).order_by("date_debut", "pk")
        membre = membres.filter(role__in=roles).first() or membres.first()
        if membre is not None:
            par_instructeur[instructeur_id] = membre.structure_id
    for instructeur_id, structure_id in par_instructeur.items():
        Demande.objects.filter(instructeur_id=instructeur_id, structure_instructrice__isnull=True).update(
            structure_instructrice_id=structure_id
        )


class Migration(migrations.Migration):

    dependencies = [
        ('aides', '0006_heures_validation_par_l_hote'),
        ('reseau', '0011_noms_francais'),
    ]

    operations = [
        migrations.AddField(
            model_name='demande',
            name='structure_instructrice',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reseau.structure'),
        ),
        migrations.RunPython(remplir, migrations.RunPython.noop),
    ]
