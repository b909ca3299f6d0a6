"""Phone numbers: one validated type everywhere (collectivites.telephone, issue #19)."""

import pytest
from rest_framework import serializers

from collectivites.telephone import TelephoneField, afficher, normaliser
from collectivites.tenancy import tenant_context
from reseau.models import Structure
from tests.reseau.test_import import ENTETE, envoyer
from usagers.models import Usager

MESSAGE = "Ce numéro de téléphone n'est pas valide."


@pytest.mark.parametrize(
    "saisi,stocke,affiche",
    [
        ("06 12 34 56 78", "+33612345678", "06 12 34 56 78"),
        ("+33 (0)5 65 20 88 88", "+33565208888", "05 65 20 88 88"),
        ("0033612345678", "+33612345678", "06 12 34 56 78"),
        ("0262 21 22 23", "+262262212223", "0262 21 22 23"),  # La Réunion
        ("0696 12 34 56", "+596696123456", "0696 12 34 56"),  # Martinique
        ("0590 12 34 56", "+590590123456", "0590 12 34 56"),  # Guadeloupe
        ("+687 25 12 34", "+687251234", "25.12.34"),  # Nouvelle-Calédonie
        ("+32 470 12 34 56", "+32470123456", "+32 470 12 34 56"),
    ],
)
def test_french_overseas_and_foreign_numbers_are_stored_in_the_international_format(saisi, stocke, affiche):
    assert normaliser(saisi) == stocke
    assert afficher(stocke) == affiche


def test_every_phone_field_of_the_project_is_the_one_type():
    from django.apps import apps

    champs = {
        f"{m._meta.label}.{c.name}"
        for m in apps.get_models()
        for c in m._meta.get_fields()
        if "telephone" in c.name
        and not c.name.endswith("_normalise")
        and not m._meta.label.startswith(("usagers.Hist",))
    }
    for nom in champs:
        label, champ = nom.rsplit(".", 1)
        assert isinstance(apps.get_model(label)._meta.get_field(champ), TelephoneField), nom
    assert {
        "usagers.Usager.telephone",
        "reseau.Structure.telephone",
        "reseau.Contact.telephone",
        "ingenierie.Demande.contact_telephone",
        "territoire.TerritoireInterventionSociale.telephone",
        "comptes.Utilisateur.telephone",
    } <= champs


def test_the_person_form_stores_the_international_format_and_shows_the_national_one(client, alice, lot):
    client.force_login(alice)
    reponse = client.post("/usagers/nouveau/", {"prenom": "Léa", "nom": "Roux", "telephone": "06.12.34.56.78"})
    assert reponse.status_code == 302
    with tenant_context(lot):
        lea = Usager.objects.get()
    assert lea.telephone == "+33612345678"
    assert "06 12 34 56 78" in client.get(f"/usagers/{lea.pk}/").content.decode()
    # the search still finds the person by their number, however it is written
    assert "Léa ROUX" in client.get("/usagers/recherche/", {"q": "06 12 34 56 78"}).content.decode()


@pytest.mark.parametrize("saisi", ["12", "1" * 100, "06 12 34 56 78 90 12", "appelez-moi"])
def test_an_invalid_number_is_refused_with_a_clear_error_never_cut(client, alice, lot, saisi):
    client.force_login(alice)
    page = client.post("/usagers/nouveau/", {"prenom": "Léa", "nom": "Roux", "telephone": saisi}).content.decode()
    assert MESSAGE in page.replace("&#x27;", "'")
    assert "au plus" not in page  # the number's validity is the rule, not a length
    with tenant_context(lot):
        assert not Usager.objects.exists()


def test_the_csv_import_refuses_an_invalid_number_and_normalises_a_good_one(client, david, lot, cahors):
    client.force_login(david)
    page = envoyer(client, ENTETE + "Secours populaire;association;;46042;;" + "9" * 100 + ";;;;\n").content.decode()
    assert "Ligne 2 : telephone : " + MESSAGE in page.replace("&#x27;", "'")
    with tenant_context(lot):
        assert not Structure.objects.filter(nom="Secours populaire").exists()
    reponse = envoyer(client, ENTETE + "Secours populaire;association;;46042;;05 65 20 88 88;;;;\n")
    assert reponse.status_code == 302
    with tenant_context(lot):
        assert Structure.objects.get(nom="Secours populaire").telephone == "+33565208888"


def test_the_api_refuses_an_invalid_number(lot):
    class StructureSerializer(serializers.ModelSerializer):
        class Meta:
            model = Structure
            fields = ["telephone"]

    mauvais = StructureSerializer(data={"telephone": "1" * 100})
    assert not mauvais.is_valid()
    assert MESSAGE in str(mauvais.errors["telephone"])
    assert StructureSerializer(data={"telephone": "05 65 20 88 88"}).is_valid()


def test_the_migration_normalises_existing_numbers_and_keeps_an_invalid_one_as_it_was(lot, structure_a, structure_a2):
    from django.apps import apps

    from collectivites.telephone import migration_normaliser
    from collectivites.tenancy import cross_tenant_access

    with tenant_context(lot):  # written as before the type existed, around save()
        Structure.objects.filter(pk=structure_a.pk).update(telephone="05.65.53.40.00")
        Structure.objects.filter(pk=structure_a2.pk).update(telephone="standard : poste 12")
    with cross_tenant_access("test : la migration voit toutes les collectivités, comme en production"):
        migration_normaliser("reseau", "Structure", "telephone")(apps, None)
    with tenant_context(lot):
        assert Structure.objects.get(pk=structure_a.pk).telephone == "+33565534000"
        assert Structure.objects.get(pk=structure_a2.pk).telephone == "standard : poste 12"
