"""docs/securite.md §9 and §4 — the sweep of person reads.

Every route (the same walk as the cross-tenant sweep, tests/test_isolation.py) is requested with GET by every role
that may meet a person, with the ids of one witness file whose name and free texts all carry ``MARQUE``. A response
that shows the mark carries person data: it must write an access-log row naming that person for that user, and must
say ``Cache-Control: no-store``. Nothing lists the person-reading views: a route written later is swept as it is.
"""

import io
import zipfile

import pytest
from django.urls import reverse

from accompagnement.models import CODE_EVALUATION_IP, CODE_PREVENTION_EXPULSIONS
from collectivites.tenancy import tenant_context
from tests import factories as f
from tests.test_isolation import routes_a_balayer
from usagers.models import JournalAcces, Usager

ID = 876_543_210
MARQUE = "Zabulon"

# Routes whose GET must show the witness file to at least one role: the sweep is not empty by accident.
LECTURES_ATTENDUES = {
    "usagers:fiche",
    "usagers:bandeau",
    "usagers:acces",
    "usagers:fusionner",
    "usagers:recherche",
    "accueil:guichet",
    "accueil:passages",
    "accueil:passages_export",
    "accueil:passage",
    "accueil:passage_nouveau",
    "accueil:orientation",
    "accompagnement:detail",
    "accompagnement:ouvrir",
    "accompagnement:cloturer",
    "accompagnement:nouvel_entretien",
    "accompagnement:enquete_expulsion",
    "accompagnement:evaluation_ip",
    "accompagnement:mes_accompagnements",
    "passage-list",
    "passage-detail",
    "accompagnement-list",
    "accompagnement-detail",
    "action-list",
    "action-detail",
    "portail:export_dossier",
    "portail:droit_acces",
    "portail:droit_acces_usager",
    "portail:droit_acces_demande",
}


@pytest.fixture
def dossier_temoin(lot, structure_a, structure_a2, lieu_a, alice, bob, eric, helene, types):
    with tenant_context(lot):
        usager = f.UsagerFactory(pk=ID, prenom="Jeanne", nom=MARQUE)
        f.UsagerFactory(pk=ID + 1, prenom="Jeanne", nom=MARQUE)  # a likely duplicate: the merge page lists it
        passage = f.PassageFactory(pk=ID, lieu=lieu_a, agent=alice, usager=usager, information=f"Info {MARQUE}")
        f.OrientationFactory(pk=ID, passage=passage, structure_destinataire=structure_a2, message=f"Pour {MARQUE}")
        suivi = f.AccompagnementFactory(
            pk=ID, usager=usager, type=types["budgetaire"], structure=structure_a, referent=bob
        )
        f.MembreGroupeFactory(pk=ID, accompagnement=suivi, est_referent=True)
        theme = f.ThemeFactory(pk=ID, accompagnement=suivi, libelle=f"Budget {MARQUE}")
        objectif = f.ObjectifFactory(pk=ID, theme=theme, libelle=f"Objectif {MARQUE}")
        f.ActionFactory(pk=ID, objectif=objectif, libelle=f"Action {MARQUE}")
        f.EntretienFactory(pk=ID, accompagnement=suivi, synthese=f"Synthèse {MARQUE}")
        expulsion = f.AccompagnementFactory(
            pk=ID + 1, usager=usager, type=types[CODE_PREVENTION_EXPULSIONS], structure=structure_a, referent=bob
        )
        f.MembreGroupeFactory(pk=ID + 1, accompagnement=expulsion, est_referent=True)
        f.EnqueteExpulsionFactory(pk=ID, accompagnement=expulsion, recommandations=f"Préconisation {MARQUE}")
        evaluation = f.AccompagnementFactory(
            pk=ID + 2, usager=usager, type=types[CODE_EVALUATION_IP], structure=structure_a, referent=helene
        )
        f.MembreGroupeFactory(pk=ID + 2, accompagnement=evaluation, est_referent=True)
        f.EvaluationIPFactory(pk=ID, accompagnement=evaluation, raison_non_information=f"Raison {MARQUE}")
        demande = f.DemandeAccesFactory(pk=ID, usager=usager, enregistree_par=eric)
        f.PartieAccesFactory(pk=ID, demande=demande, structure=structure_a)
    return usager


def _valeur(parametre, lot):
    if parametre in ("format", "format_"):
        return "json"
    if parametre in ("collectivite_slug", "slug"):
        return lot.slug
    if parametre == "code":
        return "46042"
    return str(ID)


def _urls(lot):
    for nom, parametres in routes_a_balayer():
        yield nom, reverse(nom, kwargs={p: _valeur(p, lot) for p in parametres})
    # the support pages of a type of their own, and the pages that read a person from the query string
    for nom, pk in (
        ("accompagnement:enquete_expulsion", ID + 1),
        ("accompagnement:cloturer", ID + 1),
        ("accompagnement:evaluation_ip", ID + 2),
        ("accompagnement:nouvel_entretien", ID + 2),
    ):
        yield nom, reverse(nom, kwargs={"pk": pk})
    yield "accompagnement:ouvrir", f"/accompagnements/nouveau/?usager={ID}"
    yield "accueil:passage_nouveau", f"/accueil/passage/nouveau/?usager={ID}"
    yield "usagers:recherche", f"/usagers/recherche/?q={MARQUE}"
    yield "accueil:passages", "/accueil/passages/?periode=mois"


