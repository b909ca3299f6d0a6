"""The PDF of a diagnostic's version rendered by a real Celery worker (Redis), read back with pypdf
(docs/diagnostic.md §6): a shared version's PDF says what the version said the day it was shared."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from collectivites.tenancy import tenant_context
from diagnostic import actions
from diagnostic.models import DocumentDiagnostic
from tests import factories as f
from tests.artefacts import garder_pdf
from tests.test_worker import attendre, worker  # noqa: F401  (the fixture)

from .conftest import texte

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _attendre(lot, doc):
    def fini():
        with tenant_context(lot):
            return DocumentDiagnostic.objects.get(pk=doc.pk).statut in ("pret", "erreur")

    assert attendre(fini, delai=90), "le worker n'a pas rendu le PDF"
    with tenant_context(lot):
        doc.refresh_from_db()
    assert doc.statut == "pret", doc.erreur
    return doc


def test_the_worker_renders_the_shared_version_with_its_map_and_charts(
    worker,  # noqa: F811
    client,
    lot,
    david,
    emma,
    cahors,
    lieu_a,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    with tenant_context(lot):
        d = actions.do_ouvrir(
            david,
            titre="Diagnostic de Cahors",
            commanditaire="Mairie de Cahors",
            type_territoire="communes",
            communes=[cahors],
        )
        pack = f.PackDonneesFactory(diagnostic=d)
        pack.contenu["sections"].append(
            {
                "titre": "Accueil des habitants dans le réseau",
                "chiffres": [],
                "manquant": [{"libelle": "Minima sociaux", "raison": "Aucun fichier Insee ne les publie."}],
                "tableaux": [
                    {
                        "titre": "Passages des habitants par motif",
                        "colonnes": ["Motif", "Passages"],
                        "lignes": [["Logement", "12"], ["Énergie", "secret"]],
                        "graphique": [["Logement", 12], ["Énergie", None]],
                    }
                ],
                "note": "",
            }
        )
        pack.save()
        v = actions.version_courante(d)
        actions.do_modifier_synthese(david, v, "Un centre urbain qui concentre la pauvreté du département.")
        actions.do_ajouter_problematique(
            david,
            v,
            titre="Logement dégradé",
            constat="Les passages pour le logement dominent.",
            chiffres=["population_cog"],
        )
        f.ActeurFactory(diagnostic=d, nom="Secours populaire de Cahors", rencontre=True)
        actions.do_inviter(david, d, emma)
    client.force_login(david)
    client.post(f"/diagnostic/{d.pk}/partager/")
    with tenant_context(lot):
        d.acteurs.update(nom="Renommé après le partage")
    # the invited partner asks for the PDF of the shared version
    client.force_login(emma)
    assert client.post(f"/diagnostic/versions/{v.pk}/pdf/")["Location"] == f"/diagnostic/{d.pk}/"
    with tenant_context(lot):
        doc = DocumentDiagnostic.objects.get()
    assert f"/diagnostic/documents/{doc.pk}/progression/" in texte(client.get(f"/diagnostic/{d.pk}/"))
    doc = _attendre(lot, doc)
    assert doc.progression == 100 and doc.pages >= 2
    assert "télécharger le PDF" in texte(client.get(f"/diagnostic/documents/{doc.pk}/progression/"))

    reponse = client.get(f"/diagnostic/documents/{doc.pk}/")
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    brut = b"".join(reponse.streaming_content)
    garder_pdf("diagnostic_version_partagee", brut)
    lecteur = PdfReader(io.BytesIO(brut))
    contenu = " ".join(" ".join(p.extract_text() for p in lecteur.pages).split())
    assert "Diagnostic social de territoire : Diagnostic de Cahors" in contenu
    assert f"version 1 partagée le {timezone.localdate().day}" in contenu and "(version figée)" in contenu
    assert "Un centre urbain qui concentre la pauvreté du département." in contenu
    assert "1. Logement dégradé" in contenu and "Chiffre : Population municipale (COG) — 19 000 habitants" in contenu
    assert "Secours populaire de Cahors" in contenu and "Renommé après le partage" not in contenu
    assert "Carte du territoire" in contenu or "Les communes du territoire et les lieux d'accueil" in contenu
    # the chart draws its labels and its hidden cell as « secret »
    assert "Passages des habitants par motif" in contenu and "Logement" in contenu and "secret" in contenu
    assert "Minima sociaux : Aucun fichier Insee ne les publie." in contenu

    # someone who does not read the diagnostic neither sees nor downloads it
    with tenant_context(lot):
        autre = f.utilisateur(lot, f.StructureFactory(), "partenaire")
    client.force_login(autre)
    assert client.get(f"/diagnostic/documents/{doc.pk}/").status_code == 404
