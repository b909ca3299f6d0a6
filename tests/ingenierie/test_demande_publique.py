"""The public request form (no account): eligibility, routing through the sectorisation, anti-abuse, the tracking
link."""

import re
import threading

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from collectivites.tenancy import tenant_context
from ingenierie.models import Demande, Document, EvenementDemande

from .conftest import fichier_pdf

URL = "/c/lot/ingenierie/"


def deposer(client, donnees, capture):
    with capture(execute=True):
        return client.post(URL, donnees)


def lien_de_suivi():
    (accuse,) = [m for m in mail.outbox if m.to == ["adjointe.social@mairie-cahors.test"]]
    return re.search(r"http://[^\s]+/c/lot/ingenierie/suivi/[^\s]+/", accuse.body).group(0)


def test_the_public_page_leads_to_the_form_which_says_who_is_eligible(client, lot):
    assert URL in client.get("/c/lot/").content.decode()
    page = client.get(URL).content.decode()
    assert "Les communes et leurs groupements seulement" in page
    assert "Une personne (particulier)" in page  # offered, then refused plainly


def test_a_mairie_request_reaches_the_pole_of_its_commune_and_its_managers(
    client, poles, formulaire, eric, lot, django_capture_on_commit_callbacks
):
    donnees = formulaire(documents=[fichier_pdf()])
    reponse = deposer(client, donnees, django_capture_on_commit_callbacks)
    assert reponse.status_code == 302 and reponse["Location"] == "/c/lot/ingenierie/merci/"
    with tenant_context(lot):
        demande = Demande.objects.get()
        assert demande.tis == poles["cahors"] and demande.statut == "recue"
        assert demande.niveau_suggere == 1
        assert EvenementDemande.objects.get(demande=demande).vers == "recue"
        document = Document.objects.get(demande=demande)
    assert document.type_mime == "application/pdf" and document.nom_original == "diagnostic.pdf"
    assert document.fichier.name.startswith(f"collectivites/{lot.pk}/ingenierie/{demande.pk}/")
    assert "diagnostic" not in document.fichier.name  # server-generated name
    destinataires = {tuple(m.to) for m in mail.outbox}
    assert destinataires == {("adjointe.social@mairie-cahors.test",), ("eric@lot.test",)}
    assert client.get(lien_de_suivi()).status_code == 200


def test_a_grouping_goes_to_the_pole_serving_most_of_its_population(
    client, poles, formulaire, lot, django_capture_on_commit_callbacks
):
    # Figeac (9,800 inhabitants) is served by Figeac, Capdenac (1,100) by Cahors
    donnees = formulaire(type_demandeur="epci", territoire="CC du Grand-Figeac (EPCI 200067361)", avancement="defini")
    assert deposer(client, donnees, django_capture_on_commit_callbacks).status_code == 302
    with tenant_context(lot):
        demande = Demande.objects.get()
    assert demande.tis == poles["figeac"] and demande.epci_id == "200067361" and demande.commune_id == "46102"
    assert demande.niveau_suggere == 2


def test_the_autocomplete_offers_communes_and_groupings_of_the_territory_only(client, poles, zoe):
    options = client.get(URL + "territoires/", {"territoire": "Fig"}).content.decode()
    assert 'value="Figeac (46102)"' in options
    assert (
        "CC du Grand-Figeac (EPCI 200067361)"
        in client.get(URL + "territoires/", {"territoire": "Grand"}).content.decode()
    )
    assert "Saint-Lô" not in client.get(URL + "territoires/", {"territoire": "Sain"}).content.decode()


