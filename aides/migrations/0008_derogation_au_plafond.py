"""An authorised person may grant an urgent aid beyond the household's yearly ceiling, with the reason (docs/aides.md « Montants »)."""

import config.bornes
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('aides', '0007_structure_instructrice'),
    ]

    operations = [
        migrations.AddField(
            model_name='decision',
            name='derogation',
            field=models.TextField(blank=True, validators=[config.bornes.LongueurMax(10000)], verbose_name='motif de la dérogation au plafond'),
        ),
    ]
