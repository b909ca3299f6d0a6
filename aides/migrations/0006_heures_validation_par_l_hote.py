"""Counterpart hours validated by the host structure as their own step (docs/aides.md « Bourse au permis »)."""

import config.bornes
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def reprendre_les_heures(apps, schema_editor):
    """Hours recorded before this step were done (never in the future): ticked as validated, they stay validated
    (by nobody named); the others wait for the host's validation."""
    Heures = apps.get_model("aides", "HeuresContrepartie")
    Heures.objects.filter(validee=True).update(statut="validees")
    Heures.objects.filter(validee=False).update(statut="faites")


class Migration(migrations.Migration):

    dependencies = [
        ('aides', '0005_examens_permis'),
        ('reseau', '0011_noms_francais'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='heurescontrepartie',
            name='declaree_le',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='heurescontrepartie',
            name='declaree_par',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='heurescontrepartie',
            name='motif_refus',
            field=models.TextField(blank=True, validators=[config.bornes.LongueurMax(10000)], verbose_name='motif du refus'),
        ),
        migrations.AddField(
            model_name='heurescontrepartie',
            name='statut',
            field=models.CharField(choices=[('prevues', 'Prévues'), ('faites', "Faites, à valider par la structure d'accueil"), ('validees', "Validées par la structure d'accueil"), ('refusees', "Refusées par la structure d'accueil")], default='prevues', max_length=10),
        ),
        migrations.AddField(
            model_name='heurescontrepartie',
            name='structure_hote',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reseau.structure', verbose_name="structure d'accueil"),
        ),
        migrations.AddField(
            model_name='heurescontrepartie',
            name='validee_le',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='heurescontrepartie',
            name='validee_par',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='heurescontrepartie',
            name='hote',
            field=models.CharField(blank=True, max_length=150, verbose_name='service ou lieu'),
        ),
        migrations.RunPython(reprendre_les_heures, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='heurescontrepartie',
            name='validee',
        ),
    ]
