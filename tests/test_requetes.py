"""The number of SQL queries of every list page and list API endpoint does not grow with the list (no N+1).

Each case fills its list with N rows, requests it once (caches warm up), counts the queries, adds N more rows and
pins the count: ``django_assert_num_queries`` with the first count, so a failure prints the queries. The body must
have grown, which proves the rows are really listed. A new list route gets a case here.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collectivites.tenancy import tenant_context
from comptes.roles import Role

from . import factories as f

N = 3


@dataclass
class Cas:
    url: str
    qui: str | None  # a fixture of the cast (None: anonymous)
    creer: Callable  # (ctx, n) -> None, inside the Lot's tenant context

    def __str__(self):
        return self.url


def _passages(c, n, **kwargs):
    for _ in range(n):
        f.PassageFactory(lieu=c.lieu_a, agent=c.alice, usager=f.UsagerFactory(), motifs=[c.motif], **kwargs)


def _orientations(c, n, emettrice, destinataire):
    for _ in range(n):
        passage = f.PassageFactory(lieu=c.lieu_a, agent=c.alice, usager=f.UsagerFactory())
        f.OrientationFactory(
            passage=passage, structure_emettrice=emettrice, structure_destinataire=destinataire, motif=c.motif
        )


def _guichet(c, n):
    _passages(c, n, en_attente=True)
    _passages(c, n)
    _orientations(c, n, c.structure_a2, c.structure_a)


def _accompagnements(c, n, referent=None):
    for _ in range(n):
        referent_ = referent or f.utilisateur(c.lot, c.structure_a, Role.TRAVAILLEUR_SOCIAL)
        a = f.AccompagnementFactory(structure=c.structure_a, referent=referent_, type=c.type)
        f.MembreGroupeFactory(accompagnement=a, est_referent=True)
        f.ActionFactory(objectif__theme__accompagnement=a, en_retard=True)
        f.EntretienFactory(accompagnement=a)


def _membres(c, n):
    for _ in range(n):
        f.utilisateur(c.lot, c.structure_a2, Role.PARTENAIRE)
        f.InvitationFactory(structure=c.structure_a2, invitee_par=c.fanny)


def _evenements(c, n):
    for _ in range(n):
        e = f.EvenementFactory(organisateur=c.structure_a)
        f.InscriptionFactory(evenement=e, utilisateur=f.utilisateur(c.lot, c.structure_a2), structure=c.structure_a2)
        f.CibleEvenementFactory(evenement=e, structure=c.structure_a2)


def _ressources(c, n):
    for _ in range(n):
        f.VersionRessourceFactory(ressource__creee_par=c.david)


def _structures(c, n):
    for _ in range(n):
        s = f.StructureFactory(commune=c.cahors, ccas=True, engagee=True)
        f.LieuAccueilFactory(collectivite=c.lot, structure=s, commune=c.cahors)
        f.signature(c.lot, s, c.david)
        f.ServiceFactory(structure=s)


def _lieux(c, n):
    for _ in range(n):
        f.LieuAccueilFactory(
            collectivite=c.lot, structure=f.StructureFactory(commune=c.cahors), commune=c.cahors, tis=c.tis
        )


def _demandes(c, n):
    for _ in range(n):
        f.DemandeFactory(tis=c.tis, commune=c.cahors, en_cours=True, conseiller=c.bob)
        f.DemandeFactory(tis=c.tis, commune=c.cahors)


def _sectorisation(c, n):
    for _ in range(n):
        commune = f.CommuneFactory(code=f"46{900 + c.compteur()}", departement=c.lot.departement)
        f.SectorisationFactory(tis=f.TISFactory(tas=c.tis.tas), commune=commune)


def _instantanes(c, n):
    calcul = f.CalculFactory(demande_par=c.david, statut="termine")
    for _ in range(n):
        annee = 2000 + c.compteur()
        for indicateur in ("couverture", "localisation"):
            f.InstantaneFactory(
                indicateur=indicateur, calcul=calcul, debut=datetime.date(annee, 1, 1), fin=datetime.date(annee, 12, 31)
            )


def _journal(c, n):
    for _ in range(n):
        f.JournalAccesFactory(
            usager=c.jeanne, utilisateur=f.utilisateur(c.lot, c.structure_a2), structure=c.structure_a2
        )


def _motifs(c, n):
    for _ in range(n):
        f.MotifFactory()


def _reponses(c, n):
    for _ in range(n):
        f.ReponseFactory()


def _types(c, n):
    for _ in range(n):
        f.TypeAccompagnementFactory()


def _usagers_dupont(c, n):
    for _ in range(n):
        u = f.UsagerFactory(nom="Dupont", commune=c.cahors)
        f.PassageFactory(lieu=c.lieu_a, agent=c.alice, usager=u)


def _rapports(c, n):
    for _ in range(n):
        f.RapportCharteFactory(demande_par=c.david, annee=2000 + c.compteur())


def _agregats(c, n):
    for _ in range(n):
        f.AgregatFactory(
            lieu=c.lieu_a, cle=str(c.compteur()), libelle=f"Motif {c.compteur()}", mois=datetime.date(2026, 3, 1)
        )


def _fiche(c, n):
    """The person's file: her passages, open orientations and supports in the strip."""
    for _ in range(n):
        passage = f.PassageFactory(lieu=c.lieu_a, agent=c.alice, usager=c.jeanne, motifs=[c.motif])
        f.OrientationFactory(passage=passage, structure_destinataire=c.structure_a2, motif=c.motif)
        f.AccompagnementFactory(structure=c.structure_a, usager=c.jeanne, referent=c.bob, type=c.type)


