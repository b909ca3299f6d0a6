"""The collectivités that exist before the themes start with the default list (later ones get it from
developpement/signals.py). The list is copied here: a migration must not change when the code does."""

from django.db import migrations

THEMES = [
    ("acces-aux-droits", "Accès aux droits"),
    ("budget", "Budget et consommation"),
    ("logement", "Logement et cadre de vie"),
    ("emploi", "Emploi et insertion"),
    ("sante", "Santé et bien-être"),
    ("parentalite", "Parentalité et famille"),
    ("numerique", "Numérique"),
    ("mobilite", "Mobilité"),
    ("lien-social", "Lien social et isolement"),
    ("alimentation", "Alimentation"),
]


def semer(apps, schema_editor):
    Collectivite = apps.get_model("collectivites", "Collectivite")
    ThemeAction = apps.get_model("developpement", "ThemeAction")
    for collectivite in Collectivite.objects.all():
        existants = set(ThemeAction.objects.filter(collectivite=collectivite).values_list("code", flat=True))
        ThemeAction.objects.bulk_create(
            [
                ThemeAction(collectivite=collectivite, code=code, libelle=libelle, ordre=i)
                for i, (code, libelle) in enumerate(THEMES)
                if code not in existants
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("developpement", "0002_actions_collectives")]

    operations = [migrations.RunPython(semer, migrations.RunPython.noop)]
