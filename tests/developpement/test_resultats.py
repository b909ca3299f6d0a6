"""Results: the small-cell rule on every count, free texts only for the owning structure's staff, exports."""

import pytest

from collectivites.tenancy import tenant_context
from developpement import actions

from .conftest import questions_de, texte


def _repondre(lot, diffusion, questionnaire, notes, texte=""):
    with tenant_context(lot):
        q = questions_de(questionnaire)
        version = actions.version_courante(questionnaire)
        for note in notes:
            actions.do_repondre(
                diffusion,
                version,
                {
                    q["Êtes-vous satisfait de l'accueil ?"]: note,
                    q["Qu'est-ce qui pourrait être amélioré ?"]: texte,
                },
            )


def test_below_the_threshold_no_result_is_shown(client, bob, diffusion, satisfaction, lot):
    _repondre(lot, diffusion, satisfaction, [5, 4, 4, 3], texte="Rien")
    client.force_login(bob)
    page = texte(client.get(f"/developpement/questionnaires/{satisfaction.pk}/resultats/"))
    assert "Moins de 5 réponses : les résultats ne sont pas affichés." in page
    assert "Rien" not in page and "<svg" not in page


def test_small_cells_are_hidden_and_the_totals_cannot_reveal_them(client, bob, diffusion, satisfaction, lot):
    _repondre(lot, diffusion, satisfaction, [5] * 8 + [4] * 6 + [1])
    client.force_login(bob)
    page = texte(client.get(f"/developpement/questionnaires/{satisfaction.pk}/resultats/"))
    assert "15</strong> réponses reçues" in page
    # « 1 » (one person) is hidden, and a second cell with it, so that 15 − 8 − 6 cannot give it away
    assert "1 — pas du tout" in page and "secret" in page
    assert "Moyenne" not in page.split("Êtes-vous satisfait")[0]
    export = texte(client.get(f"/developpement/questionnaires/{satisfaction.pk}/resultats.csv"))
    lignes = [ligne for ligne in export.splitlines() if ligne.startswith("Êtes-vous satisfait")]
    valeurs = {ligne.split(";")[1]: ligne.split(";")[2] for ligne in lignes}
    assert valeurs["5 — tout à fait"] == "8" and valeurs["1 — pas du tout"] == "secret"
    assert list(valeurs.values()).count("secret") >= 2


@pytest.mark.parametrize("qui,voit", [("chloe", True), ("david", False)])
def test_free_texts_only_for_the_owning_structure_staff(client, request, lot, chloe, david, structure_a2, qui, voit):
    import datetime

    from django.utils import timezone

    with tenant_context(lot):
        q = actions.do_creer_questionnaire(
            chloe,
            titre="Avis CCAS",
            nature="satisfaction",
            structure=structure_a2,
            introduction="x",
            modele="satisfaction",
        )
        jour = timezone.localdate()
        d = actions.do_publier(chloe, q, lieu=None, ouvre_le=jour, ferme_le=jour + datetime.timedelta(days=9))
    _repondre(lot, d, q, [5] * 6, texte="La salle d'attente est froide.")
    client.force_login(request.getfixturevalue(qui))
    page = texte(client.get(f"/developpement/questionnaires/{q.pk}/resultats/"))
    assert ("La salle d'attente est froide." in page) is voit
    assert ("objectif et factuel" in page) is voit
    assert "6</strong> réponses reçues" in page
    xlsx = client.get(f"/developpement/questionnaires/{q.pk}/resultats.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert "froide" not in texte(client.get(f"/developpement/questionnaires/{q.pk}/resultats.csv"))
