"""The access matrix of an application (docs/aides.md « Besoin d'en connaître », docs/securite.md §4): every role
against every relation to the application, on the page, in the list and through the API. One rule
(``aides.access.demandes_visibles_par``) answers all three; the API also asks for the role that applies."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from aides import actions
from collectivites.tenancy import tenant_context
from comptes.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db

# (who, page, API): 200 reads it; 404 the page or the API does not know it exists; 403 the API refuses the role
MATRICE = [
    ("instructeur", 200, 200),  # instructs it, for structure A
    ("instructeur_parti", 404, 404),  # instructed it, then left structure A (now at the CCAS)
    ("groupe_de_suivi", 200, 200),  # member of the support it was opened from (from the CCAS)
    ("collegue", 404, 404),  # a social worker of structure A, not involved
    ("encadrant", 200, 200),  # encadrant of the structure that runs the scheme
    ("encadrant_ailleurs", 404, 404),  # encadrant of another structure
    ("membre_commission", 200, 403),  # an administrator on the commission that has it on its agenda
    ("autre_commission", 404, 403),  # on another commission of the structure
    ("accueil", 404, 403),
    ("chef_de_projet", 404, 403),
    ("partenaire", 404, 403),
    ("protection_enfance", 404, 404),  # may follow persons, not this one
    ("autre_collectivite", 404, 403),
]


@pytest.fixture
def monde(lot, structure_a, structure_a2, bob, eric, fanny, alice, david, emma, helene, chloe, zoe, jeanne, secours):
    with tenant_context(lot):
        actions.do_enregistrer_situation(
            bob,
            jeanne,
            {
                "type_foyer": "seul",
                "ressources": Decimal("900"),
                "charges": Decimal("600"),
                "date": datetime.date(2026, 9, 1),
            },
        )
        suivi = f.AccompagnementFactory(structure=structure_a, usager=jeanne, referent=bob)
        f.MembreGroupeFactory(accompagnement=suivi, est_referent=True)
        f.MembreGroupeFactory(accompagnement=suivi, utilisateur=chloe, structure=structure_a2)
        parti = f.utilisateur(lot, structure_a, Role.TRAVAILLEUR_SOCIAL, prenom="Paul", email="paul@lot.test")
        f.MembreGroupeFactory(accompagnement=suivi, utilisateur=parti, structure=structure_a)
        demande = actions.do_deposer(
            bob, jeanne, secours, {"objet": "Facture", "montant_demande": Decimal("200")}, accompagnement=suivi
        )
        # Paul's own application, then he leaves structure A for the CCAS (and the support's group with it)
        demande_de_paul = actions.do_deposer(
            parti, jeanne, secours, {"objet": "Cantine", "montant_demande": Decimal("90")}, accompagnement=suivi
        )
        parti.adhesions.update(date_fin=datetime.date(2026, 1, 1))
        suivi.groupe.filter(utilisateur=parti).update(date_fin=datetime.date(2026, 1, 1))
        f.membre(parti, structure_a2, Role.TRAVAILLEUR_SOCIAL)
        commission = actions.do_creer_commission(eric, structure_a, datetime.date(2026, 9, 20), "MSD", [fanny])
        actions.do_inscrire(eric, commission, demande)
        autre = f.utilisateur(lot, structure_a, Role.ADMINISTRATEUR, prenom="Odile", email="odile@lot.test")
        actions.do_creer_commission(eric, structure_a, datetime.date(2026, 10, 20), "MSD", [autre])
        personnes = {
            "instructeur": bob,
            "instructeur_parti": parti,
            "groupe_de_suivi": chloe,
            "collegue": f.utilisateur(lot, structure_a, Role.TRAVAILLEUR_SOCIAL, prenom="Inès", email="ines@lot.test"),
            "encadrant": eric,
            "encadrant_ailleurs": f.utilisateur(lot, structure_a2, Role.ENCADRANT, email="carole@lot.test"),
            "membre_commission": fanny,
            "autre_commission": autre,
            "accueil": alice,
            "chef_de_projet": david,
            "partenaire": emma,
            "protection_enfance": helene,
            "autre_collectivite": zoe,
        }
    return personnes, demande, demande_de_paul


@pytest.mark.parametrize("qui,page,api", MATRICE, ids=[m[0] for m in MATRICE])
def test_every_role_and_relation_on_every_channel(client, monde, qui, page, api):
    personnes, demande, demande_de_paul = monde
    user = personnes[qui]
    # Paul's own application is read through the rule of the instructor only
    cible = demande_de_paul if qui == "instructeur_parti" else demande
    client.force_login(user)
    assert client.get(f"/aides/{cible.pk}/").status_code == page
    liste = client.get("/aides/")
    assert (f'href="/aides/{cible.pk}/"' in liste.content.decode()) == (page == 200)
    client_api = APIClient()
    client_api.force_login(user)
    assert client_api.get(f"/api/aides/demandes/{cible.pk}/").status_code == api
    # only the instructing professional and the encadrants write on it
    ecrit = client.post(f"/aides/{cible.pk}/instruire/", {"evaluation": "Revue."}, follow=True)
    with tenant_context(cible.collectivite):
        cible.refresh_from_db()
    assert (cible.evaluation == "Revue.") == (qui in ("instructeur", "encadrant")), ecrit.status_code


def test_no_application_on_another_structures_support_without_consent(client, lot, monde, chloe, jeanne, secours):
    """Chloé (CCAS) is in the group of the support of structure A; another support of structure A, not shared with
    her, cannot carry her application: the page answers 404 and the action refuses, nothing is written."""
    from django.core.exceptions import PermissionDenied

    from aides.models import Demande

    personnes, _, _ = monde
    with tenant_context(lot):
        autre = f.AccompagnementFactory(structure=personnes["instructeur"].adhesions.first().structure, usager=jeanne)
        f.MembreGroupeFactory(accompagnement=autre, est_referent=True)
        avant = Demande.objects.count()
    client.force_login(chloe)
    assert client.get(f"/aides/nouvelle/?usager={jeanne.pk}&accompagnement={autre.pk}").status_code == 404
    with tenant_context(lot):
        with pytest.raises(PermissionDenied):
            actions.do_deposer(
                chloe, jeanne, secours, {"objet": "Loyer", "montant_demande": Decimal("100")}, accompagnement=autre
            )
        assert Demande.objects.count() == avant
