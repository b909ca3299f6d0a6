"""French names in the desk's sentences (docs/accueil.md §6): « à l'Antenne d'Assier », « de l'Espace… »."""

import re

from accueil.models import Orientation
from collectivites.tenancy import tenant_context


def texte(reponse):
    return re.sub(r"\s+", " ", reponse.content.decode().replace("&#x27;", "'"))


def test_names_starting_with_a_vowel_take_their_article_in_the_desks_sentences(
    client,
    alice,
    lot,
    lieu_a,
    structure_a,
    structure_a2,
    saisie,
    orientation_vers,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    lieu_a.nom = "Antenne d'Assier"
    lieu_a.save()
    structure_a.nom = "Espace France services du Ségala"
    structure_a.save()
    structure_a2.email = "accueil@ccas-cahors.fr"
    structure_a2.save()
    client.force_login(alice)
    reponse = client.post("/accueil/arrivee/", {"lieu": lieu_a.pk}, follow=True)
    page = texte(reponse)
    assert "Arrivée signalée à l'Antenne d'Assier." in page
    assert "En attente à l'Antenne d'Assier (1)" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accueil/passage/nouveau/", saisie(**orientation_vers()))
    (message,) = mailoutbox
    assert message.subject == "Relais — nouvelle orientation de l'Espace France services du Ségala"
    with tenant_context(lot):
        orientation = Orientation.objects.get()
    lien = re.search(r"https?://[^/]+(/c/lot/orientation/\S+)", message.body).group(1)
    assert "<h1>Orientation de l'Espace France services du Ségala</h1>" in texte(client.get(lien))
    assert orientation.structure_emettrice == structure_a
