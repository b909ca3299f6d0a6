"""The minutes of a commission and the decision letters are rendered by a real Celery worker (WeasyPrint through
config/pdf.py), served after the access check and logged; their text is read back with pypdf (docs/aides.md)."""

import io

import pytest
from pypdf import PdfReader

from aides import actions
from aides.models import DocumentAide
from collectivites.tenancy import tenant_context
from tests.test_worker import attendre, worker  # noqa: F401 (fixture)
from usagers.models import JournalAcces

from .conftest import accorder

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _texte(client, document):
    reponse = client.get(f"/aides/documents/{document.pk}/")
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(b"".join(reponse.streaming_content))).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def test_the_worker_renders_the_letters_and_the_minutes(
    worker,  # noqa: F811
    client,
    settings,
    tmp_path,
    lot,
    eric,
    fanny,
    bob,
    alice,
    demande,
    commission,
):
    settings.MEDIA_ROOT = tmp_path
    with tenant_context(lot):
        autre = actions.do_deposer(bob, demande.usager, demande.dispositif, {"objet": "Loyer", "montant_demande": 90})
        actions.do_inscrire(eric, commission, demande)
        actions.do_inscrire(eric, commission, autre)
        actions.do_decider(fanny, commission, demande, accorder("200", objectifs="Désendettement"))
        actions.do_decider(fanny, commission, autre, {"sens": "refusee", "motif": "Ressources au-dessus du barème"})
        actions.do_cloturer_commission(eric, commission)

    def generes():
        with tenant_context(lot):
            return DocumentAide.objects.filter(genere_le__isnull=False).count() == 3

    assert attendre(generes, delai=60), "le worker n'a pas produit les trois PDF"
    with tenant_context(lot):
        lettre_accord = DocumentAide.objects.get(decision__demande=demande)
        lettre_refus = DocumentAide.objects.get(decision__demande=autre)
        pv = DocumentAide.objects.get(type="pv")
    client.force_login(bob)
    texte = _texte(client, lettre_accord)
    assert "vous accorde une aide de 200,00 €" in texte and "Désendettement" in texte
    texte = _texte(client, lettre_refus)
    assert "n'a pas accordé l'aide demandée" in texte and "Ressources au-dessus du barème" in texte
    client.force_login(fanny)  # member of the commission
    texte = _texte(client, pv)
    assert "Procès-verbal de la commission des aides du 20 septembre 2026" in texte
    assert "Jeanne DUPONT" in texte and "Accordée" in texte and "Refusée" in texte
    with tenant_context(lot):
        assert JournalAcces.objects.filter(utilisateur=bob, action="pdf").count() == 2
    client.force_login(alice)  # reception: not in the need-to-know
    assert client.get(f"/aides/documents/{lettre_accord.pk}/").status_code == 404
    assert client.get(f"/aides/documents/{pv.pk}/").status_code == 404


def test_the_worker_renders_the_yearly_activity_report(
    worker,  # noqa: F811
    client,
    settings,
    tmp_path,
    lot,
    structure_a,
    secours,
    eric,
    bob,
):
    """An encadrant asks for the report of the year; the worker renders it; the figures read back from the PDF carry
    the small-cell rule."""
    from .test_rapport import remplir

    settings.MEDIA_ROOT = tmp_path
    with tenant_context(lot):
        remplir(structure_a, secours, bob)
    client.force_login(eric)
    client.post("/aides/rapports/", {"structure": structure_a.pk, "annee": "2026"})

    def genere():
        with tenant_context(lot):
            return DocumentAide.objects.filter(type="rapport", genere_le__isnull=False).exists()

    assert attendre(genere, delai=60), "le worker n'a pas produit le rapport"
    with tenant_context(lot):
        document = DocumentAide.objects.get(type="rapport")
    assert document.progression == 100 and document.etape_en_cours == ""
    page = client.get("/aides/rapports/").content.decode()
    assert f"/aides/documents/{document.pk}/" in page and "<progress" not in page
    texte = _texte(client, document)
    assert "Rapport d'activité 2026 des aides facultatives" in texte and "Département du Lot — Solidarités" in texte
    assert "Secours d'urgence" in texte and "50,0 % du budget consommé" in texte
    assert "Accordée 5" in texte and "Refusée secret" in texte and "Personne seule 5" in texte
    assert "Délai moyen de la demande à la décision : 10,0 jours" in texte
    client.force_login(bob)  # not an encadrant of the structure
    assert client.get(f"/aides/documents/{document.pk}/").status_code == 404
