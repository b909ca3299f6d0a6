"""Qualification, the level's steps, the transitions, similar projects, the board, and the note de restitution."""

import io

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from collectivites.tenancy import tenant_context
from config.pdf import rendre_html
from ingenierie import actions, liens, note
from ingenierie.models import Demande, Etape, EvenementDemande, NoteRestitution
from ingenierie.note import activite_des_habitants
from tests import factories as f


@pytest.fixture
def demande(client, poles, formulaire, lot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/c/lot/ingenierie/", formulaire())
    mail.outbox.clear()
    with tenant_context(lot):
        return Demande.objects.get()


def qualifier(client, demande, capture, **donnees):
    with capture(execute=True):
        return client.post(f"/ingenierie/{demande.pk}/qualifier/", donnees, follow=True)


def test_the_manager_qualifies_at_level_1_and_the_steps_of_the_seed_appear(
    client, demande, eric, bob, lot, django_capture_on_commit_callbacks
):
    client.force_login(eric)
    page = client.get("/ingenierie/").content.decode()
    assert demande.reference in page and "Qualification par la MSD de Cahors" in page
    reponse = qualifier(client, demande, django_capture_on_commit_callbacks, decision="1", conseiller=bob.pk)
    assert "Demande qualifiée au niveau 1, confiée à Bob" in reponse.content.decode()
    with tenant_context(lot):
        demande.refresh_from_db()
        etapes = list(Etape.objects.filter(demande=demande).values_list("libelle", flat=True))
        evenement = EvenementDemande.objects.filter(demande=demande).last()
    assert demande.statut == "qualifiee" and demande.niveau == 1 and demande.conseiller == bob
    assert etapes[0] == "Premier entretien téléphonique" and etapes[-1] == "Note de restitution" and len(etapes) == 6
    assert (evenement.de, evenement.vers, evenement.par) == ("recue", "qualifiee", eric)


def test_level_2_has_its_own_six_steps(client, demande, eric, bob, lot, django_capture_on_commit_callbacks):
    client.force_login(eric)
    qualifier(client, demande, django_capture_on_commit_callbacks, decision="2", conseiller=bob.pk)
    with tenant_context(lot):
        libelles = list(Etape.objects.filter(demande=demande).values_list("libelle", flat=True))
    assert libelles[1] == "Mise en relation avec des porteurs de projets similaires"
    assert libelles[-1] == "Participation aux réunions de l'AMO" and len(libelles) == 6


def test_a_refusal_needs_a_reason_which_the_municipality_reads(
    client, demande, eric, lot, django_capture_on_commit_callbacks
):
    client.force_login(eric)
    page = qualifier(client, demande, django_capture_on_commit_callbacks, decision="refusee").content.decode()
    assert "Indiquez le motif : la commune le lira." in page
    with tenant_context(lot):
        assert Demande.objects.get().statut == "recue"
    qualifier(client, demande, django_capture_on_commit_callbacks, decision="refusee", motif="Projet porté par la CAF.")
    with tenant_context(lot):
        assert Demande.objects.get().statut == "refusee"
    (message,) = mail.outbox
    assert message.to == ["adjointe.social@mairie-cahors.test"] and "Projet porté par la CAF." in message.body


def test_an_advisor_may_not_qualify_and_a_partner_structure_sees_nothing(client, demande, bob, chloe, lot):
    client.force_login(bob)
    assert (
        client.post(f"/ingenierie/{demande.pk}/qualifier/", {"decision": "1", "conseiller": bob.pk}).status_code == 403
    )
    client.force_login(chloe)  # social worker of the CCAS: not the Département's offer
    assert client.get("/ingenierie/").status_code == 403
    assert client.get(f"/ingenierie/{demande.pk}/").status_code == 403
    assert 'href="/ingenierie/"' not in client.get("/").content.decode()


def test_transitions_follow_the_steps_and_a_skip_is_refused(
    client, demande, eric, bob, lot, django_capture_on_commit_callbacks
):
    client.force_login(eric)
    qualifier(client, demande, django_capture_on_commit_callbacks, decision="1", conseiller=bob.pk)
    client.force_login(bob)
    page = client.post(f"/ingenierie/{demande.pk}/restituer/", follow=True).content.decode()
    assert "Générez d&#x27;abord la note de restitution." in page
    with tenant_context(lot):
        premiere = Etape.objects.filter(demande=demande).first()
    jour = timezone.localdate().isoformat()
    client.post(
        f"/ingenierie/{demande.pk}/etapes/{premiere.pk}/",
        {f"etape-{premiere.pk}-realisee_le": jour, f"etape-{premiere.pk}-note": "Besoin confirmé par l'adjointe."},
    )
    with tenant_context(lot):
        demande.refresh_from_db()
        premiere.refresh_from_db()
        assert demande.statut == "en_cours" and premiere.note == "Besoin confirmé par l'adjointe."
        with pytest.raises(Exception, match="Impossible de passer de « En cours » à « Close »"):
            actions.do_clore(bob, demande)


def test_a_step_cannot_be_done_in_the_future(client, demande, eric, bob, lot, django_capture_on_commit_callbacks):
    client.force_login(eric)
    qualifier(client, demande, django_capture_on_commit_callbacks, decision="1", conseiller=bob.pk)
    with tenant_context(lot):
        etape = Etape.objects.filter(demande=demande).first()
    demain = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    page = client.post(
        f"/ingenierie/{demande.pk}/etapes/{etape.pk}/", {f"etape-{etape.pk}-realisee_le": demain}, follow=True
    ).content.decode()
    assert "Une étape ne peut pas être réalisée dans le futur." in page
    with tenant_context(lot):
        assert Demande.objects.get().statut == "qualifiee"


def test_similar_projects_are_the_other_requests_of_the_same_type(
    client, demande, poles, formulaire, eric, lot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/c/lot/ingenierie/", formulaire(territoire="Figeac (46102)", nom_demandeur="CCAS de Figeac"))
        client.post(
            "/c/lot/ingenierie/",
            formulaire(territoire="Capdenac (46053)", nom_demandeur="Mairie de Capdenac", type_projet="microcredit"),
        )
    client.force_login(eric)
    page = client.get(f"/ingenierie/{demande.pk}/").content.decode()
    section = page[page.index('id="similaires"') :]
    assert "CCAS de Figeac" in section and "Mairie de Capdenac" not in section


def _passages(lot, lieu, agent, commune, motif, nombre):
    with tenant_context(lot):
        for _ in range(nombre):
            f.PassageFactory(lieu=lieu, agent=agent, commune_residence=commune, motifs=[motif])


def test_small_cells_are_suppressed_in_the_activity_of_the_inhabitants(lot, lieu_a, alice, cahors, motifs):
    _passages(lot, lieu_a, alice, cahors, motifs["logement-hebergement"], 3)
    with tenant_context(lot):
        assert activite_des_habitants(lot, [cahors]).total is None  # 3 < 5: nothing published
    _passages(lot, lieu_a, alice, cahors, motifs["gestion-financiere"], 6)
    with tenant_context(lot):
        activite = activite_des_habitants(lot, [cahors])
    assert activite.total == 9
    # 3 is under the threshold, and 6 would give it away (9 − 6): both are secret, in label order
    assert activite.motifs == [("Budget, surendettement", None), ("Logement, hébergement", None)]
    assert activite.masques == 2
    assert "<title>" in activite.graphique and ">6<" not in activite.graphique and ">3<" not in activite.graphique


def test_the_note_hides_a_second_motif_so_that_a_small_one_cannot_be_recovered_by_subtraction(
    demande, lot, lieu_a, alice, cahors, motifs
):
    """Health 8, money 6, housing 2 (threshold 5): housing is secret, and money too, else 16 − 8 − 6 gives housing."""
    _passages(lot, lieu_a, alice, cahors, motifs["sante"], 8)
    _passages(lot, lieu_a, alice, cahors, motifs["gestion-financiere"], 6)
    _passages(lot, lieu_a, alice, cahors, motifs["logement-hebergement"], 2)
    with tenant_context(lot):
        activite = activite_des_habitants(lot, [cahors])
        page = note.html(demande, 1)
    assert activite.total == 16
    assert activite.motifs == [("Santé", 8), ("Budget, surendettement", None), ("Logement, hébergement", None)]
    section = page[page.index("Activité de l'accueil social") : page.index("2. Le projet")]
    tableau = section[section.index("<table") :]
    assert '<td>Santé</td><td class="nombre">8</td>' in tableau
    assert '<td>Budget, surendettement</td><td class="nombre">secret</td>' in tableau
    assert '<td>Logement, hébergement</td><td class="nombre">secret</td>' in tableau
    graphique = section[section.index("<svg") : section.index("</svg>")]
    assert "Santé : 8 ; Budget, surendettement : secret ; Logement, hébergement : secret" in graphique
    assert ">6<" not in section and ">2<" not in section  # neither in the table nor in the chart


def test_the_note_is_generated_versioned_and_says_what_a_municipality_needs(
    client,
    demande,
    eric,
    bob,
    lot,
    lieu_a,
    alice,
    cahors,
    motifs,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    _passages(lot, lieu_a, alice, cahors, motifs["gestion-financiere"], 7)
    _passages(lot, lieu_a, alice, cahors, motifs["logement-hebergement"], 2)
    client.force_login(eric)
    qualifier(client, demande, django_capture_on_commit_callbacks, decision="1", conseiller=bob.pk)
    client.force_login(bob)
    client.post(
        f"/ingenierie/{demande.pk}/redaction/",
        {
            "partenaires": "Secours populaire, CAF",
            "methodologie": "Comité de pilotage en janvier",
            "recommandations": "Associer les bénévoles.",
        },
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/ingenierie/{demande.pk}/notes/")
    with tenant_context(lot):
        notes = list(NoteRestitution.objects.filter(demande=demande).order_by("version"))
    assert [n.version for n in notes] == [1, 2] and all(n.prete for n in notes)
    reponse = client.get(f"/ingenierie/{demande.pk}/notes/{notes[1].pk}/")
    contenu = b"".join(reponse.streaming_content)
    assert reponse["Content-Disposition"].startswith("attachment;")
    texte = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenu)).pages)
    assert "Note de restitution" in texte and "Département du Lot" in texte and "MSD de Cahors" in texte
    assert "Secours populaire, CAF" in texte and "Associer les bénévoles." in texte
    # 2 passages for housing: under the threshold; 7 for money would give them away (9 − 7): both secret
    assert motifs["gestion-financiere"].libelle in texte and motifs["logement-hebergement"].libelle in texte
    assert "Budget, surendettement secret" in texte and "Logement, hébergement secret" in texte
    assert "Page 1 sur" in texte
    # the municipality sees the note only once it is sent
    client.logout()
    with tenant_context(lot):
        jeton = liens.lien_suivi(demande)
    suivi = f"/c/lot/ingenierie/suivi/{jeton}/"
    assert "Télécharger la note" not in client.get(suivi).content.decode()
    assert client.get(suivi + "note.pdf").status_code == 404


@pytest.mark.parametrize("url", ["file:///etc/hostname", "http://127.0.0.1:1/x.png", "https://exemple.fr/a.png"])
def test_the_fetcher_reads_nothing_but_static_files(url):
    pdf = rendre_html(f'<html><body><p>Note</p><img src="{url}" alt=""></body></html>')
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" not in pdf


def test_step_documents_are_shared_with_the_municipality_unless_internal(
    client, demande, eric, bob, lot, django_capture_on_commit_callbacks
):
    from .conftest import fichier_pdf

    client.force_login(eric)
    qualifier(client, demande, django_capture_on_commit_callbacks, decision="1", conseiller=bob.pk)
    with tenant_context(lot):
        etape = Etape.objects.get(demande=demande, code="documents_ressources")
        jeton = liens.lien_suivi(demande)
    client.force_login(bob)
    prefixe = f"etape-{etape.pk}-"
    client.post(
        f"/ingenierie/{demande.pk}/etapes/{etape.pk}/",
        {prefixe + "documents": [fichier_pdf("reglementation-epiceries.pdf")], prefixe + "partage_commune": "on"},
    )
    client.post(f"/ingenierie/{demande.pk}/etapes/{etape.pk}/", {prefixe + "documents": [fichier_pdf("interne.pdf")]})
    client.logout()
    page = client.get(f"/c/lot/ingenierie/suivi/{jeton}/").content.decode()
    assert "reglementation-epiceries.pdf" in page and "interne.pdf" not in page
    with tenant_context(lot):
        partage, interne = etape.documents.order_by("pk")
    reponse = client.get(f"/c/lot/ingenierie/suivi/{jeton}/documents/{partage.pk}/")
    assert reponse.status_code == 200 and reponse["Content-Disposition"].startswith("attachment;")
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")
    assert client.get(f"/c/lot/ingenierie/suivi/{jeton}/documents/{interne.pk}/").status_code == 404


def test_the_page_shows_the_progress_of_a_note_being_rendered(
    client, demande, eric, bob, lot, django_capture_on_commit_callbacks
):
    client.force_login(eric)
    qualifier(client, demande, django_capture_on_commit_callbacks, decision="1", conseiller=bob.pk)
    with tenant_context(lot):
        note = f.NoteRestitutionFactory(
            demande=demande,
            version=1,
            demandee_par=bob,
            statut="en_cours",
            progression=40,
            etape_en_cours="Mise en page",
        )
    fragment = client.get(f"/ingenierie/{demande.pk}/notes/{note.pk}/progression/").content.decode()
    assert 'value="40"' in fragment and "Mise en page" in fragment and 'hx-trigger="every 1s"' in fragment


def test_the_board_reads_in_a_fixed_number_of_queries(
    client, poles, formulaire, eric, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            client.post("/c/lot/ingenierie/", formulaire(nom_demandeur=f"Mairie n°{i}", description=f"Projet n° {i}."))
    client.force_login(eric)
    client.get("/ingenierie/")
    with django_assert_max_num_queries(12):
        page = client.get("/ingenierie/").content.decode()
    assert page.count("Qualification par la MSD de Cahors") == 5


def test_the_municipality_gets_the_version_sent_not_a_later_draft(
    client, demande, eric, bob, lot, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(eric)
    qualifier(client, demande, django_capture_on_commit_callbacks, decision="1", conseiller=bob.pk)
    client.force_login(bob)
    with tenant_context(lot):
        etape = Etape.objects.filter(demande=demande).first()
    client.post(
        f"/ingenierie/{demande.pk}/etapes/{etape.pk}/",
        {f"etape-{etape.pk}-realisee_le": timezone.localdate().isoformat()},
    )
    for url in ("notes/", "restituer/", "notes/"):  # the second version is not sent
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/ingenierie/{demande.pk}/{url}")
    (message,) = [m for m in mail.outbox if "note de restitution" in m.body]
    assert message.to == ["adjointe.social@mairie-cahors.test"]
    client.logout()
    with tenant_context(lot):
        assert NoteRestitution.objects.filter(demande=demande).pretes().count() == 2
        jeton = liens.lien_suivi(demande)
    page = client.get(f"/c/lot/ingenierie/suivi/{jeton}/").content.decode()
    assert "État : Restituée" in page and "version 1)" in page
    reponse = client.get(f"/c/lot/ingenierie/suivi/{jeton}/note.pdf")
    assert "-v1.pdf" in reponse["Content-Disposition"]
    reponse.close()
