"""config.requete_figee: a queryset compiled once, run with other values, gives what the queryset gives."""

import pytest
from django.db import connection
from django.db.models import Count

from config.requete_figee import Lecture, RequeteFigee
from reseau.models import LieuAccueil
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_other_values_give_the_rows_and_related_objects_the_queryset_gives(lot, structure_a, lieu_a, dans_le_lot):
    autre = f.StructureFactory(collectivite=lot, nom="Autre structure")
    for nom in ("Zèbre", "Antenne"):
        f.LieuAccueilFactory(collectivite=lot, structure=autre, nom=nom)

    def fabrique(structure):
        return LieuAccueil.objects.filter(structure_id=structure).select_related("structure").order_by("nom")

    figee = RequeteFigee(fabrique, structure=-1)
    for structure in (autre, structure_a):
        with connection.cursor() as curseur:
            curseur.execute(figee.sql, figee.params(structure=structure.pk))
            lus = figee.instances(curseur.fetchall())
        attendus = list(fabrique(structure.pk))
        assert [(x.pk, x.nom, x.structure.nom) for x in lus] == [(x.pk, x.nom, x.structure.nom) for x in attendus]
        assert lus and all(x.structure.pk == structure.pk for x in lus)


def test_a_marker_the_query_does_not_bind_is_refused(dans_le_lot):
    with pytest.raises(ValueError, match="structure"):
        RequeteFigee(lambda structure: LieuAccueil.objects.filter(nom="x"), structure=-1)


@pytest.mark.parametrize(
    "lecture",
    [
        lambda: LieuAccueil.objects.values("nom"),
        lambda: LieuAccueil.objects.annotate(n=Count("pk")),
        lambda: LieuAccueil.objects.prefetch_related("structure"),
        lambda: LieuAccueil.objects.extra(select={"deux": "1 + 1"}),
    ],
)
def test_a_read_whose_rows_it_would_not_give_back_is_refused(lecture, dans_le_lot):
    with pytest.raises(ValueError, match="instances de modèle"):
        Lecture(lecture())
