"""Supports as a social worker expects them (issue 14): landing on the caseload, the warning on a second open support
of the same type, a refused plan item keeps what was typed, page titles without markup, the contrat d'engagement,
the person strip naming the whole groupe de suivi."""

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accompagnement.models import Accompagnement, DocumentPlan, Objectif, Theme
from accompagnement.tasks import engagements
from collectivites.tenancy import tenant_context

from ..test_isolation import _routes

pytestmark = pytest.mark.date_figee


def dans(lot, fonction):
    with tenant_context(lot):
        return fonction()


def test_a_social_worker_lands_on_the_caseload(client, bob, alice, soutien):
    client.force_login(bob)
    reponse = client.get("/", follow=True)
    assert reponse.redirect_chain[-1][0] == reverse("accompagnement:mes_accompagnements")
    page = reponse.content.decode()
    assert "Ouvrir le guichet" not in page and "Jeanne DUPONT" in page
    client.force_login(alice)  # reception still lands on its home, with the desk
    assert "Ouvrir le guichet" in client.get("/").content.decode()


def test_a_second_open_support_of_the_same_type_warns_and_links_the_first(
    client, bob, jeanne, types, structure_a, soutien, lot
):
    client.force_login(bob)
    donnees = {"usager": jeanne.pk, "type": types["budgetaire"].pk, "structure": structure_a.pk}
    donnees["date_debut"] = "2026-10-01"
    reponse = client.post("/accompagnements/nouveau/", donnees)
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Un accompagnement de ce type est déjà ouvert pour Jeanne DUPONT." in page
    assert f'href="/accompagnements/{soutien.pk}/"' in page
    assert dans(lot, lambda: Accompagnement.objects.filter(usager=jeanne).count()) == 1
    reponse = client.post("/accompagnements/nouveau/", {**donnees, "confirmer_doublon": "on"})
    assert reponse.status_code == 302
    assert dans(lot, lambda: Accompagnement.objects.filter(usager=jeanne).count()) == 2


def test_another_type_opens_without_warning(client, bob, jeanne, types, structure_a, soutien, lot):
    client.force_login(bob)
    autre = next(t for cle, t in types.items() if cle != "budgetaire" and not t.confidentiel)
    reponse = client.post(
        "/accompagnements/nouveau/",
        {"usager": jeanne.pk, "type": autre.pk, "structure": structure_a.pk, "date_debut": "2026-10-01"},
    )
    assert reponse.status_code == 302


def test_a_refused_plan_item_keeps_what_was_typed(client, bob, soutien, structure_a2, lot):
    client.force_login(bob)
    client.post(f"/accompagnements/{soutien.pk}/themes/", {"libelle": "Budget"})
    theme = dans(lot, lambda: Theme.objects.get(accompagnement=soutien))
    client.post(f"/accompagnements/{soutien.pk}/objectifs/", {"theme": theme.pk, "libelle": "Résorber la dette"})
    objectif = dans(lot, lambda: Objectif.objects.get(theme=theme))
    reponse = client.post(
        f"/accompagnements/{soutien.pk}/actions/",
        {
            "objectif": objectif.pk,
            "libelle": "Monter le dossier FSL avec la CAF",
            "porteur": "partenaire",
            "echeance": "2099-03-01",
        },
        follow=True,
    )
    page = reponse.content.decode()
    assert "Choisissez la structure partenaire qui porte l&#x27;action." in page
    assert 'value="Monter le dossier FSL avec la CAF"' in page
    assert 'value="2099-03-01"' in page
    assert '<option value="partenaire" selected>' in page
    # once only: the next visit shows empty forms again
    assert "Monter le dossier FSL" not in client.get(f"/accompagnements/{soutien.pk}/").content.decode()
    reponse = client.post(
        f"/accompagnements/{soutien.pk}/objectifs/",
        {"theme": theme.pk, "libelle": "Un objectif convenu", "date_accord": "2999-01-01"},
        follow=True,
    )
    assert 'value="Un objectif convenu"' in reponse.content.decode()


TITRE = re.compile(r"<title>(.*?)</title>", re.S)


