"""Building a questionnaire: from a template, question types, French errors, versions that freeze once answered."""

import pytest

from collectivites.tenancy import tenant_context
from developpement import actions
from developpement.models import Question, Questionnaire, Version

from .conftest import questions_de, texte


def test_a_worker_builds_a_questionnaire_from_the_satisfaction_template(client, bob, structure_a, lot):
    client.force_login(bob)
    reponse = client.post(
        "/developpement/questionnaires/nouveau/",
        {
            "titre": "Votre avis sur l'accueil de Cahors",
            "modele": "satisfaction",
            "nature": "satisfaction",
            "structure": structure_a.pk,
            "introduction": "Anonyme et facultatif.",
        },
    )
    with tenant_context(lot):
        q = Questionnaire.objects.get()
        assert reponse.status_code == 302 and reponse["Location"] == f"/developpement/questionnaires/{q.pk}/"
        assert q.structure == structure_a
        types = set(Question.objects.filter(version__questionnaire=q).values_list("type", flat=True))
    assert {"choix_unique", "choix_multiple", "echelle", "texte_long"} <= types
    page = texte(client.get(reponse["Location"]))
    assert "Êtes-vous satisfait de l'accueil ?" in page and "Ajouter une question" in page


@pytest.mark.parametrize("modele", ["attentes", "demande_sociale"])
def test_the_other_templates_ship_their_questions(lot, bob, structure_a, modele):
    with tenant_context(lot):
        q = actions.do_creer_questionnaire(
            bob, titre="T", nature=modele, structure=structure_a, introduction="x", modele=modele
        )
        assert actions.version_courante(q).questions.count() >= 4


def test_a_partner_cannot_build_a_questionnaire(client, emma):
    client.force_login(emma)
    assert client.get("/developpement/questionnaires/").status_code == 403
    assert client.get("/developpement/questionnaires/nouveau/").status_code == 403


def test_only_a_network_lead_builds_a_network_questionnaire(client, bob, david, lot):
    client.force_login(bob)
    donnees = {"titre": "Réseau", "modele": "", "nature": "attentes", "structure": "", "introduction": "x"}
    reponse = client.post("/developpement/questionnaires/nouveau/", donnees)
    assert reponse.status_code == 200 and "Ce champ est obligatoire." in texte(reponse)
    client.force_login(david)
    assert client.post("/developpement/questionnaires/nouveau/", donnees).status_code == 302
    with tenant_context(lot):
        assert Questionnaire.objects.get().structure is None


def test_a_choice_question_without_choices_is_refused_in_french(client, bob, satisfaction, lot):
    client.force_login(bob)
    with tenant_context(lot):
        avant = Question.objects.count()
    reponse = client.post(
        f"/developpement/questionnaires/{satisfaction.pk}/questions/ajouter/",
        {"libelle": "Comment nous avez-vous connus ?", "type": "choix_unique", "choix": "Bouche à oreille", "ordre": 9},
    )
    page = texte(reponse)
    assert reponse.status_code == 200
    assert "Choix proposés" in page and "Indiquez de 2 à 20 choix, un par ligne." in page
    with tenant_context(lot):
        assert Question.objects.count() == avant


def test_a_question_is_added_then_removed_while_the_version_has_no_answer(client, bob, satisfaction, lot):
    client.force_login(bob)
    url = f"/developpement/questionnaires/{satisfaction.pk}/questions/ajouter/"
    reponse = client.post(
        url, {"libelle": "Combien de fois êtes-vous venu ?", "type": "nombre", "minimum": 0, "maximum": 99, "ordre": 9}
    )
    assert reponse.status_code == 302
    with tenant_context(lot):
        q = questions_de(satisfaction)["Combien de fois êtes-vous venu ?"]
        assert (q.minimum, q.maximum) == (0, 99)
    client.post(f"/developpement/questionnaires/{satisfaction.pk}/questions/{q.pk}/supprimer/")
    with tenant_context(lot):
        assert not Question.objects.filter(pk=q.pk).exists()


def test_a_version_freezes_with_its_first_answer_and_a_new_version_copies_it(client, bob, diffusion, satisfaction, lot):
    with tenant_context(lot):
        q1 = questions_de(satisfaction)["Êtes-vous satisfait de l'accueil ?"]
    client.post(f"/c/lot/questionnaire/{diffusion.jeton}/", {f"q{q1.pk}": "4"})
    client.force_login(bob)
    reponse = client.post(
        f"/developpement/questionnaires/{satisfaction.pk}/questions/ajouter/",
        {"libelle": "Une de plus", "type": "texte_court", "ordre": 9},
        follow=True,
    )
    assert "elle est figée" in texte(reponse)
    with tenant_context(lot):
        v1 = Version.objects.get(questionnaire=satisfaction)
        assert v1.est_figee and not v1.questions.filter(libelle="Une de plus").exists()
    client.post(f"/developpement/questionnaires/{satisfaction.pk}/nouvelle-version/")
    with tenant_context(lot):
        v2 = actions.version_courante(satisfaction)
        assert v2.numero == 2 and not v2.est_figee
        assert v2.questions.count() == v1.questions.count()
        assert v2.sections.count() == v1.sections.count()
    reponse = client.post(
        f"/developpement/questionnaires/{satisfaction.pk}/questions/ajouter/",
        {"libelle": "Une de plus", "type": "texte_court", "ordre": 9},
    )
    assert reponse.status_code == 302
    with tenant_context(lot):
        assert v2.questions.filter(libelle="Une de plus").exists()


def test_a_publication_closing_before_it_opens_is_refused(client, bob, satisfaction, lot):
    client.force_login(bob)
    reponse = client.post(
        f"/developpement/questionnaires/{satisfaction.pk}/publier/",
        {"lieu": "", "ouvre_le": "2026-06-30", "ferme_le": "2026-06-01"},
    )
    assert reponse.status_code == 200
    assert "La date de fermeture précède la date d'ouverture." in texte(reponse)
    with tenant_context(lot):
        assert not satisfaction.diffusions.exists()


def test_the_qr_code_prints_as_png_and_svg(client, bob, diffusion):
    client.force_login(bob)
    page = texte(client.get(f"/developpement/diffusions/{diffusion.pk}/"))
    assert f"/c/lot/questionnaire/{diffusion.jeton}/" in page and "<svg" in page
    png = client.get(f"/developpement/diffusions/{diffusion.pk}/qr.png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = client.get(f"/developpement/diffusions/{diffusion.pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_another_structure_staff_does_not_see_the_questionnaire(client, chloe, satisfaction):
    client.force_login(chloe)
    assert client.get(f"/developpement/questionnaires/{satisfaction.pk}/").status_code == 404
    assert texte(client.get("/developpement/questionnaires/")).count("Votre avis sur") == 0
