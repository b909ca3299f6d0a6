"""Names inside French sentences on every channel — pages, e-mails, PDFs, messages (docs/publications.md §1): a name
starting with a vowel elides (« de l'Association Arc-en-ciel »), a name starting with « La » keeps its article
(« de la Réunion », « par la Croix-Rouge »)."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from collectivites.tenancy import tenant_context
from ingenierie.actions import do_transferer, pole_competent
from reseau.actions.charte import check_signer
from reseau.actions.membres import check_inviter
from reseau.models import Role
from territoire.actions import check_communes_du_tis
from territoire.models import Commune, TerritoireInterventionSociale
from tests import factories as f
from tests.aides.conftest import demande, secours, situation_jeanne  # noqa: F401  (fixtures)
from tests.cartographie.test_recherche_publique import reseau  # noqa: F401  (fixture)


def _page(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200, url
    return unescape(reponse.content.decode())


def _renommer(objet, nom):
    objet.nom, objet.article, objet.genre = nom, "", ""
    objet.save()
    return objet


@pytest.fixture
def arc_en_ciel(lot, structure_a2):
    """The CCAS of the cast renamed: a structure whose name starts with a vowel."""
    return _renommer(structure_a2, "Association Arc-en-ciel")


@pytest.fixture
def la_reunion(lot):
    """The collectivité of the cast renamed: a name starting with « La »."""
    return _renommer(lot, "La Réunion")


def test_reseau_pages_name_a_structure_with_elision(client, fanny, arc_en_ciel):
    client.force_login(fanny)
    assert "Membres de l'Association Arc-en-ciel" in _page(client, f"/reseau/structures/{arc_en_ciel.pk}/")
    page = _page(client, f"/reseau/structures/{arc_en_ciel.pk}/contacts/nouveau/")
    assert "Nouveau contact de l'Association Arc-en-ciel" in page
    page = _page(client, f"/reseau/structures/{arc_en_ciel.pk}/lieux/nouveau/")
    assert "Nouveau lieu d'accueil de l'Association Arc-en-ciel" in page
    assert "de Association" not in page


def test_an_event_is_organised_by_a_structure_named_with_its_article(client, fanny, lot):
    with tenant_context(lot):
        croix_rouge = f.StructureFactory(collectivite=lot, nom="La Croix-Rouge française")
        evenement = f.EvenementFactory(organisateur=croix_rouge)
    client.force_login(fanny)
    page = _page(client, f"/reseau/evenements/{evenement.pk}/")
    assert "organisé par la Croix-Rouge française" in page


def test_the_invitation_email_and_page_name_the_structure_and_the_collectivite(client, fanny, arc_en_ciel, la_reunion):
    with tenant_context(la_reunion):
        invitation = f.InvitationFactory(structure=arc_en_ciel, invitee_par=fanny)
    for gabarit in ("reseau/emails/invitation.txt", "reseau/emails/invitation.html"):
        texte = unescape(render_to_string(gabarit, {"invitation": invitation, "lien": "https://relais.test/i/"}))
        assert "rejoindre l'Association Arc-en-ciel" in texte.replace("<strong>", "").replace("</strong>", "")
        assert "accueil social inconditionnel de la Réunion" in texte


def test_the_signed_charter_pdf_names_the_signatory_structure(lot, fanny, arc_en_ciel):
    with tenant_context(lot):
        signature = f.signature(lot, arc_en_ciel, fanny)
    html = unescape(
        render_to_string(
            "reseau/pdf/signature.html",
            {"s": signature, "texte": "", "acceptes": [], "maintenant": timezone.now()},
        )
    )
    assert "signature de l'Association Arc-en-ciel" in html
    assert "Engagements acceptés par l'Association Arc-en-ciel" in html


def test_reseau_messages_name_the_structure_with_elision(lot, fanny, david, arc_en_ciel, chloe):
    with tenant_context(lot), pytest.raises(ValidationError) as erreur:
        check_inviter(fanny, arc_en_ciel, chloe.email, Role.PARTENAIRE, False)
    assert "est déjà membre de l'Association Arc-en-ciel" in erreur.value.messages[0]
    with tenant_context(lot):
        signature = f.signature(lot, arc_en_ciel, fanny)
        with pytest.raises(ValidationError) as erreur:
            check_signer(david, arc_en_ciel, signature.charte, signature.signee_le, [])
    assert erreur.value.messages[0] == "L'Association Arc-en-ciel a déjà signé cette version."


def test_a_collectivite_named_la_reunion_reads_de_la_reunion(client, fanny, la_reunion):
    client.force_login(fanny)
    assert "Calendrier de conservation de la Réunion" in _page(client, "/parametres/conservation/")
    assert "Les jetons d'API des comptes de la Réunion" in _page(client, "/comptes/jetons/collectivite/")


def test_territoire_names_a_tis_with_elision(client, fanny, lot, cahors):
    with tenant_context(lot):
        antenne = f.TISFactory(collectivite=lot, nom="Antenne de Figeac")
        autre = f.TISFactory(collectivite=lot, nom="La Maison de Gramat")
        f.SectorisationFactory(tis=autre, commune=cahors)
    client.force_login(fanny)
    assert "Communes desservies par l'Antenne de Figeac" in _page(client, f"/territoire/tis/{antenne.pk}/modifier/")
    with tenant_context(lot), pytest.raises(ValidationError) as erreur:
        check_communes_du_tis(antenne, [cahors], deplacer=False)
    assert "pour les rattacher à l'Antenne de Figeac" in erreur.value.messages[0]


def test_ingenierie_names_the_pole_and_the_collectivite(lot, la_reunion, cahors):
    with tenant_context(lot):
        demande = f.DemandeFactory(tis=f.TISFactory(collectivite=lot, nom="Antenne de Cahors"), commune=cahors)
    assert demande.en_attente_de() == "Qualification par l'Antenne de Cahors"
    ailleurs = f.CommuneFactory(code="50502", nom="Saint-Lô", departement=f.DepartementFactory(code="50", nom="Manche"))
    with tenant_context(lot), pytest.raises(ValidationError) as erreur:
        pole_competent(la_reunion, ailleurs)
    assert erreur.value.messages[0].endswith("n'est pas sur le territoire de la Réunion.")


def test_the_acknowledgement_email_names_the_applicant_with_its_article(lot, cahors):
    with tenant_context(lot):
        demande = f.DemandeFactory(
            tis=f.TISFactory(collectivite=lot, nom="Antenne de Cahors"),
            commune=cahors,
            nom_demandeur="La Mairie d'Arcambal",
        )
    texte = render_to_string("ingenierie/emails/accuse.txt", {"d": demande, "lien": "https://relais.test/suivi/"})
    assert "» pour la Mairie d'Arcambal est bien reçue" in texte
    assert "Elle est transmise à l'Antenne de Cahors" in texte


def test_a_support_group_message_names_the_structure_with_elision(client, soutien, bob, chloe, structure_a):
    _renommer(structure_a, "Association Arc-en-ciel")
    client.force_login(bob)
    reponse = client.post(
        f"/accompagnements/{soutien.pk}/groupe/", {"utilisateur": chloe.pk, "structure": structure_a.pk}, follow=True
    )
    assert "n'est pas membre de l'Association Arc-en-ciel" in unescape(reponse.content.decode())


def test_signing_the_charter_names_the_structure_with_elision(client, lot, emma, arc_en_ciel):
    with tenant_context(lot):
        engagement = f.EngagementCharteFactory(charte=f.CharteFactory(collectivite=lot))
    client.force_login(emma)  # partner of the structure, signs for it
    reponse = client.post(
        "/reseau/charte/signer/",
        {
            "structure": arc_en_ciel.pk,
            "signataire": "Mme Roux",
            "fonction": "Présidente",
            "signee_le": "2026-11-20",
            "engagements": [str(engagement.pk)],
        },
        follow=True,
    )
    assert "Signature de l'Association Arc-en-ciel enregistrée." in unescape(reponse.content.decode())


def test_a_transferred_request_logs_both_poles_with_their_articles(lot, eric, cahors):
    with tenant_context(lot):
        demande = f.DemandeFactory(tis=f.TISFactory(collectivite=lot, nom="Antenne de Cahors"), commune=cahors)
        vers = f.TISFactory(collectivite=lot, nom="La Maison des solidarités de Gramat")
        do_transferer(eric, demande, vers, "Commune mal sectorisée.")
        commentaire = demande.evenements.order_by("-pk").first().commentaire
    assert (
        commentaire
        == "Transférée de l'Antenne de Cahors à la Maison des solidarités de Gramat. Commune mal sectorisée."
    )


def test_the_public_finder_says_pres_d_arcambal_and_vers_la_msd(client, lot, reseau):  # noqa: F811
    with tenant_context(lot):
        tis = TerritoireInterventionSociale.objects.get(nom="MSD de Gramat")
        f.SectorisationFactory(tis=tis, commune=Commune.objects.get(nom="Arcambal"))
    page = " ".join(unescape(client.get("/c/lot/carte/", {"lat": "44.4501", "lon": "1.5201"}).content.decode()).split())
    assert "Près d'Arcambal, le pôle d'action sociale du Département est la MSD de Gramat" in page
    assert 'Itinéraire<span class="visuellement-cache"> vers la MSD de Gramat</span>' in page


# Persons, titles and communes (docs/publications.md §1): a first name or a title starting with a vowel or a mute h
# elides (« d'Alain MARTY », « d'Hélène », « d'Annuaire… »), a commune keeps the article of its name (« des Arques »).


def _texte(html):
    return " ".join(unescape(html).split())


@pytest.fixture
def alain(lot, jeanne):
    """Jeanne of the cast renamed: a first name starting with a vowel."""
    with tenant_context(lot):
        jeanne.prenom, jeanne.nom = "Alain", "Marty"
        jeanne.save()
    return jeanne


@pytest.mark.parametrize(
    ("code", "nom", "attendu"),
    [("46008", "Les Arques", "habitants des Arques"), ("46009", "Assier", "habitants d'Assier")],
)
def test_the_desk_names_the_commune_of_the_services_with_its_article(client, alice, code, nom, attendu):
    f.CommuneFactory(code=code, nom=nom)
    client.force_login(alice)
    page = _texte(_page(client, f"/accueil/services/?thematique=&commune={nom} ({code})"))
    assert attendu in page
    assert "de Les" not in page and "de Assier" not in page


def test_the_desk_names_the_commune_where_services_are_open(client, lot, alice, structure_a2):
    arques = f.CommuneFactory(code="46008", nom="Les Arques")
    with tenant_context(lot):
        f.ServiceFactory(structure=structure_a2, nom="Aide aux démarches")
    client.force_login(alice)
    page = _texte(_page(client, f"/accueil/services/?thematique=&commune=Les Arques ({arques.code})"))
    assert "1 service ouvert aux habitants des Arques" in page


def test_the_pages_of_a_person_elide_before_her_first_name(client, bob, eric, alain, soutien, demande):  # noqa: F811
    client.force_login(bob)
    assert "Situation du foyer d'Alain MARTY" in _texte(_page(client, f"/aides/situation/?usager={alain.pk}"))
    assert "demande d'Alain MARTY" in _texte(_page(client, f"/aides/{demande.pk}/"))
    assert "Clore l'accompagnement d'Alain MARTY" in _texte(_page(client, f"/accompagnements/{soutien.pk}/cloturer/"))
    client.force_login(eric)
    assert "Qui a consulté le dossier d'Alain MARTY" in _texte(_page(client, f"/usagers/{alain.pk}/acces/"))


def test_a_resource_title_elides_without_taking_an_article(client, lot, fanny):
    with tenant_context(lot):
        ressource = f.RessourceFactory(titre="Annuaire interne des pôles", creee_par=fanny)
    client.force_login(fanny)
    page = _texte(_page(client, f"/reseau/ressources/{ressource.pk}/"))
    assert "Versions d'Annuaire interne des pôles" in page


def test_the_members_page_names_a_member_with_elision_in_its_labels(client, lot, fanny, alice):
    alice.prenom, alice.nom = "Hélène", "Martin"
    alice.save()
    client.force_login(fanny)
    page = _texte(_page(client, "/reseau/membres/"))
    assert 'aria-label="Réinitialiser le second facteur d\'Hélène Martin"' in page
    assert 'aria-label="Déverrouiller la connexion d\'Hélène Martin"' in page


def test_the_restitution_note_names_the_contact_with_elision(lot, cahors):
    from ingenierie import note

    with tenant_context(lot):
        demande = f.DemandeFactory(
            tis=f.TISFactory(collectivite=lot, nom="Antenne de Cahors"), commune=cahors, contact_nom="Émilie Roux"
        )
        html = _texte(note.html(demande, 1))
    assert "Demande d'Émilie Roux" in html


# Counts (docs/publications.md §1): French agrees 0 and 1 in the singular; Django's ``pluralize`` is English.


def test_an_empty_list_reads_0_accompagnement(client, bob):
    client.force_login(bob)
    page = _texte(_page(client, "/accompagnements/?filtre=clos"))
    assert "0 accompagnement" in page
    assert "0 accompagnements" not in page


def test_no_template_uses_djangos_english_pluralize():
    from pathlib import Path

    from django.conf import settings

    racine = Path(settings.BASE_DIR)
    gabarits = [p for p in racine.rglob("templates/**/*") if p.suffix in (".html", ".txt") and ".venv" not in p.parts]
    assert len(gabarits) > 100
    fautifs = [str(p.relative_to(racine)) for p in gabarits if "pluralize" in p.read_text(encoding="utf-8")]
    assert not fautifs, f"{fautifs} : employez {{{{ n|pluriel }}}} de {{% load noms %}} (0 et 1 au singulier)"
