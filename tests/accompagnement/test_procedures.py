from accompagnement.models import Accompagnement, DocumentPlan, EnqueteExpulsion, EvaluationIP
from collectivites.tenancy import tenant_context


def ouvrir(client, user, jeanne, type_, structure_a, lot):
    client.force_login(user)
    client.post(
        "/accompagnements/nouveau/",
        {"usager": jeanne.pk, "type": type_.pk, "structure": structure_a.pk, "date_debut": "2026-09-01"},
    )
    with tenant_context(lot):
        return Accompagnement.objects.get(type=type_)


ENQUETE = {
    "demandeur": "prefecture",
    "date_demande": "2026-09-10",
    "date_assignation": "2026-09-01",
    "date_audience": "2026-12-01",
    "type_bailleur": "prive",
    "dette_locative": "2450.50",
    "ressources_mensuelles": "1320",
    "charges_mensuelles": "980",
    "aides_demandees": "FSL maintien",
    "recommandations": "Plan d'apurement de 80 € par mois.",
}


def test_an_eviction_inquiry_and_its_report(
    client, bob, jeanne, types, structure_a, lot, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    a = ouvrir(client, bob, jeanne, types["prevention-expulsions"], structure_a, lot)
    page = client.post(
        f"/accompagnements/{a.pk}/enquete-expulsion/", {**ENQUETE, "date_audience": "2026-08-01"}
    ).content.decode()
    assert "L&#x27;audience ne peut pas précéder l&#x27;assignation." in page
    with tenant_context(lot):
        assert not EnqueteExpulsion.objects.exists()
    assert client.post(f"/accompagnements/{a.pk}/enquete-expulsion/", ENQUETE).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/accompagnements/{a.pk}/enquete-expulsion/rapport.pdf")
    with tenant_context(lot):
        rapport = DocumentPlan.objects.get(nature="rapport_expulsion")
        assert rapport.fichier.name.rsplit("/", 1)[-1].startswith("rapport-expulsion-")
    contenu = b"".join(client.get(f"/accompagnements/{a.pk}/documents/{rapport.pk}/").streaming_content)
    assert contenu.startswith(b"%PDF")


def test_the_inquiry_exists_only_for_eviction_supports(client, soutien, bob):
    client.force_login(bob)
    assert client.get(f"/accompagnements/{soutien.pk}/enquete-expulsion/").status_code == 404


def test_a_child_protection_evaluation_records_the_parents_information(
    client, helene, bob, jeanne, types, structure_a, lot
):
    a = ouvrir(client, helene, jeanne, types["evaluation-ip"], structure_a, lot)
    page = client.post(
        f"/accompagnements/{a.pk}/evaluation-ip/", {"date_reception": "2026-10-01", "issue": "en_cours"}
    ).content.decode()
    assert "Indiquez pourquoi les parents n&#x27;ont pas été informés." in page
    client.post(
        f"/accompagnements/{a.pk}/evaluation-ip/",
        {
            "date_reception": "2026-10-01",
            "parents_informes": "on",
            "parents_informes_le": "2026-10-03",
            "issue": "accompagnement",
        },
    )
    with tenant_context(lot):
        assert EvaluationIP.objects.get().get_issue_display() == "Accompagnement proposé à la famille"
    client.force_login(bob)  # a social worker without the child-protection role
    assert client.get(f"/accompagnements/{a.pk}/evaluation-ip/").status_code == 403
    assert client.get(f"/accompagnements/{a.pk}/").status_code == 404
