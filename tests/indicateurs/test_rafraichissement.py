"""The incremental rollup refresh (docs/performance.md §14), on real PostgreSQL under row-level security: the
triggers mark the months written to, the refresh recomputes only those, its cells equal a full refresh, and a write
made while a refresh runs is not lost."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accompagnement.models import Accompagnement
from accueil.models import Orientation, Passage, PassageMotif
from collectivites.models import Envoi
from collectivites.tenancy import tenant_context
from indicateurs import sources, statistiques, suivi
from indicateurs.models import Agregat, AgregatJour, MoisARafraichir, PersonneJour
from indicateurs.tasks import planifier_statistiques
from tests import factories as f


def _le(jour, heure=10):
    return timezone.make_aware(timezone.datetime(*jour, heure))


def cellules(collectivite):
    with tenant_context(collectivite):
        return sorted(
            Agregat.objects.values_list("source", "mois", "lieu_id", "dimension", "cle", "libelle", "valeur"), key=repr
        )


def passages_du_mois(collectivite, mois):
    with tenant_context(collectivite):
        return sum(
            Agregat.objects.filter(source="passages", dimension="total", mois=mois).values_list("valeur", flat=True)
        )


@pytest.fixture
def activite(lot, lieu_a, alice, motifs, cahors, structure_a):
    """Passages in March and April 2026, an orientation sent in March, a support opened in March; rolled up."""
    with tenant_context(lot):
        for jour in [(2026, 3, 3), (2026, 3, 17), (2026, 4, 2), (2026, 4, 20), (2026, 4, 21)]:
            f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=_le(jour), motifs=[motifs["logement-hebergement"]])
        f.OrientationFactory(
            passage=f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=_le((2026, 3, 5))), emise_le=_le((2026, 3, 5))
        )
        f.AccompagnementFactory(structure=structure_a, date_debut=date(2026, 3, 9))
        statistiques.rafraichir_tout(lot)
    return lot


def test_every_table_a_source_follows_has_its_triggers(db):
    with connection.cursor() as cursor:
        assert suivi.tables_suivies_sans_declencheur(cursor, sources.SOURCES) == []
    suivies = suivi.suivis_par_table(sources.SOURCES)
    assert {"accueil_passage", "accueil_passagemotif", "accueil_orientation", "accompagnement_accompagnement"} <= set(
        suivies
    )


def test_the_incremental_refresh_recomputes_only_the_months_written_to_and_equals_a_full_refresh(
    activite, lieu_a, alice, motifs, manche
):
    lot = activite
    with tenant_context(lot):
        assert not MoisARafraichir.objects.exists()  # the full refresh consumed the marks of its months
    avant = cellules(lot)
    assert passages_du_mois(lot, date(2026, 3, 1)) == 3

    with tenant_context(lot):
        # a new passage in May with a motif, one moved from March to February, a motif added in April, one of April
        # deleted, the orientation accepted, the support closed in June
        f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=_le((2026, 5, 4)), motifs=[motifs["gestion-financiere"]])
        deplace = Passage.objects.filter(date_heure=_le((2026, 3, 17))).get()
        deplace.date_heure = _le((2026, 2, 26))
        deplace.save()
        avril = list(Passage.objects.filter(date_heure__month=4).order_by("date_heure"))
        f.PassageMotifFactory(passage=avril[0], motif=motifs["gestion-financiere"])
        PassageMotif.objects.filter(passage=avril[2]).delete()
        avril[2].delete()
        orientation = Orientation.objects.get()
        f.EvenementOrientationFactory(orientation=orientation, vers="acceptee", quand=_le((2026, 3, 6)))
        orientation.statut = "acceptee"
        orientation.save()
        accompagnement = Accompagnement.objects.get()
        accompagnement.date_fin, accompagnement.statut = date(2026, 6, 12), "clos"
        accompagnement.save()
    with tenant_context(manche):  # another collectivité's writes stay for its own refresh
        f.PassageFactory(
            collectivite=manche, lieu=f.LieuAccueilFactory(collectivite=manche), date_heure=_le((2026, 5, 1))
        )

    with tenant_context(lot):
        refaits = statistiques.rafraichir_modifie(lot)
    assert refaits["passages"] == [date(2026, m, 1) for m in (2, 3, 4, 5)]
    assert refaits["personnes"] == [date(2026, m, 1) for m in (2, 3, 4, 5)]
    assert refaits["orientations"] == [date(2026, 3, 1)]
    assert refaits["accompagnements"] == [date(2026, 3, 1), date(2026, 6, 1)]
    assert passages_du_mois(lot, date(2026, 2, 1)) == 1 and passages_du_mois(lot, date(2026, 3, 1)) == 2
    assert passages_du_mois(lot, date(2026, 4, 1)) == 2 and passages_du_mois(lot, date(2026, 5, 1)) == 1

    incremental = cellules(lot)
    assert incremental != avant
    with tenant_context(lot):
        assert statistiques.rafraichir_modifie(lot) == {}  # nothing written since: nothing redone
        statistiques.rafraichir_tout(lot)
    assert cellules(lot) == incremental
    with tenant_context(manche):
        assert list(MoisARafraichir.objects.values_list("source", "mois").order_by("source")) == [
            ("passages", date(2026, 5, 1)),
            ("personnes", date(2026, 5, 1)),
        ]


def test_a_raw_write_is_marked_too(activite):
    """The mark comes from the database, not from the ORM: a raw UPDATE (a script, a data fix) is seen."""
    with tenant_context(activite):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE accueil_passage SET canal = 'telephone' WHERE collectivite_id = %s AND date_heure < %s",
                [activite.pk, _le((2026, 4, 1))],
            )
        assert statistiques.rafraichir_modifie(activite)["passages"] == [date(2026, 3, 1)]
        canaux = {
            r["cle"]: r["valeur"]
            for r in statistiques.lire("passages", "canal", date(2026, 3, 1), date(2026, 3, 31), 0)
        }
    assert canaux == {"telephone": 3}


def test_the_beat_queues_the_incremental_refresh_only_where_something_was_written(activite, manche, lieu_a, alice):
    with tenant_context(activite):
        f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=_le((2026, 4, 8)))
    planifier_statistiques(modifie=True)
    with tenant_context(activite):
        envois = list(Envoi.objects.values_list("tache", "options"))
    with tenant_context(manche):
        assert not Envoi.objects.exists()
    assert envois == [
        ("indicateurs.rafraichir_statistiques", {"modifie": True, "collectivite_id": activite.pk}),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_write_made_during_a_refresh_is_not_lost(activite, lieu_a, alice):
    """A desk saves a passage while the refresh runs: the refresh does not see it (not committed yet), its mark
    survives the refresh, and the next run counts it; the result equals a full refresh."""
    lot = activite
    ecrit, continuer = threading.Event(), threading.Event()
    erreurs = []

    def guichet():
        try:
            with tenant_context(lot), transaction.atomic():
                f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=_le((2026, 3, 25)))
                ecrit.set()
                continuer.wait(timeout=20)
        except Exception as e:  # pragma: no cover - reported below
            erreurs.append(repr(e))
        finally:
            connection.close()

    fil = threading.Thread(target=guichet)
    fil.start()
    assert ecrit.wait(timeout=20)
    debut = timezone.now()
    with tenant_context(lot):
        statistiques.rafraichir_modifie(lot)
        statistiques.rafraichir(lot, date(2026, 3, 1), date(2026, 3, 31))  # the full one does not wait either
    attente = (timezone.now() - debut).total_seconds()
    continuer.set()
    fil.join(timeout=30)
    assert erreurs == [] and attente < 10  # neither refresh waited for the desk's transaction
    assert passages_du_mois(lot, date(2026, 3, 1)) == 3  # not committed during the refresh: not counted yet

    with tenant_context(lot):
        assert statistiques.rafraichir_modifie(lot)["passages"] == [date(2026, 3, 1)]
    assert passages_du_mois(lot, date(2026, 3, 1)) == 4
    incremental = cellules(lot)
    with tenant_context(lot):
        statistiques.rafraichir_tout(lot)
    assert cellules(lot) == incremental


def cellules_jour(collectivite):
    with tenant_context(collectivite):
        return list(AgregatJour.objects.values_list("pk", "source", "jour", "lieu_id", "dimension", "cle", "valeur"))


def sommes_des_jours(collectivite):
    """{(source, month): {cell: value}}, the monthly cells the months with daily cells should hold: their sums."""
    sommes = {}
    for _, source, jour, lieu, dimension, cle, valeur in cellules_jour(collectivite):
        mois = sommes.setdefault((source, jour.replace(day=1)), {})
        mois[(lieu, dimension, cle)] = mois.get((lieu, dimension, cle), 0) + valeur
    return sommes


def mensuelles(collectivite, paires):
    resultat = {paire: {} for paire in paires}
    with tenant_context(collectivite):
        for s, m, lieu, d, c, v in Agregat.objects.values_list(
            "source", "mois", "lieu_id", "dimension", "cle", "valeur"
        ):
            if (s, m) in resultat:
                resultat[(s, m)][(lieu, d, c)] = v
    return resultat


def les_mois_par_jour_sont_des_sommes(collectivite):
    sommes = sommes_des_jours(collectivite)
    return sommes == mensuelles(collectivite, sommes)


def test_a_day_written_to_is_marked_by_day_and_only_that_day_is_recomputed(activite, lieu_a, alice, motifs):
    """The passages are counted by day: the triggers name the day. The first refresh that meets a day of April
    recomputes the month by day (its daily cells written); the next one rewrites that day's daily cells only and adds
    the difference, the monthly cells staying the sums of the daily ones and what a full refresh writes."""
    lot = activite
    with tenant_context(lot):
        f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=_le((2026, 4, 2), 15))
        marques = set(MoisARafraichir.objects.values_list("source", "mois", "jour"))
        assert ("passages", date(2026, 4, 1), date(2026, 4, 2)) in marques
        # distinct persons do not add up, but their day is marked too: the day's set of persons is kept (PersonneJour)
        assert ("personnes", date(2026, 4, 1), date(2026, 4, 2)) in marques
        assert not AgregatJour.objects.filter(jour__month=4).exists()  # the full refresh wrote April by month
        statistiques.rafraichir_modifie(lot)
        assert set(AgregatJour.objects.filter(source="passages", dimension="total").values_list("jour", "valeur")) == {
            (date(2026, 4, 2), 2),
            (date(2026, 4, 20), 1),
            (date(2026, 4, 21), 1),
        }
    assert les_mois_par_jour_sont_des_sommes(lot)

    avant = {pk: ligne for pk, *ligne in cellules_jour(lot)}
    with tenant_context(lot):
        f.PassageFactory(
            lieu=lieu_a, agent=alice, date_heure=_le((2026, 4, 20), 15), motifs=[motifs["gestion-financiere"]]
        )
        assert statistiques.rafraichir_modifie(lot)["passages"] == [date(2026, 4, 1)]
    apres = {pk: ligne for pk, *ligne in cellules_jour(lot)}
    # every daily cell of another day is the same row as before (not rewritten); those of 20 April were
    assert {pk: ligne for pk, ligne in apres.items() if ligne[1] != date(2026, 4, 20)} == {
        pk: ligne for pk, ligne in avant.items() if ligne[1] != date(2026, 4, 20)
    }
    assert passages_du_mois(lot, date(2026, 4, 1)) == 5
    assert les_mois_par_jour_sont_des_sommes(lot)
    incremental = cellules(lot)
    with tenant_context(lot):
        statistiques.rafraichir_tout(lot)
    assert cellules(lot) == incremental


def test_a_cell_that_falls_to_zero_disappears_as_in_a_full_refresh(activite, lieu_a):
    """The last passage of a channel in a month deleted: the incremental refresh removes the cell (it does not
    leave a zero a full refresh would not write), and the small-cell rule reads the same rows."""
    lot = activite
    with tenant_context(lot):
        seul = Passage.objects.filter(date_heure=_le((2026, 4, 2))).get()
        seul.canal = "courrier"
        seul.save()
        statistiques.rafraichir_modifie(lot)  # April now by day
        canaux = {r["cle"] for r in statistiques.lire("passages", "canal", date(2026, 4, 1), date(2026, 4, 30), 0)}
        assert "courrier" in canaux
        PassageMotif.objects.filter(passage=seul).delete()
        seul.delete()
        statistiques.rafraichir_modifie(lot)  # the difference of 2 April: the cell falls to zero
        assert not Agregat.objects.filter(source="passages", dimension="canal", cle="courrier").exists()
        assert not AgregatJour.objects.filter(source="passages", dimension="canal", cle="courrier").exists()
    assert les_mois_par_jour_sont_des_sommes(lot)
    incremental = cellules(lot)
    with tenant_context(lot):
        statistiques.rafraichir_tout(lot)
    assert cellules(lot) == incremental


def test_the_full_refresh_keeps_daily_cells_for_the_current_month_only(lot, lieu_a, alice):
    """A daily rollup of every month would be as big as the raw rows: the full refresh writes the current month by
    day (the desks write there) and the earlier months by month, deleting their daily cells."""
    aujourd_hui = timezone.localdate()
    mois_dernier = aujourd_hui.replace(day=1) - timezone.timedelta(days=1)
    with tenant_context(lot):
        for jour in (aujourd_hui, mois_dernier):
            f.PassageFactory(
                lieu=lieu_a, agent=alice, date_heure=timezone.make_aware(timezone.datetime(*jour.timetuple()[:3], 10))
            )
        statistiques.rafraichir_modifie(lot)  # both months by day
        assert set(AgregatJour.objects.filter(dimension="total").values_list("jour", flat=True)) == {
            aujourd_hui,
            mois_dernier,
        }
        statistiques.rafraichir(lot, mois_dernier, aujourd_hui)
        assert set(AgregatJour.objects.filter(dimension="total").values_list("jour", flat=True)) == {aujourd_hui}
    assert les_mois_par_jour_sont_des_sommes(lot)
    assert passages_du_mois(lot, mois_dernier.replace(day=1)) == 1


def personnes(collectivite, mois, dimension="mois", lieu=None):
    with tenant_context(collectivite):
        filtre = {"lieu_id": lieu.pk} if lieu else {}
        return sum(
            Agregat.objects.filter(source="personnes", dimension=dimension, mois=mois, **filtre).values_list(
                "valeur", flat=True
            )
        )


def test_distinct_persons_are_kept_by_day_a_person_seen_twice_in_a_month_counting_once(activite, lieu_a, alice):
    """Distinct persons do not add up day by day: the persons seen each day are kept as a set (PersonneJour) and a
    day's refresh counts the difference for the persons of that day only. A person seen on two days of April, at two
    sites, counts once in the month (once per site); a passage deleted or moved to May changes the counts as a full
    refresh does."""
    lot = activite
    avril, mai = date(2026, 4, 1), date(2026, 5, 1)
    with tenant_context(lot):
        lieu_2 = f.LieuAccueilFactory(structure=lieu_a.structure)
        ana, bea = f.UsagerFactory(), f.UsagerFactory()
        premier = f.PassageFactory(lieu=lieu_a, agent=alice, usager=ana, date_heure=_le((2026, 4, 2), 15))
        statistiques.rafraichir_modifie(lot)  # April was written by month: recomputed whole, by day
        assert PersonneJour.objects.filter(jour__month=4, usager_id__isnull=False).count() == 1
    assert personnes(lot, avril) == 1

    with tenant_context(lot):
        second = f.PassageFactory(lieu=lieu_2, agent=alice, usager=ana, date_heure=_le((2026, 4, 20), 15))
        f.PassageFactory(lieu=lieu_a, agent=alice, usager=bea, date_heure=_le((2026, 4, 20), 16))
        f.PassageFactory(lieu=lieu_a, agent=alice, usager=bea, date_heure=_le((2026, 4, 21), 9))
        assert statistiques.rafraichir_modifie(lot)["personnes"] == [avril]
        assert set(PersonneJour.objects.filter(usager_id=ana.pk).values_list("jour", "lieu_id")) == {
            (date(2026, 4, 2), lieu_a.pk),
            (date(2026, 4, 20), lieu_2.pk),
        }
    assert personnes(lot, avril) == 2  # Ana on two days and at two sites, Béa on two days: two persons
    assert personnes(lot, avril, "total", lieu_a) == 2 and personnes(lot, avril, "total", lieu_2) == 1
    incremental = cellules(lot)
    with tenant_context(lot):
        statistiques.rafraichir_tout(lot)
    assert cellules(lot) == incremental

    with tenant_context(lot):
        premier.delete()  # Ana is still seen on 20 April (at the second site)
        assert statistiques.rafraichir_modifie(lot)["personnes"] == [avril]
    assert personnes(lot, avril) == 2
    assert personnes(lot, avril, "total", lieu_a) == 1 and personnes(lot, avril, "total", lieu_2) == 1

    with tenant_context(lot):
        second.date_heure = _le((2026, 5, 4))
        second.save()  # Ana's last passage of April moved to May
        assert statistiques.rafraichir_modifie(lot)["personnes"] == [avril, mai]
        assert not Agregat.objects.filter(source="personnes", mois=avril, lieu=lieu_2).exists()  # fell to zero
    assert personnes(lot, avril) == 1 and personnes(lot, mai) == 1
    incremental = cellules(lot)
    with tenant_context(lot):
        assert statistiques.rafraichir_modifie(lot) == {}
        statistiques.rafraichir_tout(lot)
    assert cellules(lot) == incremental


def test_a_day_refreshed_again_rewrites_only_its_cells_that_changed(activite, lieu_a, alice, motifs):
    """A refresh every ten minutes meets a few new passages in a day of hundreds: the day is recomputed whole, but
    only its cells whose count moved are written — a cell that did not move is the same row, one that moved is
    updated in place, a new one inserted — and the month stays the sum of its days, equal to a full refresh."""
    lot = activite
    with tenant_context(lot):
        f.PassageFactory(
            lieu=lieu_a, agent=alice, date_heure=_le((2026, 4, 20), 15), motifs=[motifs["gestion-financiere"]]
        )
        statistiques.rafraichir_modifie(lot)  # April by day

    def du_20_avril():
        return {
            (source, dimension, cle): (pk, valeur)
            for pk, source, jour, _, dimension, cle, valeur in cellules_jour(lot)
            if jour == date(2026, 4, 20)
        }

    avant = du_20_avril()
    with tenant_context(lot):
        f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=_le((2026, 4, 20), 16), canal="telephone")
        statistiques.rafraichir_modifie(lot)
    apres = du_20_avril()
    motif = ("passages", "motif", str(motifs["gestion-financiere"].pk))
    assert apres[motif] == avant[motif]  # not moved: the same row
    total = ("passages", "total", "total")
    assert apres[total] == (avant[total][0], avant[total][1] + 1)  # moved: the same row, updated
    assert ("passages", "canal", "telephone") not in avant and apres[("passages", "canal", "telephone")][1] == 1
    assert les_mois_par_jour_sont_des_sommes(lot)
    incremental = cellules(lot)
    with tenant_context(lot):
        statistiques.rafraichir_tout(lot)
    assert cellules(lot) == incremental


def test_a_day_refreshed_again_keeps_the_rows_of_the_persons_it_already_held(activite, lieu_a, alice):
    """The persons seen on a day are a set: refreshed after a new passage, the day keeps the rows it already held
    (the same rows, not rewritten) and gains the new person's; a person seen again that day at the same site adds
    nothing, and the month counts each person once, as a full refresh does."""
    lot = activite
    avril = date(2026, 4, 1)
    with tenant_context(lot):
        ana, bea = f.UsagerFactory(), f.UsagerFactory()
        f.PassageFactory(lieu=lieu_a, agent=alice, usager=ana, date_heure=_le((2026, 4, 20), 15))
        statistiques.rafraichir_modifie(lot)  # April by day
        avant = dict(PersonneJour.objects.filter(jour=date(2026, 4, 20)).values_list("usager_id", "pk"))
        f.PassageFactory(lieu=lieu_a, agent=alice, usager=ana, date_heure=_le((2026, 4, 20), 16))  # Ana again
        f.PassageFactory(lieu=lieu_a, agent=alice, usager=bea, date_heure=_le((2026, 4, 20), 17))
        statistiques.rafraichir_modifie(lot)
        apres = dict(PersonneJour.objects.filter(jour=date(2026, 4, 20)).values_list("usager_id", "pk"))
    assert apres[ana.pk] == avant[ana.pk] and apres[None] == avant[None]  # the rows already held: the same rows
    assert set(apres) == {ana.pk, bea.pk, None}
    assert personnes(lot, avril) == 2 and personnes(lot, avril, "total", lieu_a) == 2
    incremental = cellules(lot)
    with tenant_context(lot):
        statistiques.rafraichir_tout(lot)
    assert cellules(lot) == incremental


def _synchronous_commit_pendant_et_apres(lot, lieu_a, alice, englobante):
    """(the setting inside the refresh's transaction, the setting after it), the refresh run inside a caller's
    transaction if ``englobante`` (``"atomic"``, or ``"à la main"``: autocommit turned off by the caller)."""
    vus = []

    def noter(execute, sql, params, many, context):
        resultat = execute(sql, params, many, context)
        if "FROM indicateurs_moisarafraichir" in sql:  # inside the refresh's transaction
            with connection.cursor() as curseur:
                curseur.execute("SHOW synchronous_commit")
                vus.append(curseur.fetchone()[0])
        return resultat

    with tenant_context(lot):
        f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=_le((2026, 4, 20), 15))
        with connection.execute_wrapper(noter):
            if englobante == "atomic":
                with transaction.atomic():
                    statistiques.rafraichir_modifie(lot)
            elif englobante == "à la main":  # a transaction begun without atomic()
                transaction.set_autocommit(False)
                try:
                    statistiques.rafraichir_modifie(lot)
                    transaction.commit()
                finally:
                    transaction.set_autocommit(True)
            else:
                statistiques.rafraichir_modifie(lot)
        with connection.cursor() as curseur:
            curseur.execute("SHOW synchronous_commit")
            apres = curseur.fetchone()[0]
    assert len(vus) == 1
    return vus[0], apres


@pytest.mark.django_db(transaction=True)
def test_only_the_refresh_commits_without_waiting_for_the_disk(activite, lieu_a, alice):
    """A refresh that is its own transaction commits asynchronously (it writes only what can be computed again); the
    setting is the transaction's own: a desk's save made next on the same connection waits for the disk as before.
    Run inside a caller's transaction, whose other writes may not be recomputable, the refresh leaves it as it is."""
    assert _synchronous_commit_pendant_et_apres(activite, lieu_a, alice, englobante=None) == ("off", "on")
    assert _synchronous_commit_pendant_et_apres(activite, lieu_a, alice, englobante="atomic") == ("on", "on")
    assert _synchronous_commit_pendant_et_apres(activite, lieu_a, alice, englobante="à la main") == ("on", "on")


def test_a_days_residents_are_counted_under_their_communes_names(activite, lieu_a, alice, cahors):
    """The residence cells name the communes met (read by code after grouping): a day's refresh writes « Cahors »
    for its residents of Cahors and « Non renseignée » for the passages without a commune, as a full refresh does."""
    lot = activite
    with tenant_context(lot):
        for heure in (9, 10):
            f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=_le((2026, 4, 20), heure), commune_residence=cahors)
        statistiques.rafraichir_modifie(lot)
        communes = dict(
            Agregat.objects.filter(source="passages", dimension="commune", mois=date(2026, 4, 1)).values_list(
                "libelle", "valeur"
            )
        )
    assert communes["Cahors"] == 2
    assert communes["Non renseignée"] == 3  # April's three passages of the fixture name no commune
    incremental = cellules(lot)
    with tenant_context(lot):
        statistiques.rafraichir_tout(lot)
    assert cellules(lot) == incremental