def _plan(c, n):
    """A support's page: its plan (themes, objectives, actions), interviews and group."""
    for _ in range(n):
        action = f.ActionFactory(objectif__theme__accompagnement=c.suivi, en_retard=True)
        f.ActionFactory(objectif=action.objectif, porteur="partenaire", structure_porteuse=c.structure_a2)
        f.NotePriveeFactory(entretien__accompagnement=c.suivi, entretien__auteur=c.bob)
        f.MembreGroupeFactory(
            accompagnement=c.suivi, utilisateur=f.utilisateur(c.lot, c.structure_a), structure=c.structure_a
        )


def _communes(c, n):
    for _ in range(n):
        f.CommuneFactory(code=f"46{800 + c.compteur()}", nom=f"Comiac {c.compteur()}", departement=c.lot.departement)


def _structure(c, n):
    """A structure's page: its sites, members, services and contacts."""
    for _ in range(n):
        f.LieuAccueilFactory(collectivite=c.lot, structure=c.structure_a2, commune=c.cahors, tis=c.tis)
        f.utilisateur(c.lot, c.structure_a2, Role.PARTENAIRE)
        f.ServiceFactory(structure=c.structure_a2, lieu=c.lieu_a)
        f.ContactFactory(structure=c.structure_a2)
        f.InvitationFactory(structure=c.structure_a2, invitee_par=c.david)


def _inscriptions(c, n):
    """An event's page: its registrations and target structures."""
    for _ in range(n):
        s = f.StructureFactory(commune=c.cahors)
        f.InscriptionFactory(evenement=c.evenement, utilisateur=f.utilisateur(c.lot, s), structure=s)
        f.CibleEvenementFactory(evenement=c.evenement, structure=s)


def _demande(c, n):
    """A request's page: its steps with their documents, loose documents, history and notes."""
    for _ in range(n):
        etape = f.EtapeFactory(demande=c.demande)
        f.DocumentFactory(demande=c.demande, etape=etape, depose_par=c.bob)
        f.DocumentFactory(demande=c.demande)
        f.EvenementDemandeFactory(demande=c.demande, par=c.bob)
        f.NoteRestitutionFactory(demande=c.demande, demandee_par=c.bob)


def _jetons(c, n):
    for _ in range(n):
        f.JetonAPIFactory(utilisateur=c.alice)


def _lieux_publics(c, n):
    for _ in range(n):
        f.LieuAccueilFactory(collectivite=c.lot, structure__commune=c.cahors, commune=c.cahors, ouvert_au_public=True)


def _aides(c, n):
    for _ in range(n):
        demande = f.DemandeAideFactory(
            dispositif=c.dispositif,
            instructeur=c.bob,
            commission=c.commission_aides,
            situation__usager__commune=c.cahors,
        )
        f.DecisionFactory(demande=demande, decidee_par=c.bob, commission=c.commission_aides)


def _dispositifs(c, n):
    for _ in range(n):
        f.DispositifFactory(structure=c.structure_a)


def _rapports_aides(c, n):
    for _ in range(n):
        f.DocumentAideFactory(
            collectivite=c.lot, type="rapport", decision=None, structure=c.structure_a, annee=2026, demande_par=c.eric
        )


def _contreparties(c, n):
    """Counterpart hours hosted by structure A, done and waiting for its validation."""
    for _ in range(n):
        f.HeuresContrepartieFactory(structure_hote=c.structure_a, statut="faites")


def _commissions(c, n):
    for _ in range(n):
        f.CommissionFactory(structure=c.structure_a)


def _questionnaires(c, n):
    for _ in range(n):
        f.QuestionnaireFactory(structure=c.structure_a, cree_par=c.bob)


def _actions_collectives(c, n):
    for _ in range(n):
        f.SeanceFactory(action=f.ActionCollectiveFactory(structures=[c.structure_a, c.structure_a2]))


def _preuves(c, n):
    for _ in range(n):
        f.PreuveSatisfactionFactory(structure=c.structure_a, deposee_par=c.bob)


