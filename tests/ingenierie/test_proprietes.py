"""The public engineering form, as a property (issue #12 point 10, docs/securite.md §21): a French error naming the
field and nothing written, or exactly what was sent — never a description cut short, never one beyond its bound."""

import uuid

from django.core.cache import caches
from hypothesis import given

from collectivites.tenancy import tenant_context
from ingenierie.models import Demande
from tests.test_proprietes_saisies import REGLAGES, _propre, textes


@REGLAGES
@given(description=textes, nom_demandeur=textes)
def test_the_public_engineering_form_stores_exactly_what_it_was_sent_or_names_the_field(
    client, poles, formulaire, lot, description, nom_demandeur
):
    # neither the rate limit (5 an hour, counted in the shared cache) nor the refusal of an identical request (same
    # contact, same text within a day) is what this test is about: a clean count and a contact of its own each time
    caches["debits"].clear()
    marque = uuid.uuid4().hex
    donnees = formulaire(
        description=description, nom_demandeur=f"{marque} {nom_demandeur}", contact_email=f"{marque}@mairie.test"
    )
    reponse = client.post("/c/lot/ingenierie/", donnees)
    with tenant_context(lot):
        demande = Demande.objects.filter(nom_demandeur__startswith=marque).first()
        if reponse.status_code == 302:
            assert demande is not None
            assert (demande.description, demande.nom_demandeur) == (
                _propre(description),
                _propre(donnees["nom_demandeur"]),
            )
            demande.full_clean()
    if reponse.status_code != 302:
        page = reponse.content.decode()
        assert reponse.status_code == 200 and demande is None
        assert "Rien n'a été enregistré" in page
        assert 'id="id_description_error"' in page or 'id="id_nom_demandeur_error"' in page
