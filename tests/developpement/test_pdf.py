"""The PDFs of local social development rendered by a real Celery worker (Redis); their text read back with pypdf
(docs/developpement.md §10)."""

import io

import pytest
from pypdf import PdfReader

from collectivites.tenancy import tenant_context
from developpement.models import DocumentDeveloppement
from tests import factories as f
from tests.test_worker import attendre, worker  # noqa: F401  (the fixture)

from .conftest import texte

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _attendre_document(lot, document):
    def fini():
        with tenant_context(lot):
            return DocumentDeveloppement.objects.get(pk=document.pk).statut in ("pret", "erreur")

    assert attendre(fini, delai=60), "le worker n'a pas rendu le PDF"
    with tenant_context(lot):
        document.refresh_from_db()
    assert document.statut == "pret", document.erreur
    return document


def _lire(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    lecteur = PdfReader(io.BytesIO(b"".join(reponse.streaming_content)))
    return len(lecteur.pages), " ".join(" ".join(p.extract_text() for p in lecteur.pages).split())


def test_the_worker_renders_the_one_page_sheet_of_a_collective_action(
    worker,  # noqa: F811
    client,
    bob,
    chloe,
    structure_a,
    lot,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    with tenant_context(lot):
        action = f.ActionCollectiveFactory(
            titre="Café des parents",
            structures=[structure_a],
            objectifs="Rompre l'isolement des parents.",
            objectifs_atteints="en_partie",
            evaluation="Fréquentation régulière, peu de pères.",
        )
        s1 = f.SeanceFactory(action=action, contenu="Le sommeil des enfants.")
        f.SeanceFactory(action=action, contenu="Les écrans.")
        f.ParticipationFactory(seance=s1, tranche_age="26_59", sexe="femme", nombre=6)
        f.ParticipationFactory(seance=s1, tranche_age="26_59", sexe="homme", nombre=2)
        nommee = f.ParticipantIdentifieFactory(action=action, usager=f.UsagerFactory(prenom="Léa", nom="Nommée"))
        f.PresenceFactory(seance=s1, participant=nommee)
    client.force_login(bob)
    url = f"/developpement/actions/{action.pk}/"
    assert client.post(f"{url}pdf/")["Location"] == url
    with tenant_context(lot):
        document = DocumentDeveloppement.objects.get()
    page = texte(client.get(url))
    assert "Générer le PDF" in page and f"/developpement/documents/{document.pk}/" in page

    document = _attendre_document(lot, document)
    assert document.progression == 100 and document.pages == 1
    assert "télécharger le PDF" in texte(client.get(f"/developpement/documents/{document.pk}/progression/"))
    pages, contenu = _lire(client, f"/developpement/documents/{document.pk}/")
    assert pages == 1
    assert "Action collective : Café des parents" in contenu and "Rompre l'isolement des parents." in contenu
    assert "Le sommeil des enfants." in contenu and "Les écrans." in contenu
    # the named participant is counted, never named on the sheet
    assert "9 participations sur 2 séances, dont 1 de participants nommés" in contenu
    assert "Nommée" not in contenu and "NOMMÉE" not in contenu
    assert "Objectifs : en partie." in contenu
    assert "peu de pères" in contenu

    # the staff of another structure neither sees nor downloads it
    client.force_login(chloe)
    assert client.get(f"/developpement/documents/{document.pk}/").status_code == 404
    assert client.post(f"{url}pdf/").status_code == 404


def test_the_worker_renders_the_minutes_of_a_steering_meeting(
    worker,  # noqa: F811
    client,
    david,
    bob,
    lot,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    with tenant_context(lot):
        reunion = f.ReunionFactory(date="2026-03-12", ordre_du_jour="Bilan de l'année ; budget 2026")
        f.DecisionPilotageFactory(reunion=reunion, libelle="Former 40 accueillants", responsable="Chef de projet")
    client.force_login(david)
    url = f"/developpement/pilotage/reunions/{reunion.pk}/"
    client.post(
        url,
        {"compte_rendu": "Le comité valide le plan de formation.", "presents": "Mme la Préfète — État\nM. Durand"},
    )
    assert client.post(f"{url}pdf/")["Location"] == url
    client.post(f"{url}pdf/")  # a double click queues nothing more
    with tenant_context(lot):
        document = DocumentDeveloppement.objects.get()
    document = _attendre_document(lot, document)
    _, contenu = _lire(client, f"/developpement/documents/{document.pk}/")
    assert "Compte rendu : Comité de pilotage du réseau du 12 mars 2026" in contenu
    assert "Mme la Préfète — État" in contenu and "M. Durand" in contenu
    assert "Bilan de l'année ; budget 2026" in contenu and "Le comité valide le plan de formation." in contenu
    assert "Former 40 accueillants" in contenu and "Chef de projet" in contenu and "30/06/2026" in contenu

    client.force_login(bob)
    assert client.get(f"/developpement/documents/{document.pk}/").status_code == 404
    assert client.post(f"{url}pdf/").status_code == 403


def test_the_worker_renders_the_summary_of_a_questionnaire_with_free_texts_for_the_owner_only(
    worker,  # noqa: F811
    client,
    bob,
    david,
    chloe,
    structure_a2,
    lot,
    settings,
    tmp_path,
):
    """docs/developpement.md §5, §10: the charts with their tables, the small-cell rule, the free texts only in the
    summary asked by the owning structure's staff (Chloé, CCAS de Cahors); the network's lead (David, not staff of
    the CCAS) reads the figures."""
    import datetime

    from django.utils import timezone

    from developpement import actions

    from .conftest import questions_de

    settings.MEDIA_ROOT = tmp_path
    jour = timezone.localdate()
    with tenant_context(lot):
        satisfaction = actions.do_creer_questionnaire(
            chloe,
            titre="Votre avis sur l'accueil",
            nature="satisfaction",
            structure=structure_a2,
            introduction="Questionnaire anonyme.",
            modele="satisfaction",
        )
        diffusion = actions.do_publier(
            chloe, satisfaction, lieu=None, ouvre_le=jour - datetime.timedelta(days=3), ferme_le=jour
        )
        q = questions_de(satisfaction)
        version = actions.version_courante(satisfaction)
        for i in range(6):
            actions.do_repondre(
                diffusion,
                version,
                {
                    q["Êtes-vous satisfait de l'accueil ?"]: 5 if i < 4 else 2,
                    q["Est-ce votre première venue ici ?"]: "Oui",
                    q["Qu'est-ce qui pourrait être amélioré ?"]: f"Des chaises en plus {i}.",
                },
            )
    url = f"/developpement/questionnaires/{satisfaction.pk}/resultats/"
    client.force_login(chloe)
    assert client.post(f"{url}pdf/", {"version": "1"})["Location"] == f"{url}?version=1"
    client.force_login(david)
    client.post(f"{url}pdf/", {"version": "1"})
    with tenant_context(lot):
        doc_chloe, doc_david = DocumentDeveloppement.objects.order_by("pk")
    assert doc_chloe.avec_textes and not doc_david.avec_textes
    assert "Générer la synthèse en PDF" in texte(client.get(url))
    doc_chloe = _attendre_document(lot, doc_chloe)
    doc_david = _attendre_document(lot, doc_david)

    _, contenu = _lire(client, f"/developpement/documents/{doc_david.pk}/")
    assert "Résultats : Votre avis sur l'accueil" in contenu and "6 réponses reçues" in contenu
    assert "Êtes-vous satisfait de l'accueil ?" in contenu and "Moyenne : 4,0." in contenu
    # the scale's table: the 4 « tout à fait » and the 2 « un peu » are under the threshold (5): « secret »
    assert "5 — tout à fait" in contenu and "secret" in contenu
    assert "Des chaises en plus" not in contenu and "Réponses libres non reproduites" in contenu
    # the summary with free texts is for the owner only
    assert client.get(f"/developpement/documents/{doc_chloe.pk}/").status_code == 404

    client.force_login(chloe)
    _, contenu = _lire(client, f"/developpement/documents/{doc_chloe.pk}/")
    assert "Des chaises en plus 0." in contenu and "objectif et factuel" in contenu
    # the staff of another structure sees neither
    client.force_login(bob)
    assert client.get(f"/developpement/documents/{doc_david.pk}/").status_code == 404