def _decisions(c, n):
    for _ in range(n):
        f.DecisionPilotageFactory()


def _diagnostics(c, n):
    for _ in range(n):
        f.DiagnosticFactory(ouvert_par=c.david, communes=[c.cahors, f.CommuneFactory(code=f"46{c.compteur():03d}")])


def _diagnostic(c, n):
    """A diagnostic's lists: actors, interviews, invited partners, problématiques with their evidence, comments."""
    d, version = c.diagnostic, c.version_diagnostic
    for _ in range(n):
        f.ActeurFactory(diagnostic=d)
        entretien = f.EntretienDiagnosticFactory(diagnostic=d)
        f.InvitationDiagnosticFactory(diagnostic=d, utilisateur=f.utilisateur(c.lot, c.structure_a2, Role.PARTENAIRE))
        p = f.ProblematiqueFactory(version=version)
        p.entretiens.set([entretien])
        p.actions.set([f.ActionCollectiveFactory()])
        f.CommentaireFactory(version=version, problematique=p, texte_propose="Autre constat", statut="propose")


CAS = [
    # the reception desk
    Cas("/accueil/", "alice", _guichet),
    Cas("/accueil/passages/", "eric", lambda c, n: _passages(c, n)),
    Cas(
        "/accueil/orientations/?sens=recues",
        "alice",
        lambda c, n: _orientations(c, n, c.structure_a2, c.structure_a),
    ),
    Cas(
        "/accueil/orientations/?sens=envoyees",
        "alice",
        lambda c, n: _orientations(c, n, c.structure_a, c.structure_a2),
    ),
    Cas("/accueil/motifs/", "fanny", _motifs),
    Cas("/accueil/reponses/", "fanny", _reponses),
    Cas("/usagers/recherche/?q=Dupont", "alice", _usagers_dupont),
    # the account: API tokens, one's own and the collectivité's
    Cas("/comptes/jetons/", "alice", _jetons),
    Cas("/comptes/jetons/collectivite/", "fanny", _jetons),
    Cas("/usagers/{jeanne}/acces/", "eric", _journal),
    Cas("/usagers/{jeanne}/", "alice", _fiche),
    # supports
    Cas("/accompagnements/", "bob", lambda c, n: _accompagnements(c, n, c.bob)),
    Cas("/accompagnements/equipe/", "eric", _accompagnements),
    Cas("/accompagnements/types/", "fanny", _types),
    Cas("/accompagnements/{suivi}/", "bob", _plan),
    # aids
    Cas("/aides/", "bob", _aides),
    Cas("/aides/dispositifs/", "bob", _dispositifs),
    Cas("/aides/commissions/", "eric", _commissions),
    Cas("/aides/budget/", "eric", _dispositifs),
    Cas("/aides/rapports/", "eric", _rapports_aides),
    Cas("/aides/commissions/{commission_aides}/", "eric", _aides),
    Cas("/aides/statistiques/", "eric", _dispositifs),
    Cas("/aides/contreparties/", "eric", _contreparties),
    # the network
    Cas("/reseau/structures/", "david", _structures),
    Cas("/reseau/lieux/", "david", _lieux),
    Cas("/reseau/membres/", "fanny", _membres),
    Cas("/reseau/evenements/", "david", _evenements),
    Cas("/reseau/evenements/{evenement}/", "david", _inscriptions),
    Cas("/reseau/structures/{structure_a2}/", "david", _structure),
    Cas("/reseau/ressources/", "alice", _ressources),
    Cas("/reseau/recensement/", "david", _structures),
    Cas("/reseau/charte/", "david", _structures),
    Cas("/reseau/export/data-inclusion.json", "david", _structures),
    # local social development
    Cas("/developpement/questionnaires/", "bob", _questionnaires),
    Cas("/developpement/actions/", "bob", _actions_collectives),
    Cas("/developpement/pilotage/", "david", _decisions),
    Cas("/developpement/satisfaction/preuves/", "bob", _preuves),
    # the diagnostic social de territoire
    Cas("/diagnostic/", "david", _diagnostics),
    Cas("/diagnostic/{diagnostic}/", "david", _diagnostic),
    Cas("/diagnostic/{diagnostic}/acteurs/", "david", _diagnostic),
    Cas("/diagnostic/{diagnostic}/demande-exprimee/", "david", _diagnostic),
    Cas("/diagnostic/{diagnostic}/partenaires/", "david", _diagnostic),
    Cas("/diagnostic/versions/{version_diagnostic}/", "david", _diagnostic),
    # engineering, indicators, territory, map
    Cas("/ingenierie/", "eric", _demandes),
    Cas("/ingenierie/{demande}/", "eric", _demande),
    Cas("/indicateurs/instantanes/", "david", _instantanes),
    Cas("/indicateurs/rapports/", "david", _rapports),
    Cas("/territoire/sectorisation/", "david", _sectorisation),
    Cas("/cartographie/lieux.geojson", "david", _lieux),
    Cas("/cartographie/structures.geojson", "david", _structures),
    # public pages
    Cas("/c/lot/", None, _lieux_publics),
    Cas("/c/lot/charte/", None, _structures),
    Cas("/c/lot/carte/lieux.geojson", None, _lieux_publics),
    # the API
    Cas("/api/structures/", "david", _structures),
    Cas("/api/structures/data-inclusion/", "david", _structures),
    Cas("/api/structures/data-inclusion-services/", "david", _structures),
    Cas("/api/lieux/", "david", _lieux),
    Cas("/api/tis/", "david", _sectorisation),
    Cas("/api/passages/", "alice", lambda c, n: _passages(c, n)),
    Cas("/api/orientations/", "alice", lambda c, n: _orientations(c, n, c.structure_a2, c.structure_a)),
    Cas("/api/accompagnements/", "bob", lambda c, n: _accompagnements(c, n, c.bob)),
    Cas("/api/actions/", "bob", lambda c, n: _accompagnements(c, n, c.bob)),
    Cas("/api/aides/demandes/", "bob", _aides),
    Cas("/api/aides/decisions/", "bob", _aides),
    Cas("/api/indicateurs/", "david", _instantanes),
    Cas("/api/statistiques/?source=passages&dimension=motif&annee=2026", "david", _agregats),
    Cas("/api/communes/?q=Comiac", "alice", _communes),
    # the autocompletes: the desk's, the staff's, the public engineering form's
    Cas("/accueil/communes/?q=Comiac", "alice", _communes),
    Cas("/territoire/communes/autocompletion/?q=Comiac", "alice", _communes),
    Cas("/c/lot/ingenierie/territoires/?territoire=Comiac", None, _communes),
]


