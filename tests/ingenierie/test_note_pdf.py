"""The note de restitution as the municipality reads it (docs/ingenierie.md): a full first page with its chart, the
advisor to contact, French that reads right. The PDF is read back with pypdf; where pdftoppm is installed its pages
are kept as PNG in test-artifacts/ (or ``RELAIS_ARTEFACTS``), beside the browser journeys' screenshots, for a
reader's check."""

import pytest
from django.utils.formats import date_format

from collectivites.tenancy import tenant_context
from config.pdf import rendre_html
from ingenierie import note
from ingenierie.models import Demande
from tests import factories as f
from tests.artefacts import garder_pdf


@pytest.fixture
def demande(client, poles, formulaire, lot, bob, django_capture_on_commit_callbacks):
    """The mairie of Gramat asks; the MSD de Gramat (its pôle) gives it Bob as advisor."""
    gramat = f.CommuneFactory(code="46128", nom="Gramat", population=3500, latitude=44.78, longitude=1.72)
    arcambal = f.CommuneFactory(code="46005", nom="Arcambal", population=1000, latitude=44.45, longitude=1.52)
    with tenant_context(lot):
        tis = f.TISFactory(collectivite=lot, nom="MSD de Gramat", tas=poles["cahors"].tas, telephone="0565338800")
        f.SectorisationFactory(commune=gramat, tis=tis)
        structure = f.StructureFactory(collectivite=lot, nom="Association Causses Solidaires", commune=arcambal)
        f.LieuAccueilFactory(collectivite=lot, structure=structure, nom="Permanence sociale", commune=arcambal)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/c/lot/ingenierie/", formulaire(territoire="Gramat (46128)", nom_demandeur="Mairie de Gramat"))
    bob.telephone = "0565532700"
    bob.save()
    with tenant_context(lot):
        d = Demande.objects.get()
        d.conseiller = bob
        d.save()
        return d


def _passages(lot, lieu, agent, commune, motifs):
    with tenant_context(lot):
        for motif, nombre in motifs:
            for _ in range(nombre):
                f.PassageFactory(lieu=lieu, agent=agent, commune_residence=commune, motifs=[motif])


def _pdf(lot, demande):
    with tenant_context(lot):
        contenu = rendre_html(note.html(demande, 1))
    return garder_pdf("note_restitution", contenu)


def test_the_note_names_the_advisor_to_contact_with_a_work_phone_and_e_mail(lot, demande):
    texte = "\n".join(p.extract_text() for p in _pdf(lot, demande).pages)
    assert "Votre contact" in texte
    assert "Bob" in texte and "05 65 53 27 00" in texte and "bob@lot.test" in texte
    assert "MSD de Gramat, 05 65 33 88 00" in texte


def test_the_note_writes_the_names_with_their_french_articles(lot, demande):
    texte = " ".join(" ".join(p.extract_text() for p in _pdf(lot, demande).pages).split())
    assert "proposé par le Département du Lot" in texte
    assert "proposé par Département du Lot" not in texte
    assert "Département du Lot — Département du Lot" not in texte
    assert "Département du Lot — MSD de Gramat" in texte


def test_the_chart_stays_on_the_first_page_which_is_full(lot, demande, lieu_a, alice, cahors, motifs):
    gramat = demande.commune
    _passages(
        lot,
        lieu_a,
        alice,
        gramat,
        [(motifs[code], 6 + i) for i, code in enumerate(list(motifs)[:6])],
    )
    pages = _pdf(lot, demande).pages
    premiere = pages[0].extract_text()
    # the activity with its chart (its title and axis labels) is on page 1, not pushed to page 2
    assert "Activité de l'accueil social pour les habitants" in premiere
    assert "Passages des habitants par motif" in premiere
    # and the page is full: the chart's table follows it on the same page, or the next section starts it
    assert "2. Le projet" in premiere or "Motif Passages" in " ".join(premiere.split())
    assert len(pages) <= 3


def test_the_e_mails_of_a_request_name_the_pole_with_its_article(demande):
    from django.core import mail

    textes = [m.body for m in mail.outbox]
    assert any("adressée à la MSD de Gramat" in t for t in textes)
    assert any("transmise à la MSD de Gramat (05 65 33 88 00)" in t for t in textes)
    assert not any("au MSD" in t for t in textes)


def diagnostic_partage(lot, equipe, demande, commune):
    """A diagnostic opened from ``demande``, its version 1 shared with two problématiques, then a version 2 being
    written (which the note must not cite)."""
    from diagnostic import actions as diagnostic_actions

    with tenant_context(lot):
        d = diagnostic_actions.do_ouvrir(
            equipe,
            titre="Diagnostic social du causse de Gramat",
            commanditaire="Mairie de Gramat",
            type_territoire="quartier",
            communes=[commune],
            quartier="Le Causse",
            demande=demande,
        )
        v1 = d.versions.get()
        diagnostic_actions.do_modifier_synthese(equipe, v1, "Un territoire rural vieillissant.")
        diagnostic_actions.do_ajouter_problematique(
            equipe, v1, titre="L'isolement des aînés", constat="Beaucoup vivent seuls, loin des services."
        )
        diagnostic_actions.do_ajouter_problematique(
            equipe, v1, titre="La mobilité des jeunes", constat="Pas de transport en soirée."
        )
        diagnostic_actions.do_partager(equipe, v1)
        v2 = diagnostic_actions.do_nouvelle_version(equipe, d)
        diagnostic_actions.do_ajouter_problematique(equipe, v2, titre="Brouillon non partagé", constat="À écrire.")
        v1.refresh_from_db()
        return v1


def test_the_note_cites_the_shared_version_of_the_requests_diagnostic_and_its_problematiques(lot, david, demande):
    avant = " ".join(" ".join(p.extract_text() for p in _pdf(lot, demande).pages).split())
    assert "Le diagnostic social de territoire" not in avant
    v1 = diagnostic_partage(lot, david, demande, demande.commune)
    texte = " ".join(" ".join(p.extract_text() for p in _pdf(lot, demande).pages).split())
    assert "7. Le diagnostic social de territoire" in texte
    assert "Diagnostic social du causse de Gramat" in texte
    assert "Territoire : quartier Le Causse (Gramat)" in texte
    assert f"Version 1, partagée le {date_format(v1.partagee_le, 'j F Y')}." in texte
    assert "L'isolement des aînés" in texte and "Beaucoup vivent seuls, loin des services." in texte
    assert "La mobilité des jeunes" in texte and "Pas de transport en soirée." in texte
    assert "Brouillon non partagé" not in texte  # the version being written is not cited


def test_a_diagnostic_not_shared_yet_is_not_cited(lot, david, demande):
    from diagnostic import actions as diagnostic_actions

    with tenant_context(lot):
        d = diagnostic_actions.do_ouvrir(
            david,
            titre="Diagnostic en cours d'écriture",
            commanditaire="Mairie de Gramat",
            type_territoire="communes",
            communes=[demande.commune],
            demande=demande,
        )
        diagnostic_actions.do_ajouter_problematique(david, d.versions.get(), titre="Pas encore partagée", constat="…")
    texte = " ".join(" ".join(p.extract_text() for p in _pdf(lot, demande).pages).split())
    assert "Diagnostic en cours d'écriture" not in texte and "Pas encore partagée" not in texte
    assert "Le diagnostic social de territoire" not in texte
