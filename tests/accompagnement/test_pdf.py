import pytest

from accompagnement.models import DocumentPlan
from collectivites.tenancy import tenant_context
from config.pdf import PREFIXE, fetcher, recuperer_statique
from usagers.models import JournalAcces


def test_the_plan_pdf_is_rendered_kept_and_served_with_access_checks(
    client, soutien, bob, chloe, lot, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(bob)
    client.post(f"/accompagnements/{soutien.pk}/themes/", {"libelle": "Budget"})
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(f"/accompagnements/{soutien.pk}/plan.pdf", follow=True)
    assert "Le contrat d&#x27;engagement est en préparation" in reponse.content.decode()
    with tenant_context(lot):
        document = DocumentPlan.objects.get()
    assert document.genere_le is not None
    assert document.fichier.name.startswith(f"collectivites/{lot.pk}/accompagnements/{soutien.pk}/contrat-engagement-")
    page = client.get(f"/accompagnements/{soutien.pk}/").content.decode()
    assert "Contrat d&#x27;engagement du" in page
    telechargement = client.get(f"/accompagnements/{soutien.pk}/documents/{document.pk}/")
    contenu = b"".join(telechargement.streaming_content)
    assert telechargement["Content-Type"] == "application/pdf"
    assert telechargement["Content-Disposition"].startswith("attachment;")
    assert contenu.startswith(b"%PDF") and len(contenu) > 3000
    with tenant_context(lot):
        assert JournalAcces.objects.filter(utilisateur=bob, action="pdf").count() == 1
    client.force_login(chloe)  # not in the group
    assert client.get(f"/accompagnements/{soutien.pk}/documents/{document.pk}/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/hostname",
        "http://127.0.0.1:1/x.png",
        "https://exemple.fr/a.css",
        f"{PREFIXE}../../config/settings.py",
    ],
)
def test_the_url_fetcher_reads_only_static_files(url):
    with pytest.raises(ValueError):
        recuperer_statique(url)


def test_the_fetcher_serves_a_static_file():
    resultat = recuperer_statique(f"{PREFIXE}css/relais.css")
    assert b".lien-evitement" in resultat.read() and resultat.content_type == "text/css"


def test_a_document_referring_to_outside_resources_fetches_nothing():
    from weasyprint import HTML

    html = (
        '<p>Note</p><img src="file:///usr/share/pixmaps/debian-logo.png">'
        '<img src="http://127.0.0.1:1/pixel.png"><link rel="stylesheet" href="file:///etc/passwd">'
    )
    pdf = HTML(string=html, base_url=PREFIXE, url_fetcher=fetcher()).write_pdf()
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" not in pdf


def test_an_uploaded_document_is_checked_renamed_and_served_as_attachment(
    client, soutien, bob, chloe, lot, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(bob)
    faux = SimpleUploadedFile("avis.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    reponse = client.post(f"/accompagnements/{soutien.pk}/documents/", {"fichier": faux}, follow=True)
    assert "Ce fichier n&#x27;est pas d&#x27;un type accepté (PDF, PNG ou JPEG)." in reponse.content.decode()
    vrai = SimpleUploadedFile("avis d'imposition.pdf", b"%PDF-1.4\n%vrai\n", "text/plain")
    client.post(f"/accompagnements/{soutien.pk}/documents/", {"fichier": vrai})
    with tenant_context(lot):
        document = DocumentPlan.objects.get(nature="depose")
    assert document.fichier.name.startswith(f"collectivites/{lot.pk}/accompagnements/{soutien.pk}/depot-")
    assert "imposition" not in document.fichier.name and document.nom_original == "avis d'imposition.pdf"
    telechargement = client.get(f"/accompagnements/{soutien.pk}/documents/{document.pk}/")
    assert telechargement["Content-Type"] == "application/pdf"
    assert telechargement["Content-Disposition"].startswith("attachment;")
    assert b"".join(telechargement.streaming_content) == b"%PDF-1.4\n%vrai\n"
    client.force_login(chloe)
    assert client.get(f"/accompagnements/{soutien.pk}/documents/{document.pk}/").status_code == 404
