# ParametresCouverture now lives in territoire (territoire 0002 took over the table and its rows): remove it from
# this app's state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('indicateurs', '0002_instantane_calcul_protege'),
        ('territoire', '0002_parametrescouverture'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ParametresCouverture')],
            database_operations=[],
        ),
    ]
