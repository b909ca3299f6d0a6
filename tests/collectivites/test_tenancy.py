import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from collectivites.tasks import TacheCollectivite
from collectivites.tenancy import (
    AucuneCollectiviteActive,
    ScopeError,
    cross_tenant_access,
    current_collectivite,
    tenant_context,
)
from config.celery import app as celery_app
from reseau.models import Structure
from tests import factories as f


@celery_app.task(base=TacheCollectivite, name="tests.noms_des_structures")
def noms_des_structures():
    return sorted(Structure.objects.values_list("nom", flat=True))


def test_no_context_means_an_error(structure_a):
    with pytest.raises(ScopeError):
        list(Structure.objects.all())
    with pytest.raises(AucuneCollectiviteActive):
        current_collectivite()


def test_context_filters_on_its_collectivite(structure_a, zoe, lot, manche):
    with tenant_context(lot):
        assert list(Structure.objects.values_list("nom", flat=True)) == ["Département du Lot — Solidarités"]
        assert current_collectivite() == lot
    with tenant_context(manche):
        assert list(Structure.objects.values_list("nom", flat=True)) == ["Bétaville Solidarités"]
    with pytest.raises(AucuneCollectiviteActive):
        current_collectivite()


def test_a_none_collectivite_is_refused():
    with pytest.raises(AucuneCollectiviteActive), tenant_context(None):
        pass


def test_saving_into_another_collectivite_is_refused(lot, manche, cahors):
    with tenant_context(lot), pytest.raises(AucuneCollectiviteActive):
        Structure.objects.create(collectivite=manche, nom="Intruse", type="autre", commune=cahors)


def test_a_new_row_takes_the_active_collectivite(lot, cahors):
    with tenant_context(lot):
        s = Structure(nom="CAF du Lot", type="caf", commune=cahors)
        s.save()
    assert s.collectivite_id == lot.pk


def test_saving_outside_any_context_without_collectivite_is_refused(cahors):
    with pytest.raises(AucuneCollectiviteActive):
        Structure(nom="Orpheline", type="autre", commune=cahors).save()


def test_cross_tenant_access_needs_a_reason_and_sees_everything(structure_a, zoe):
    with pytest.raises(ValueError), cross_tenant_access(""):
        pass
    with cross_tenant_access("test: vue de plateforme"):
        assert Structure.objects.count() == 2


def test_the_request_context_comes_from_the_users_collectivite(client, alice, zoe, structure_a):
    client.force_login(zoe)
    reponse = client.get("/reseau/structures/")
    assert "Bétaville Solidarités" in reponse.content.decode()
    assert "Département du Lot" not in reponse.content.decode()
    with pytest.raises(AucuneCollectiviteActive):
        current_collectivite()  # nothing leaks out of the request


def test_the_public_context_comes_from_the_url(client, lot, manche, lieu_a):
    assert "MSD de Cahors" in client.get("/c/lot/").content.decode()
    assert "MSD de Cahors" not in client.get("/c/manche/").content.decode()
    assert client.get("/c/inconnue/").status_code == 404


def test_a_task_runs_in_the_collectivite_it_receives(structure_a, zoe, lot, manche):
    assert noms_des_structures.apply(kwargs={"collectivite_id": manche.pk}).get() == ["Bétaville Solidarités"]
    assert noms_des_structures.apply(kwargs={"collectivite_id": lot.pk}).get() == ["Département du Lot — Solidarités"]


def test_a_task_without_collectivite_fails_rather_than_reuse_one(structure_a, lot):
    with tenant_context(lot):
        # even inside a context, the task demands its own id: it never inherits the caller's
        with pytest.raises(AucuneCollectiviteActive):
            noms_des_structures.apply().get()


def test_a_command_runs_in_the_collectivite_named(structure_a, zoe, lot, capsys):
    call_command("lister_structures", collectivite="lot")
    sortie = capsys.readouterr().out
    assert "Département du Lot — Solidarités" in sortie
    assert "Bétaville" not in sortie


def test_a_command_refuses_an_unknown_collectivite(db):
    with pytest.raises(CommandError, match="Collectivité inconnue"):
        call_command("lister_structures", collectivite="atlantide")


def test_public_theme_uses_the_collectivites_colours(client, lot):
    lot.couleur_principale = "#123456"
    lot.save()
    reponse = client.get("/c/lot/theme.css")
    assert reponse["Content-Type"].startswith("text/css")
    assert "#123456" in reponse.content.decode()


def test_factories_need_no_context(lot):
    assert f.StructureFactory(collectivite=lot).collectivite == lot


def test_a_row_cannot_link_to_another_collectivites_row(lot, manche, zoe, cahors):
    from collectivites.tenancy import CollectiviteIncoherente
    from territoire.models import TerritoireActionSociale, TerritoireInterventionSociale

    with tenant_context(manche):
        tas_manche = TerritoireActionSociale.objects.create(nom="TAS Manche")
    with tenant_context(lot), pytest.raises(CollectiviteIncoherente, match="tas désigne un objet d'une autre"):
        TerritoireInterventionSociale.objects.create(nom="TIS pirate", tas=tas_manche)
    with tenant_context(lot), pytest.raises(CollectiviteIncoherente):
        # a bare id too
        TerritoireInterventionSociale.objects.create(nom="TIS pirate", tas_id=tas_manche.pk)


def test_a_new_collectivite_is_created_with_its_first_administrator(db, capsys):
    f.CommuneFactory(code="46042", nom="Cahors", departement=f.DepartementFactory(code="46"))
    call_command(
        "creer_collectivite", nom="Département du Lot", slug="lot", departement="46", admin_email="Admin@Lot.fr"
    )
    from collectivites.models import Collectivite
    from comptes.models import Utilisateur

    lot = Collectivite.objects.get(slug="lot")
    admin = Utilisateur.objects.get(email="admin@lot.fr")
    assert admin.collectivite == lot and not admin.has_usable_password()
    with tenant_context(lot):
        assert admin.peut("gerer_membres")
        assert lot.pk and Structure.objects.get().type == "departement"
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("creer_collectivite", nom="X", slug="lot", departement="46", admin_email="b@lot.fr")
    with pytest.raises(CommandError, match="Département inconnu"):
        call_command("creer_collectivite", nom="X", slug="x", departement="99", admin_email="c@lot.fr")


def test_the_only_way_out_of_the_tenant_scope_is_the_named_hatch():
    """``Model._base_manager`` is not scoped: app code must go through ``cross_tenant_access(reason)`` instead, so
    that every query across collectivités says why (migrations, which see historical models, are not app code)."""
    from pathlib import Path

    racine = Path(__file__).resolve().parents[2]
    paquets = [d for d in racine.iterdir() if (d / "__init__.py").exists() and d.name != "tests"]
    assert {"collectivites", "config", "portail", "usagers"} <= {d.name for d in paquets}
    # where the base manager of tenant models is defined: filtered on the context, never a way out
    definition = {"collectivites/models.py", "collectivites/tenancy.py"}
    fautifs = [
        str(fichier.relative_to(racine))
        for paquet in paquets
        for fichier in paquet.rglob("*.py")
        if "migrations" not in fichier.parts and "_base_manager" in fichier.read_text()
    ]
    assert set(fautifs) <= definition
