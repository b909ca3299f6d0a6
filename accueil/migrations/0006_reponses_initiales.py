"""Seed each collectivité's responses with the five the desk always had, and carry every passage's old checkboxes
over to them (docs/accueil.md §2). « Information donnée » was never stored by itself: a passage with an information
text is taken as one where information was given; « orientation » is a passage with an orientation."""

from django.db import migrations

REPONSES = [
    ("information", "Information donnée"),
    ("orientation", "Orientation vers un partenaire"),
    ("accompagnement", "Accompagnement proposé"),
    ("rendez-vous", "Rendez-vous donné"),
    ("aucune-suite", "Pas de suite nécessaire"),
]
LOT = 5000


def semer(apps, schema_editor):
    Collectivite = apps.get_model("collectivites", "Collectivite")
    Reponse = apps.get_model("accueil", "Reponse")
    Passage = apps.get_model("accueil", "Passage")
    PassageReponse = apps.get_model("accueil", "PassageReponse")
    for collectivite in Collectivite.objects.all().order_by("pk"):
        reponses = {}
        for ordre, (code, libelle) in enumerate(REPONSES):
            reponses[code], _ = Reponse.objects.get_or_create(
                collectivite=collectivite, code=code, defaults={"libelle": libelle, "ordre": ordre}
            )
        passages = Passage.objects.filter(collectivite=collectivite)
        anciennes = {
            "information": passages.exclude(information=""),
            "orientation": passages.filter(orientations__isnull=False).distinct(),
            "accompagnement": passages.filter(accompagnement_propose=True),
            "rendez-vous": passages.filter(rendez_vous_donne=True),
            "aucune-suite": passages.filter(aucun_besoin=True),
        }
        for code, qs in anciennes.items():
            lot = []
            for pk in qs.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=LOT):
                lot.append(PassageReponse(collectivite=collectivite, passage_id=pk, reponse=reponses[code]))
                if len(lot) >= LOT:
                    PassageReponse.objects.bulk_create(lot, ignore_conflicts=True)
                    lot = []
            PassageReponse.objects.bulk_create(lot, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("accueil", "0005_reponses"), ("collectivites", "__first__")]

    operations = [migrations.RunPython(semer, migrations.RunPython.noop)]
