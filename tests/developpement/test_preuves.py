"""A file as evidence of a declared method of measuring satisfaction (docs/developpement.md §6): checked on upload
(type from the content, size), downloaded with access checks, named in indicator 5's snapshot."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from collectivites.tenancy import tenant_context
from developpement.models import PreuveSatisfaction
from developpement.satisfaction import mesure_de_la_satisfaction
from reseau.models import Structure

from .conftest import texte

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _deposer(client, structure, contenu=PDF, nom="conseil-des-usagers.pdf"):
    return client.post(
        "/developpement/satisfaction/preuves/",
        {
            "structure": structure.pk,
            "description": "Compte rendu du conseil des usagers de mars",
            "fichier": SimpleUploadedFile(nom, contenu, content_type="application/pdf"),
        },
    )


def test_the_staff_deposits_a_pdf_and_it_is_downloaded_with_access_checks(
    client, bob, chloe, david, structure_a, lot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(bob)
    reponse = _deposer(client, structure_a)
    assert reponse.status_code == 302
    with tenant_context(lot):
        preuve = PreuveSatisfaction.objects.get()
    assert preuve.type_mime == "application/pdf" and preuve.nom == "conseil-des-usagers.pdf"
    assert "conseil-des-usagers" not in preuve.fichier.name  # stored under a generated name
    page = texte(client.get("/developpement/satisfaction/preuves/"))
    assert "conseil-des-usagers.pdf" in page and "Compte rendu du conseil des usagers de mars" in page
    telechargement = client.get(f"/developpement/satisfaction/preuves/{preuve.pk}/")
    assert telechargement.status_code == 200 and b"".join(telechargement.streaming_content) == PDF
    assert 'filename="conseil-des-usagers.pdf"' in telechargement["Content-Disposition"]
    # the network's lead reads it (indicator 5); the staff of another structure gets a 404
    client.force_login(david)
    lue = client.get(f"/developpement/satisfaction/preuves/{preuve.pk}/")
    assert lue.status_code == 200 and b"".join(lue.streaming_content) == PDF
    client.force_login(chloe)
    assert client.get(f"/developpement/satisfaction/preuves/{preuve.pk}/").status_code == 404
    assert "conseil-des-usagers.pdf" not in texte(client.get("/developpement/satisfaction/preuves/"))


def test_a_file_of_another_type_or_too_big_is_refused_in_french(client, bob, structure_a, lot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(bob)
    reponse = _deposer(client, structure_a, contenu=b"MZ\x90\x00 un programme", nom="preuve.pdf")
    assert reponse.status_code == 200
    assert "Rien n'a été enregistré" in texte(reponse) and "n'est pas d'un type accepté" in texte(reponse)
    reponse = _deposer(client, structure_a, contenu=PDF + b"0" * (5 * 1024 * 1024))
    assert "Le fichier dépasse 5 Mo." in texte(reponse)
    reponse = client.post("/developpement/satisfaction/preuves/", {"structure": structure_a.pk, "description": "x"})
    assert "Ce champ est obligatoire." in texte(reponse)
    with tenant_context(lot):
        assert not PreuveSatisfaction.objects.exists()


def test_a_structure_where_the_user_is_not_staff_cannot_be_chosen(client, bob, structure_a2, lot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(bob)
    reponse = _deposer(client, structure_a2)
    assert reponse.status_code == 200 and "Sélectionnez un choix valide" in texte(reponse)
    with tenant_context(lot):
        assert not PreuveSatisfaction.objects.exists()


def test_indicator_5_names_the_evidence_of_a_declared_method(client, bob, structure_a, lot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with tenant_context(lot):
        Structure.objects.filter(pk=structure_a.pk).update(
            mesure_satisfaction=True, satisfaction_methode="conseil des usagers", niveau_engagement="active"
        )
    client.force_login(bob)
    _deposer(client, structure_a)
    with tenant_context(lot):
        engagees = Structure.objects.filter(pk=structure_a.pk)
        annee = timezone.localdate().year
        r = mesure_de_la_satisfaction(engagees, datetime.date(annee, 1, 1), datetime.date(annee, 12, 31))
    assert r["detail"]["structures"] == [
        {
            "nom": structure_a.nom,
            "source": "declaration",
            "methode": "conseil des usagers",
            "preuves": ["conseil-des-usagers.pdf"],
        }
    ]