def test_no_page_title_contains_markup(client, cast_a, soutien, jeanne, lot, structure_a2):
    """Every page without parameters, for each role of the cast, and the pages of a person and of a support."""
    bob = cast_a["travailleur_social"]
    client.force_login(bob)
    client.post(f"/accompagnements/{soutien.pk}/themes/", {"libelle": "Budget <b>gras</b>"})
    pages = [
        f"/accompagnements/{soutien.pk}/",
        f"/usagers/{jeanne.pk}/",
        f"/accompagnements/nouveau/?usager={jeanne.pk}",
    ]
    sans_parametre = [r for r, nom, parametres in _routes() if not parametres and not r.startswith("admin-technique")]
    vues = 0
    for role in ("accueil", "travailleur_social", "administrateur", "partenaire"):
        client.force_login(cast_a[role])
        for route in ["/" + r.lstrip("^").rstrip("$") for r in sans_parametre if "(" not in r] + pages:
            reponse = client.get(route)
            if reponse.status_code != 200 or "text/html" not in reponse.get("Content-Type", ""):
                continue
            titres = TITRE.findall(reponse.content.decode())
            for titre in titres:
                assert "<" not in titre and ">" not in titre, (role, route, titre[:200])
            vues += bool(titres)
    assert vues > 40


def test_the_strip_names_every_member_of_the_group_never_the_content(
    client, alice, bob, chloe, soutien, jeanne, structure_a2, lot
):
    bob.telephone = "05 65 11 22 33"
    bob.save()
    client.force_login(bob)
    client.post(f"/accompagnements/{soutien.pk}/groupe/", {"utilisateur": chloe.pk, "structure": structure_a2.pk})
    client.post(f"/accompagnements/{soutien.pk}/themes/", {"libelle": "Dette de loyer"})
    client.force_login(alice)
    bandeau = client.get(f"/usagers/{jeanne.pk}/bandeau/").content.decode()
    assert "Bob" in bandeau and "référent·e — Département du Lot — Solidarités, depuis le 01/09/2026" in bandeau
    assert "tél. 05 65 11 22 33" in bandeau and 'href="mailto:bob@lot.test"' in bandeau
    assert "Chloé" in bandeau and "membre du groupe de suivi — CCAS de Cahors" in bandeau
    assert 'href="mailto:chloe@lot.test"' in bandeau
    assert "Dette de loyer" not in bandeau


def test_the_contract_names_each_partys_commitments_terms_and_signatures(
    client, bob, soutien, jeanne, structure_a2, lot
):
    from .test_accompagnement import plan

    client.force_login(bob)
    plan(client, soutien, structure_a2)
    with tenant_context(lot):
        jeanne.civilite = "madame"
        jeanne.save()
    revision = (timezone.localdate() + timedelta(days=60)).isoformat()
    reponse = client.post(
        f"/accompagnements/{soutien.pk}/plan.pdf", {"duree_mois": "6", "date_revision": revision, "fait_a": "Figeac"}
    )
    assert reponse.status_code == 302
    with tenant_context(lot):
        document = DocumentPlan.objects.get()
        a = Accompagnement.objects.get(pk=soutien.pk)
        contexte = {"a": a, "document": document, "maintenant": document.demande_le, **engagements(a, document)}
        contexte.update(themes=Theme.objects.filter(accompagnement=a), prochaines=[])
        html = render_to_string("accompagnement/pdf/plan.html", contexte)
    assert document.duree_mois == 6 and document.fait_a == "Figeac"
    assert "née le 14 mars 1980" in html and "née ou né" not in html
    texte = re.sub(r"\s+", " ", html)
    assert "La personne accompagnée s'engage à" in texte and "Rassembler les factures" in texte
    assert "Le ou la référent·e s'engage à" in texte and "Demander le FSL énergie" in texte
    assert "<strong>CCAS de Cahors :</strong>" in texte and "Instruire l&#x27;aide alimentaire" in texte
    assert "conclu pour 6 mois, jusqu'au" in texte and "Il sera revu ensemble le" in texte
    assert "Fait à Figeac, le" in texte and texte.count("Le ……/……/…………") == 3


def test_bad_contract_terms_are_refused_naming_the_field(client, bob, soutien, lot):
    client.force_login(bob)
    reponse = client.post(
        f"/accompagnements/{soutien.pk}/plan.pdf", {"duree_mois": "0", "date_revision": "2020-01-01"}, follow=True
    )
    page = reponse.content.decode()
    assert "Durée (mois) :" in page and "Date de révision :" in page
    assert not dans(lot, lambda: DocumentPlan.objects.exists())


def test_without_civilite_the_contract_says_ne_e(lot, soutien):
    with tenant_context(lot):
        a = Accompagnement.objects.get(pk=soutien.pk)
        document = DocumentPlan(accompagnement=a, collectivite=lot, demande_par=a.referent)
        html = render_to_string(
            "accompagnement/pdf/plan.html",
            {"a": a, "document": document, "maintenant": None, "themes": [], **engagements(a, document)},
        )
    assert "né·e le 14 mars 1980" in html