@pytest.mark.parametrize(
    "champs,champ_en_erreur,message",
    [
        ({"territoire": "Saint-Lô (50502)"}, "territoire", "n&#x27;est pas sur le territoire du Département du Lot"),
        ({"type_demandeur": "particulier"}, "type_demandeur", "réservée aux communes et à leurs groupements"),
        ({"type_demandeur": "entreprise"}, "type_demandeur", "réservée aux communes et à leurs groupements"),
        ({"description": ""}, "description", "Décrivez le projet en quelques lignes."),
        ({"description": "x" * 100_000}, "description", "10000 caractères au plus (il en compte 100000)"),
        ({"territoire": "Atlantide"}, "territoire", "Commune inconnue"),
        ({"contact_email": "pas-une-adresse"}, "contact_email", "le lien de suivi y sera envoyé"),
        ({"type_demandeur": "commune", "territoire": "CC du Grand-Figeac (EPCI 200067361)"}, "territoire", "pas son"),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(
    client, poles, formulaire, zoe, lot, champs, champ_en_erreur, message, django_capture_on_commit_callbacks
):
    reponse = deposer(client, formulaire(**champs), django_capture_on_commit_callbacks)
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Rien n'a été enregistré" in page and message in page
    assert f'id="id_{champ_en_erreur}_error"' in page
    with tenant_context(lot):
        assert not Demande.objects.exists()
    assert mail.outbox == []


def test_an_attachment_of_the_wrong_type_is_refused(client, poles, formulaire, lot, django_capture_on_commit_callbacks):
    faux = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = deposer(client, formulaire(documents=[faux]), django_capture_on_commit_callbacks).content.decode()
    assert "« budget.pdf » : Ce fichier n&#x27;est pas d&#x27;un type accepté (PDF, PNG ou JPEG)." in page
    with tenant_context(lot):
        assert not Demande.objects.exists() and not Document.objects.exists()


def test_a_commune_the_sectorisation_forgot_is_told_whom_to_call(
    client, poles, formulaire, lot, django_capture_on_commit_callbacks
):
    from tests import factories as f

    f.CommuneFactory(code="46999", nom="Oubliée", departement=lot.departement)
    page = deposer(client, formulaire(territoire="Oubliée (46999)"), django_capture_on_commit_callbacks)
    assert "rattachée à aucun pôle" in page.content.decode()
    with tenant_context(lot):
        assert not Demande.objects.exists()


def test_the_honeypot_thanks_a_robot_and_writes_nothing(
    client, poles, formulaire, lot, django_capture_on_commit_callbacks
):
    reponse = deposer(client, formulaire(site_internet="http://spam.test"), django_capture_on_commit_callbacks)
    assert reponse.status_code == 302
    with tenant_context(lot):
        assert not Demande.objects.exists()
    assert mail.outbox == []


def test_the_form_accepts_five_submissions_an_hour_per_address(
    client, poles, formulaire, lot, django_capture_on_commit_callbacks
):
    for n in range(5):
        donnees = formulaire(description=f"Projet n° {n}.")
        assert deposer(client, donnees, django_capture_on_commit_callbacks).status_code == 302
    reponse = deposer(client, formulaire(description="Projet n° 6."), django_capture_on_commit_callbacks)
    assert reponse.status_code == 429 and "Trop de demandes" in reponse.content.decode()
    with tenant_context(lot):
        assert Demande.objects.count() == 5


def test_a_forged_or_revoked_tracking_link_is_refused(
    client, poles, formulaire, eric, lot, django_capture_on_commit_callbacks
):
    deposer(client, formulaire(), django_capture_on_commit_callbacks)
    lien = lien_de_suivi()
    falsifie = lien[:-3] + ("A" if lien[-3] != "A" else "B") + lien[-2:]
    reponse = client.get(falsifie)
    assert reponse.status_code == 404 and "Ce lien de suivi n&#x27;est pas valide." in reponse.content.decode()
    with tenant_context(lot):
        demande = Demande.objects.get()
    client.force_login(eric)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ingenierie/{demande.pk}/lien/")
    client.logout()
    reponse = client.get(lien)
    assert reponse.status_code == 404 and "révoqué" in reponse.content.decode()
    assert client.get(lien_de_suivi()).status_code == 200  # the new link, sent to the contact


def test_a_tracking_link_of_the_lot_does_not_open_under_another_collectivite(
    client, poles, formulaire, zoe, django_capture_on_commit_callbacks
):
    deposer(client, formulaire(), django_capture_on_commit_callbacks)
    lien = lien_de_suivi().replace("/c/lot/", "/c/manche/")
    assert client.get(lien).status_code == 404


def test_the_same_request_sent_twice_is_refused_with_the_first_ones_reference(
    client, poles, formulaire, lot, django_capture_on_commit_callbacks
):
    """Issue 12 point 11: same requester, same commune, same description within a day: one file, a clear message."""
    assert deposer(client, formulaire(), django_capture_on_commit_callbacks).status_code == 302
    with tenant_context(lot):
        premiere = Demande.objects.get()
    # the same again, with other spaces and capitals in the description and the address
    donnees = formulaire()
    donnees["description"] = "  " + donnees["description"].upper().replace(" ", "   ") + "\n"
    donnees["contact_email"] = donnees["contact_email"].upper()
    reponse = deposer(client, donnees, django_capture_on_commit_callbacks)
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Cette demande a déjà été reçue le" in page and premiere.reference in page
    with tenant_context(lot):
        assert Demande.objects.count() == 1
    # another description is another request
    assert (
        deposer(client, formulaire(description="Un autre projet."), django_capture_on_commit_callbacks).status_code
        == 302
    )
    with tenant_context(lot):
        assert Demande.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_same_request_sent_four_times_at_once_makes_one_file(poles, formulaire, lot):
    """A double click or two tabs: the identical submissions arrive together; one file is written, the others get
    the first one's reference (config/verrous.py), on real PostgreSQL."""
    depart = threading.Barrier(4)
    pages, erreurs = [], []

    def deposer_en_meme_temps():
        try:
            client = Client()
            depart.wait(timeout=10)
            reponse = client.post(URL, formulaire())
            pages.append((reponse.status_code, reponse.content.decode()))
        except Exception as e:  # pragma: no cover - reported below
            erreurs.append(repr(e))
        finally:
            connection.close()

    fils = [threading.Thread(target=deposer_en_meme_temps) for _ in range(4)]
    for t in fils:
        t.start()
    for t in fils:
        t.join(timeout=60)
    assert erreurs == []
    with tenant_context(lot):
        [demande] = Demande.objects.all()
    assert sorted(code for code, _ in pages) == [200, 200, 200, 302]
    refusees = [page for code, page in pages if code == 200]
    assert all("Cette demande a déjà été reçue le" in p and demande.reference in p for p in refusees)
