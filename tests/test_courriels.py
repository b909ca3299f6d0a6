"""Issue 12 point 7: an e-mail carries a link, never person data. Every e-mail template of the project is rendered
here, through the flows that send it, about a person whose name, phone, birth date and free text are distinctive:
none of them may appear in a subject, a text body or an HTML body (CASF L.121-6-2: an e-mail leaves the secret's
circle — forwarded, kept in mailboxes, read on a shared screen)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test.signals import template_rendered

from accueil import liens as liens_accueil
from accueil.models import Orientation
from accueil.tasks import relancer_orientations_collectivite
from collectivites import courriels
from collectivites.liens import url_absolue
from collectivites.tenancy import tenant_context
from ingenierie.liens import url_suivi
from tests import factories as f

pytestmark = pytest.mark.django_db

SECRETS = [
    "Zéphyrine",
    "Quatrebarbes",
    "QUATREBARBES",
    "07 91 82 73 64",
    "0791827364",
    "29/11/1977",
    "1977-11-29",
    "29 novembre 1977",
    "Dette de loyer chez M. Ormesson",  # the message to the partner
    "joignable après 18 h au 07 91 82 73 64",  # how to reach the person
    "Personne hospitalisée ce jour",  # why consent could not be obtained
    "Vu avec son fils Gédéon",  # the partner's comment
    "Projet porté pour Mme Quatrebarbes",  # an engineering request's free text
]


def _gabarits_de_courriel():
    racine = Path(settings.BASE_DIR)
    noms = {str(p.relative_to(p.parents[2])) for p in racine.glob("*/templates/*/emails/*")}
    return noms | {"comptes/email_reinitialisation.txt", "comptes/email_reinitialisation_sujet.txt"}


@pytest.fixture
def rendus():
    noms = set()

    def noter(sender, template, **kwargs):
        noms.add(template.name)

    template_rendered.connect(noter)
    yield noms
    template_rendered.disconnect(noter)


def _tout_le_texte(message):
    alternatives = getattr(message, "alternatives", [])
    return "\n".join([message.subject, message.body, *(contenu for contenu, _ in alternatives)])


def test_no_email_carries_a_persons_data(
    client,
    rendus,
    alice,
    chloe,
    david,
    eric,
    lot,
    lieu_a,
    structure_a2,
    saisie,
    orientation_vers,
    cahors,
    django_capture_on_commit_callbacks,
):
    structure_a2.email = "accueil@ccas-cahors.fr"
    structure_a2.save()
    with tenant_context(lot):
        personne = f.UsagerFactory(
            prenom="Zéphyrine", nom="Quatrebarbes", telephone="07 91 82 73 64", date_naissance="1977-11-29"
        )
    # the desk orients the person, without consent that day: the partner's notification
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accueil/passage/nouveau/",
            saisie(
                usager=personne.pk,
                **orientation_vers(
                    **{
                        "orientation-message": "Dette de loyer chez M. Ormesson, expulsion prévue.",
                        "orientation-contact": "joignable après 18 h au 07 91 82 73 64",
                        "orientation-consentement": "impossible",
                        "orientation-raison_sans_consentement": "Personne hospitalisée ce jour",
                    }
                ),
            ),
        )
    with tenant_context(lot):
        orientation = Orientation.objects.get()
        assert orientation.usager == personne and "Ormesson" in orientation.message
        # a week later, the reminder
        Orientation.objects.filter(pk=orientation.pk).update(emise_le=orientation.emise_le - f.datetime.timedelta(8))
        relancer_orientations_collectivite.run()
    # the partner answers through the link with a comment: the sender's notification
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/c/lot/orientation/{liens_accueil.lien_reponse(orientation)}/",
            {"decision": "acceptee", "commentaire": "Vu avec son fils Gédéon."},
        )
    # an invitation, a password reset
    with tenant_context(lot), django_capture_on_commit_callbacks(execute=True):
        from reseau.tasks import envoyer_invitation

        envoyer_invitation.run(f.InvitationFactory(structure=structure_a2, invitee_par=david).pk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/mot-de-passe/oublie/", {"email": alice.email})
    # the engineering e-mails (a municipality's request: its free text may name a person too)
    with tenant_context(lot):
        demande = f.DemandeFactory(
            tis=f.TISFactory(collectivite=lot), commune=cahors, description="Projet porté pour Mme Quatrebarbes."
        )
        for gabarit in ("accuse", "nouvelle", "decision"):
            texte, html = courriels.rendre(
                f"ingenierie/emails/{gabarit}.txt",
                {
                    "d": demande,
                    "lien": url_suivi(demande),
                    "lien_interne": url_absolue("ingenierie:demande", demande.pk),
                    "statut": "refusee",
                },
            )
            mail.outbox.append(mail.EmailMessage("—", texte + (html or "")))

    # the person asks for their file; three weeks and a half later, the reminder of the deadline to the encadrant
    with tenant_context(lot):
        from portail.actions import do_enregistrer_demande
        from portail.tasks import rappeler_droit_acces_collectivite

        do_enregistrer_demande(eric, personne, f.datetime.date.today() - f.datetime.timedelta(25))
        assert rappeler_droit_acces_collectivite.run() == 1

    assert _gabarits_de_courriel() <= rendus, "un gabarit de courriel n'est pas couvert par ce test"
    sujets = [m.subject for m in mail.outbox]
    assert any("nouvelle orientation" in s for s in sujets) and any("rappel" in s for s in sujets)
    assert any("acceptée" in s for s in sujets) and any("invitation" in s for s in sujets)
    assert any("droit d'accès" in s for s in sujets)
    for message in mail.outbox:
        texte = _tout_le_texte(message)
        assert [s for s in SECRETS if s in texte] == [], texte
    # what they carry instead: a link to the app
    (notification,) = [m for m in mail.outbox if "nouvelle orientation" in m.subject]
    assert re.search(r"http://\S+/c/lot/orientation/\S+/", notification.body)