def _corps(reponse):
    contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    if contenu.startswith(b"PK\x03\x04"):  # a ZIP: what it carries is in its files
        with zipfile.ZipFile(io.BytesIO(contenu)) as zf:
            contenu = b"".join(zf.read(n) for n in zf.namelist())
    return contenu.decode(errors="replace")


def _lignes(lot, user, depuis):
    with tenant_context(lot):
        temoins = Usager.objects.filter(nom=MARQUE)
        return [
            j
            for t in temoins
            for j in JournalAcces.objects.concernant(t).filter(utilisateur=user, pk__gt=depuis).order_by("pk")
        ]


def _dernier(lot):
    with tenant_context(lot):
        derniere = JournalAcces.objects.order_by("-pk").first()
        return derniere.pk if derniere else 0


@pytest.mark.django_db
def test_every_response_showing_a_person_is_logged_and_not_cached(
    client, lot, dossier_temoin, alice, bob, chloe, eric, emma, helene
):
    lus = set()
    fautes = []
    for nom, url in _urls(lot):
        for user in (alice, bob, chloe, eric, emma, helene):
            client.force_login(user)
            depuis = _dernier(lot)
            reponse = client.get(url)
            corps = _corps(reponse)
            if reponse.status_code != 200 or MARQUE.lower() not in corps.lower():
                continue
            lus.add(nom)
            contexte = f"GET {url} ({nom}) en tant que {user.email}"
            if "no-store" not in reponse.get("Cache-Control", ""):
                fautes.append(f"{contexte} : pas de Cache-Control: no-store")
            if not _lignes(lot, user, depuis):
                fautes.append(f"{contexte} : aucune ligne du journal des accès ne nomme la personne")
    assert not fautes, "\n".join(fautes)
    assert LECTURES_ATTENDUES <= lus, f"le balayage n'a pas vu la personne sur {sorted(LECTURES_ATTENDUES - lus)}"


# Forms whose refusal re-renders the person's page: the sweep below must meet some, or it proves nothing.
REFUS_ATTENDUS = {"accompagnement:ouvrir", "accompagnement:nouvel_entretien"}


@pytest.mark.django_db
def test_a_form_sent_back_with_its_errors_is_logged_like_the_page(client, lot, dossier_temoin, alice, bob, helene):
    """A POST with nothing in it, on every page that shows the witness: when the answer is the page again (the
    form's errors), it showed the person again and is logged like the GET; nothing lists these forms."""
    vus = set()
    fautes = []
    for nom, url in _urls(lot):
        if url.startswith("/api/"):
            continue
        for user in (alice, bob, helene):
            client.force_login(user)
            if MARQUE.lower() not in _corps(client.get(url)).lower():
                continue
            depuis = _dernier(lot)
            reponse = client.post(url, {})
            if reponse.status_code not in (200, 400, 422) or MARQUE.lower() not in _corps(reponse).lower():
                continue
            vus.add(nom)
            if not _lignes(lot, user, depuis):
                fautes.append(f"POST {url} ({nom}) en tant que {user.email} : la page renvoyée n'est pas journalisée")
    assert not fautes, "\n".join(fautes)
    assert REFUS_ATTENDUS <= vus, f"aucun formulaire refusé vu sur {sorted(REFUS_ATTENDUS - vus)}"


@pytest.mark.django_db
def test_a_list_writes_one_row_naming_every_person_shown(client, lot, dossier_temoin, alice):
    client.force_login(alice)
    depuis = _dernier(lot)
    reponse = client.get(f"/usagers/recherche/?q={MARQUE}")
    assert reponse.status_code == 200
    with tenant_context(lot):
        [ligne] = JournalAcces.objects.filter(pk__gt=depuis)
        assert ligne.action == JournalAcces.Action.LISTE
        assert set(ligne.usagers_lus.values_list("pk", flat=True)) == {ID, ID + 1}
        # each person, asked who read their file, is told about the list
        assert ligne in JournalAcces.objects.concernant(Usager.objects.get(pk=ID + 1))


@pytest.mark.django_db
def test_the_api_lists_name_the_persons_they_return(client, lot, dossier_temoin, bob):
    client.force_login(bob)
    for url in ("/api/accompagnements/", "/api/actions/", f"/api/actions/{ID}/"):
        depuis = _dernier(lot)
        assert client.get(url).status_code == 200
        lignes = _lignes(lot, bob, depuis)
        assert len(lignes) == 1, url
        assert lignes[0].action in (JournalAcces.Action.API, JournalAcces.Action.LISTE)


@pytest.mark.django_db
def test_a_page_without_person_data_may_be_cached_and_logs_nothing(client, lot, dossier_temoin, alice):
    client.force_login(alice)
    depuis = _dernier(lot)
    reponse = client.get("/reseau/structures/")
    assert reponse.status_code == 200
    assert "no-store" not in reponse.get("Cache-Control", "")
    assert _dernier(lot) == depuis