class Contexte:
    def __init__(self, request, lot):
        self._request = request
        self.lot = lot
        self._n = 0

    def __getattr__(self, nom):
        return self._request.getfixturevalue(nom)

    def compteur(self):
        self._n += 1
        return self._n


@pytest.fixture
def contexte(request, lot, cast_a, lieu_a, structure_a, structure_a2, cahors, jeanne, motifs, types):
    c = Contexte(request, lot)
    with tenant_context(lot):
        c.motif = motifs["logement-hebergement"]
        c.type = types["budgetaire"]
        c.tis = f.TISFactory(collectivite=lot, nom="MSD de Cahors")
        lieu_a.tis = c.tis
        lieu_a.save()
        f.SectorisationFactory(tis=c.tis, commune=cahors)
        c.suivi = f.AccompagnementFactory(structure=structure_a, usager=jeanne, referent=cast_a["travailleur_social"])
        f.MembreGroupeFactory(accompagnement=c.suivi, est_referent=True)
        c.evenement = f.EvenementFactory(organisateur=structure_a)
        c.demande = f.DemandeFactory(tis=c.tis, commune=cahors, en_cours=True, conseiller=cast_a["travailleur_social"])
        c.dispositif = f.DispositifFactory(structure=structure_a, budget_annuel=100000)
        c.commission_aides = f.CommissionFactory(structure=structure_a)
        c.diagnostic = f.DiagnosticFactory(ouvert_par=cast_a["chef_de_projet"], communes=[cahors])
        c.version_diagnostic = c.diagnostic.versions.get()
    return c


def _requete(client, url):
    cache.clear()  # the GeoJSON is cached: count the queries that fill it
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200, f"{url} → {reponse.status_code}"
    corps = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    return len(requetes), corps


@pytest.mark.parametrize("cas", CAS, ids=str)
def test_a_list_costs_the_same_number_of_queries_whatever_its_length(cas, client, contexte, django_assert_num_queries):
    c = contexte
    url = cas.url.format(
        jeanne=c.jeanne.pk,
        suivi=c.suivi.pk,
        evenement=c.evenement.pk,
        demande=c.demande.pk,
        structure_a2=c.structure_a2.pk,
        commission_aides=c.commission_aides.pk,
        diagnostic=c.diagnostic.pk,
        version_diagnostic=c.version_diagnostic.pk,
    )
    if cas.qui:
        client.force_login(getattr(contexte, cas.qui))
    with tenant_context(contexte.lot):
        cas.creer(contexte, N)
    _requete(client, url)  # sessions, caches and the tenant's theme warm up
    requetes, corps = _requete(client, url)
    with tenant_context(contexte.lot):
        cas.creer(contexte, N)
    cache.clear()
    with django_assert_num_queries(requetes):
        reponse = client.get(url)
    corps_double = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    assert len(corps_double) > len(corps), f"{url} : la liste n'a pas grandi, le cas ne mesure rien"
