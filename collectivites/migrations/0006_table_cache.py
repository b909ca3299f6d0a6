"""The database cache's table (settings CACHES["base"]): where rate limits are counted when Redis is absent or down
(config/cache_debits.py, docs/securite.md §21). A migration, so that no deployment forgets ``createcachetable``."""

from django.core.management import call_command
from django.db import migrations


def creer(apps, schema_editor):
    call_command("createcachetable", "base", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("collectivites", "0005_bornes_parametres")]

    operations = [migrations.RunPython(creer, migrations.RunPython.noop)]
