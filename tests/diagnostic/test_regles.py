"""The rules of a diagnostic (docs/diagnostic.md §2, §5): its territory, the problématiques and their evidence,
partners' amendments, and the shared version dated and frozen — on the model, in the actions and on the pages."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from collectivites.tenancy import tenant_context
from diagnostic import actions
from diagnostic.models import Diagnostic, Problematique, VersionDiagnostic
from tests import factories as f

from .conftest import texte

pytestmark = pytest.mark.django_db


def _epci_de_cahors(cahors):
    epci = f.EPCIFactory(siren="200023737", nom="CA du Grand Cahors")
    cahors.epci = epci
    cahors.save()
    f.CommuneFactory(code="46191", nom="Pradines", epci=epci)
    f.CommuneFactory(
        code="24037", nom="Bergerac", departement=f.DepartementFactory(code="24", nom="Dordogne"), epci=epci
    )
    return epci


def test_an_epci_territory_takes_the_epcis_communes_in_the_departement_only(client, lot, david, cahors):
    epci = _epci_de_cahors(cahors)
    client.force_login(david)
    reponse = client.post(
        "/diagnostic/nouveau/",
        {"titre": "Grand Cahors", "commanditaire": "CA du Grand Cahors", "type_territoire": "epci", "epci": epci.pk},
    )
    with tenant_context(lot):
        d = Diagnostic.objects.get()
        assert reponse["Location"] == f"/diagnostic/{d.pk}/"
        assert sorted(c.nom for c in d.communes.all()) == ["Cahors", "Pradines"]
        assert d.versions.get().numero == 1


@pytest.mark.parametrize(
    "donnees,champ,message",
    [
        ({"type_territoire": "epci"}, "epci", "Choisissez l'intercommunalité."),
        ({"type_territoire": "communes"}, "communes", "Choisissez au moins une commune."),
        ({"type_territoire": "quartier", "communes": ["46042"]}, "quartier", "Nommez le quartier."),
        ({"type_territoire": "ailleurs"}, "type_territoire", "Sélectionnez un choix valide"),
        ({"type_territoire": "communes", "communes": ["24037"]}, "communes", "Sélectionnez un choix valide"),
    ],
)
def test_a_bad_territory_is_refused_under_its_field_and_nothing_is_written(
    client, lot, david, cahors, donnees, champ, message
):
    _epci_de_cahors(cahors)
    client.force_login(david)
    reponse = client.post("/diagnostic/nouveau/", {"titre": "Essai", "commanditaire": "Mairie", **donnees})
    assert reponse.status_code == 200
    page = texte(reponse)
    assert "Rien n'a été enregistré" in page and message in page
    assert f'id="id_{champ}_error"' in page or champ == "type_territoire"
    with tenant_context(lot):
        assert not Diagnostic.objects.exists()


def test_a_quartier_is_a_named_part_of_one_commune(lot, david, cahors):
    with tenant_context(lot):
        d = actions.do_ouvrir(
            david,
            titre="Quartier",
            commanditaire="Mairie",
            type_territoire="quartier",
            communes=[cahors],
            quartier="Terre Rouge",
        )
        assert d.libelle_territoire == "quartier Terre Rouge" and list(d.communes.all()) == [cahors]
        with pytest.raises(ValidationError, match="une seule commune"):
            actions.do_ouvrir(
                david,
                titre="Q",
                commanditaire="M",
                type_territoire="quartier",
                quartier="X",
                communes=[cahors, f.CommuneFactory(code="46191", nom="Pradines")],
            )


def test_a_diagnostic_opened_from_an_engineering_request_is_linked_both_ways(client, lot, david, cahors):
    with tenant_context(lot):
        demande = f.DemandeFactory(type_projet="diagnostic", commune=cahors, nom_demandeur="Mairie de Cahors")
    client.force_login(david)
    formulaire = texte(client.get(f"/diagnostic/nouveau/?demande={demande.pk}"))
    assert "Diagnostic social de territoire — Mairie de Cahors" in formulaire
    client.post(
        f"/diagnostic/nouveau/?demande={demande.pk}",
        {
            "titre": "Diagnostic de Cahors",
            "commanditaire": "Mairie de Cahors",
            "type_territoire": "communes",
            "communes": ["46042"],
        },
    )
    with tenant_context(lot):
        d = Diagnostic.objects.get()
    assert d.demande_id == demande.pk
    assert f"demande d'ingénierie {demande.reference}" in texte(client.get(f"/diagnostic/{d.pk}/"))
    page_demande = texte(client.get(f"/ingenierie/{demande.pk}/"))
    assert "Diagnostic social de territoire" in page_demande and f'href="/diagnostic/{d.pk}/"' in page_demande


@pytest.mark.parametrize("valeur", ["abc", "99999999999999999999", "-1"])
def test_a_malformed_request_id_is_a_404(client, david, valeur):
    client.force_login(david)
    assert client.get("/diagnostic/nouveau/", {"demande": valeur}).status_code == 404


def _ecrire(lot, david, diagnostic):
    with tenant_context(lot):
        v = actions.version_courante(diagnostic)
        actions.do_modifier_synthese(david, v, "Un territoire rural vieillissant.")
        p = actions.do_ajouter_problematique(
            david, v, titre="Isolement des aînés", constat="Un tiers des habitants a plus de 60 ans."
        )
        return v, p


def test_a_partners_amendment_accepted_replaces_the_text_and_a_rejected_one_does_not(
    client, lot, david, invitee, diagnostic
):
    v, p = _ecrire(lot, david, diagnostic)
    client.force_login(invitee)
    client.post(
        f"/diagnostic/{diagnostic.pk}/commenter/",
        {"texte": "La mobilité manque.", "problematique": p.pk, "texte_propose": "Isolement et mobilité."},
    )
    client.post(f"/diagnostic/{diagnostic.pk}/commenter/", {"texte": "Trop long.", "texte_propose": "Court."})
    client.post(f"/diagnostic/{diagnostic.pk}/commenter/", {"texte": "Merci pour ce travail."})
    with tenant_context(lot):
        accepte, rejete, simple = v.commentaires.order_by("pk")
    assert (accepte.statut, rejete.statut, simple.statut) == ("propose", "propose", "commentaire")
    # a partner cannot decide on an amendment
    assert client.post(f"/diagnostic/amendements/{accepte.pk}/", {"decision": "accepter"}).status_code == 403

    client.force_login(david)
    page = texte(client.get(f"/diagnostic/{diagnostic.pk}/"))
    assert "Amendement proposé : « Isolement et mobilité. »" in page and "Accepter l'amendement" in page
    client.post(f"/diagnostic/amendements/{accepte.pk}/", {"decision": "accepter"})
    client.post(f"/diagnostic/amendements/{rejete.pk}/", {"decision": "rejeter"})
    with tenant_context(lot):
        p.refresh_from_db()
        v.refresh_from_db()
        assert p.constat == "Isolement et mobilité."
        assert v.synthese == "Un territoire rural vieillissant."
        assert [c.statut for c in v.commentaires.order_by("pk")] == ["accepte", "rejete", "commentaire"]
        with pytest.raises(ValidationError, match="déjà été traité"):
            actions.do_traiter_amendement(david, v.commentaires.order_by("pk")[0], False)


def test_a_shared_version_is_dated_and_frozen_everywhere(client, lot, david, invitee, diagnostic):
    v, p = _ecrire(lot, david, diagnostic)
    with tenant_context(lot):
        f.ActeurFactory(diagnostic=diagnostic, nom="Secours populaire", rencontre=True)
    client.force_login(david)
    client.post(f"/diagnostic/{diagnostic.pk}/partager/")
    with tenant_context(lot):
        v.refresh_from_db()
        assert v.partagee_le == timezone.localdate() and v.partagee_par == david
        assert v.instantane["problematiques"][0]["titre"] == "Isolement des aînés"
        assert v.instantane["acteurs"][0]["nom"] == "Secours populaire"

        # the model refuses every change, whoever calls it
        v.synthese = "Changé"
        with pytest.raises(ValidationError, match="figée"):
            v.save()
        p = Problematique.objects.get(pk=p.pk)
        p.constat = "Changé"
        with pytest.raises(ValidationError, match="figée"):
            p.save()
        with pytest.raises(ValidationError, match="figée"):
            p.delete()
        v = VersionDiagnostic.objects.get(pk=v.pk)
        with pytest.raises(ValidationError, match="figée"):
            actions.do_ajouter_problematique(david, v, titre="Nouvelle", constat="x")
        with pytest.raises(ValidationError, match="figée"):
            actions.do_commenter(invitee, v, texte="Trop tard")
        # later changes of the working material do not change what the shared version says
        diagnostic.acteurs.update(nom="Autre nom")

    page = texte(client.get(f"/diagnostic/{diagnostic.pk}/"))
    assert f"partagée le {timezone.localdate():%d/%m/%Y}, figée" in page
    assert "Enregistrer la synthèse" not in page and "Ajouter une problématique" not in page
    assert client.post(f"/diagnostic/{diagnostic.pk}/", {"synthese": "Réécrit"}).status_code == 403
    reponse = client.post(
        f"/diagnostic/{diagnostic.pk}/problematiques/nouvelle/", {"titre": "Nouvelle", "constat": "x"}, follow=True
    )
    assert "elle est figée et ne peut plus être modifiée" in texte(reponse)
    client.force_login(invitee)
    client.post(f"/diagnostic/{diagnostic.pk}/commenter/", {"texte": "Trop tard"}, follow=True)
    version_page = texte(client.get(f"/diagnostic/versions/{v.pk}/"))
    assert "Secours populaire" in version_page and "Autre nom" not in version_page
    with tenant_context(lot):
        v.refresh_from_db()
        assert v.synthese == "Un territoire rural vieillissant." and not v.commentaires.exists()
        assert Problematique.objects.get().constat == "Un tiers des habitants a plus de 60 ans."


def test_sharing_needs_a_synthesis_a_problematique_and_no_pending_amendment(client, lot, david, invitee, diagnostic):
    client.force_login(david)
    reponse = client.post(f"/diagnostic/{diagnostic.pk}/partager/", follow=True)
    assert "Écrivez la synthèse et au moins une problématique" in texte(reponse)
    v, _ = _ecrire(lot, david, diagnostic)
    with tenant_context(lot):
        actions.do_commenter(invitee, v, texte="Voir", texte_propose="Autre synthèse")
    reponse = client.post(f"/diagnostic/{diagnostic.pk}/partager/", follow=True)
    assert "Des amendements attendent votre décision" in texte(reponse)
    with tenant_context(lot):
        v.refresh_from_db()
        assert not v.est_partagee


def test_a_new_version_copies_the_shared_one_with_its_evidence(lot, david, diagnostic):
    v, p = _ecrire(lot, david, diagnostic)
    with tenant_context(lot):
        entretien = f.EntretienDiagnosticFactory(diagnostic=diagnostic)
        action = f.ActionCollectiveFactory(titre="Café des aînés")
        p.entretiens.set([entretien])
        p.actions.set([action])
        with pytest.raises(ValidationError, match="pas encore partagée"):
            actions.do_nouvelle_version(david, diagnostic)
        actions.do_partager(david, v)
        v2 = actions.do_nouvelle_version(david, diagnostic)
        assert v2.numero == 2 and not v2.est_partagee and v2.synthese == v.synthese
        copie = v2.problematiques.get()
        assert copie.pk != p.pk and copie.titre == p.titre
        assert list(copie.entretiens.all()) == [entretien] and list(copie.actions.all()) == [action]
        actions.do_modifier_synthese(david, v2, "Mise à jour")
        v.refresh_from_db()
        assert v.synthese == "Un territoire rural vieillissant."


def test_a_tis_territory_takes_the_communes_its_sectorisation_gives_it(client, lot, david, cahors):
    with tenant_context(lot):
        tis = f.TISFactory(collectivite=lot, nom="Pôle de Cahors")
        f.SectorisationFactory(tis=tis, commune=cahors)
        f.SectorisationFactory(tis=tis, commune=f.CommuneFactory(code="46191", nom="Pradines"))
        f.SectorisationFactory(tis=f.TISFactory(collectivite=lot, nom="Pôle de Figeac"))
    client.force_login(david)
    formulaire = texte(client.get("/diagnostic/nouveau/"))
    assert "Un territoire d'intervention sociale (TIS)" in formulaire and "Pôle de Cahors" in formulaire
    reponse = client.post(
        "/diagnostic/nouveau/",
        {
            "titre": "Pôle de Cahors",
            "commanditaire": "Direction de la solidarité",
            "type_territoire": "tis",
            "tis": tis.pk,
        },
    )
    with tenant_context(lot):
        d = Diagnostic.objects.get()
        assert reponse["Location"] == f"/diagnostic/{d.pk}/"
        assert sorted(c.nom for c in d.communes.all()) == ["Cahors", "Pradines"] and d.tis == tis
    page = texte(client.get(f"/diagnostic/{d.pk}/"))
    assert "territoire : TIS Pôle de Cahors" in page


def test_a_tis_missing_empty_or_of_another_collectivite_is_refused_and_nothing_is_written(
    client, lot, manche, david, cahors
):
    with tenant_context(lot):
        vide = f.TISFactory(collectivite=lot, nom="Pôle sans commune")
    with tenant_context(manche):
        autre = f.TISFactory(collectivite=manche, nom="Pôle de Saint-Lô")
        f.SectorisationFactory(tis=autre, commune=cahors)
    client.force_login(david)
    for tis, message in [
        ("", "Choisissez le territoire d'intervention sociale."),
        (vide.pk, "La sectorisation ne donne encore aucune commune à ce TIS"),
        (autre.pk, "Sélectionnez un choix valide"),
    ]:
        reponse = client.post(
            "/diagnostic/nouveau/", {"titre": "Essai", "commanditaire": "Mairie", "type_territoire": "tis", "tis": tis}
        )
        page = texte(reponse)
        assert reponse.status_code == 200 and "Rien n'a été enregistré" in page and message in page
        assert 'id="id_tis_error"' in page
    with tenant_context(lot):
        # The action itself refuses another collectivité's TIS, whoever calls it.
        with pytest.raises(ValidationError, match="n'est pas celui de votre collectivité"):
            actions.do_ouvrir(david, titre="E", commanditaire="M", type_territoire="tis", tis=autre)
        assert not Diagnostic.objects.exists()
