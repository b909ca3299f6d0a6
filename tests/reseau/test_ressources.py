"""Signed charter documents, the shared resource library, and the evaluation of events."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from collectivites.tenancy import tenant_context
from reseau.models import Evenement, Inscription, Membre, Ressource, Signature, Structure
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _odt():
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return tampon.getvalue()


def test_a_signature_gets_a_generated_pdf_and_can_be_replaced_by_the_signed_original(
    client,
    version,
    emma,
    alice,
    lot,
    structure_a2,
    django_capture_on_commit_callbacks,
):
    with tenant_context(lot):
        engagements = [str(e.pk) for e in version.engagements.all()]
    client.force_login(emma)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/reseau/charte/signer/",
            {
                "structure": structure_a2.pk,
                "signataire": "Mme Roux",
                "fonction": "Présidente du CCAS",
                "signee_le": "2026-11-20",
                "engagements": engagements[:1],
            },
        )
    with tenant_context(lot):
        signature = Signature.objects.get()
    reponse = client.get(f"/reseau/charte/signatures/{signature.pk}/document/")
    assert reponse["Content-Type"] == "application/pdf" and "attachment" in reponse["Content-Disposition"]
    texte = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(reponse.streaming_content))).pages)
    assert "CCAS de Cahors" in texte and "Mme Roux" in texte and "Recevoir sans condition" in texte
    assert "Orienter vers le bon service" not in texte  # not accepted
    # another structure's member does not see it
    client.force_login(alice)
    assert client.get(f"/reseau/charte/signatures/{signature.pk}/document/").status_code == 404
    # the CCAS's administrator uploads the signed scan; a file of the wrong type is refused
    with tenant_context(lot):
        Membre.objects.filter(utilisateur=emma).update(gestionnaire=True)
    client.force_login(emma)
    page = client.post(
        f"/reseau/charte/signatures/{signature.pk}/deposer/",
        {"fichier": SimpleUploadedFile("charte.pdf", b"MZ\x90\x00 pas un pdf", content_type="application/pdf")},
    ).content.decode()
    assert "pas d&#x27;un type accepté" in page
    client.post(
        f"/reseau/charte/signatures/{signature.pk}/deposer/",
        {"fichier": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")},
    )
    with tenant_context(lot):
        signature.refresh_from_db()
    assert signature.document_depose and signature.document.name.endswith(".pdf")
    assert "scan" not in signature.document.name  # server-generated name
    assert b"".join(client.get(f"/reseau/charte/signatures/{signature.pk}/document/").streaming_content) == PDF


def test_the_lead_shares_a_resource_with_versions_and_visibility(client, david, emma, alice, lot, structure_a2):
    client.force_login(david)
    reponse = client.post(
        "/reseau/ressources/nouvelle/",
        {
            "titre": "Fiche de liaison du Lot",
            "categorie": "fiche_liaison",
            "etiquettes": "orientation, liaison",
            "visibilite": "signataires",
            "fichier": SimpleUploadedFile("fiche.odt", _odt()),
        },
    )
    assert reponse.status_code == 302
    with tenant_context(lot):
        ressource = Ressource.objects.get()
    client.post(
        f"/reseau/ressources/{ressource.pk}/",
        {"fichier": SimpleUploadedFile("fiche-v2.pdf", PDF), "note": "Ajout du consentement"},
    )
    page = client.get(f"/reseau/ressources/{ressource.pk}/").content.decode()
    assert "Ajout du consentement" in page and "2 (en vigueur)" in page
    assert "Fiche de liaison du Lot" in client.get("/reseau/ressources/?q=liaison").content.decode()
    # a Département agent sees it; the CCAS (not a signatory) does not, until it signs
    client.force_login(alice)
    assert client.get(f"/reseau/ressources/{ressource.pk}/").status_code == 200
    with tenant_context(lot):
        version1 = ressource.versions.get(numero=1)
    reponse = client.get(f"/reseau/ressources/versions/{version1.pk}/")
    assert b"".join(reponse.streaming_content).startswith(b"PK")
    assert "Fiche de liaison du Lot v1.odt" in reponse["Content-Disposition"]
    client.force_login(emma)
    assert "Fiche de liaison du Lot" not in client.get("/reseau/ressources/").content.decode()
    assert client.get(f"/reseau/ressources/versions/{version1.pk}/").status_code == 404
    with tenant_context(lot):
        f.signature(lot, structure_a2, david)
    assert "Fiche de liaison du Lot" in client.get("/reseau/ressources/").content.decode()
    # only the lead shares
    assert client.post("/reseau/ressources/nouvelle/", {"titre": "x"}).status_code == 403


def test_a_bad_resource_writes_nothing(client, david, lot):
    client.force_login(david)
    page = client.post(
        "/reseau/ressources/nouvelle/",
        {
            "titre": "Guide",
            "categorie": "document",
            "visibilite": "reseau",
            "fichier": SimpleUploadedFile("guide.exe", b"MZ\x90\x00"),
        },
    ).content.decode()
    assert "pas d&#x27;un type accepté" in page
    with tenant_context(lot):
        assert not Ressource.objects.exists()


@pytest.fixture
def formation_passee(lot, structure_a, structure_a2, alice, emma):
    with tenant_context(lot):
        evenement = f.EvenementFactory(
            type="immersion",
            titre="Immersion au CCAS",
            date=timezone.now() - datetime.timedelta(days=2),
            lieu="Cahors",
            organisateur=structure_a2,
        )
        for u, s, present in ((alice, structure_a, True), (emma, structure_a2, False)):
            f.InscriptionFactory(evenement=evenement, utilisateur=u, structure=s, present=present)
    return evenement


def test_participants_evaluate_an_event_they_attended(client, formation_passee, alice, emma, lot):
    client.force_login(alice)
    with tenant_context(lot):
        mienne = Inscription.objects.get(utilisateur=alice)
        absente = Inscription.objects.get(utilisateur=emma)
    client.post(f"/reseau/inscriptions/{mienne.pk}/evaluer/", {"note": "4", "avis": "Très concret"})
    page = client.get(f"/reseau/evenements/{formation_passee.pk}/").content.decode()
    assert "<title>Immersion au CCAS" in page and "4,0 / 5" in page.split("</title>")[1] and "(1 avis)" in page
    assert client.post(f"/reseau/inscriptions/{absente.pk}/evaluer/", {"note": "1"}).status_code == 404
    client.force_login(emma)
    client.post(f"/reseau/inscriptions/{absente.pk}/evaluer/", {"note": "1"})
    with tenant_context(lot):
        absente.refresh_from_db()
    assert absente.note is None  # was absent


def test_an_event_targets_structures(client, david, lot, structure_a, structure_a2):
    client.force_login(david)
    date = (timezone.localtime() + timezone.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        "/reseau/evenements/",
        {
            "type": "rencontre",
            "titre": "Rencontre métiers",
            "date": date,
            "lieu": "Figeac",
            "organisateur": structure_a.pk,
            "capacite": 30,
            "cibles": [structure_a2.pk],
        },
    )
    with tenant_context(lot):
        evenement = Evenement.objects.get()
        assert [c.structure for c in evenement.cibles.all()] == [Structure.objects.get(pk=structure_a2.pk)]
    assert "Structures visées : CCAS de Cahors." in client.get(f"/reseau/evenements/{evenement.pk}/").content.decode()


def test_an_old_signature_gets_its_attestation_on_demand(
    client, david, emma, lot, structure_a2, django_capture_on_commit_callbacks
):
    with tenant_context(lot):
        signature = f.signature(lot, structure_a2, david)
    client.force_login(emma)  # a plain member: sees the signature, cannot ask
    assert "Générer l&#x27;attestation" not in client.get("/reseau/charte/").content.decode()
    assert client.post(f"/reseau/charte/signatures/{signature.pk}/attestation/").status_code == 403
    client.force_login(david)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reseau/charte/signatures/{signature.pk}/attestation/")
    with tenant_context(lot):
        signature.refresh_from_db()
    assert signature.document.name.endswith(".pdf") and not signature.document_depose
