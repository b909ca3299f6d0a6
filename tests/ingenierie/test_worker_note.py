"""A real Celery worker (Redis) renders a real note de restitution; its text is read back with pypdf."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from collectivites.tenancy import tenant_context
from ingenierie import actions, liens
from ingenierie.models import Demande, NoteRestitution
from tests.test_worker import attendre, worker  # noqa: F401  (the fixture)

from .test_note_pdf import diagnostic_partage

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_renders_the_note_and_the_municipality_downloads_it(
    worker,  # noqa: F811
    client,
    poles,
    formulaire,
    eric,
    bob,
    david,
    cahors,
    lot,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    assert (
        client.post("/c/lot/ingenierie/", formulaire(description="Une épicerie sociale à Cahors.")).status_code == 302
    )
    with tenant_context(lot):
        demande = Demande.objects.get()
        actions.do_qualifier(eric, demande, 1, bob)
        demande.refresh_from_db()
        actions.do_etape(bob, demande.etapes.first(), timezone.localdate(), "Appel de l'adjointe.")
        demande.refresh_from_db()
        actions.do_rediger(
            bob, demande, {"partenaires": "Banque alimentaire", "methodologie": "", "recommandations": ""}
        )
    # A diagnostic opened from the request and shared: the worker's note cites it (through the registry of sections
    # that diagnostic fills in its ready(), in the worker's process too).
    diagnostic_partage(lot, david, demande, cahors)
    with tenant_context(lot):
        note = actions.do_demander_note(bob, demande)
    assert note.statut == "en_attente"

    def prete():
        with tenant_context(lot):
            return NoteRestitution.objects.get(pk=note.pk).statut in ("prete", "erreur")

    assert attendre(prete, delai=60), "le worker n'a pas rendu la note"
    with tenant_context(lot):
        note.refresh_from_db()
    assert note.statut == "prete", note.erreur
    assert note.progression == 100 and note.pages >= 2 and note.duree_ms > 0
    texte = "\n".join(p.extract_text() for p in PdfReader(note.fichier.path).pages)
    assert "Note de restitution" in texte and "Mairie de Cahors" in texte and "Banque alimentaire" in texte
    assert "Premier entretien téléphonique" in texte and "Appel de l'adjointe." in texte
    assert "Analyse technique des offres" not in texte  # a step of level 2
    assert "Le diagnostic social de territoire" in texte and "Diagnostic social du causse de Gramat" in texte
    assert "L'isolement des aînés" in texte and "Brouillon non partagé" not in texte

    with tenant_context(lot):
        actions.do_restituer(bob, demande)
        jeton = liens.lien_suivi(demande)
    reponse = client.get(f"/c/lot/ingenierie/suivi/{jeton}/note.pdf")
    contenu = b"".join(reponse.streaming_content)
    assert "Mairie de Cahors" in PdfReader(io.BytesIO(contenu)).pages[0].extract_text()
