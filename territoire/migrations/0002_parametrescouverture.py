# The travel-time model moves from indicateurs to territoire (issue 11): the table and its rows stay, renamed.
# The state is created on the old table (no SQL), then AlterModelTable renames it; indicateurs 0003 removes the model
# from its own state without touching the table.

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('collectivites', '0001_initial'),
        ('indicateurs', '0002_instantane_calcul_protege'),
        ('territoire', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ParametresCouverture',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('seuil_minutes', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(120)], verbose_name='seuil (minutes)')),
                        ('detour', models.FloatField(default=1.3, validators=[django.core.validators.MinValueValidator(1.0), django.core.validators.MaxValueValidator(3.0)], verbose_name='facteur de détour')),
                        ('vitesse_kmh', models.FloatField(default=50.0, validators=[django.core.validators.MinValueValidator(10), django.core.validators.MaxValueValidator(130)], verbose_name='vitesse moyenne (km/h)')),
                        ('osrm_url', models.URLField(blank=True, verbose_name='serveur OSRM (facultatif)')),
                        ('collectivite', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='collectivites.collectivite', verbose_name='collectivité')),
                    ],
                    options={
                        'verbose_name': 'paramètres de couverture',
                        'db_table': 'indicateurs_parametrescouverture',
                        'constraints': [models.UniqueConstraint(fields=('collectivite',), name='parametres_couverture_unique')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='parametrescouverture', table=None),
    ]
