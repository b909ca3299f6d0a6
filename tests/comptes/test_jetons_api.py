"""docs/securite.md §16: personal API tokens — issued only with a second factor, shown once, hashed at rest, expiring,
revocable by their owner and by an administrator of the collectivité, refused once the account or its factor goes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from comptes import second_facteur
from comptes.actions import do_creer_jeton
from comptes.models import JetonAPI, JournalSecurite
from tests.connexion import enroler, jeton_api


def _api(secret):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return api


def _dans(jours):
    return (timezone.localdate() + datetime.timedelta(days=jours)).isoformat()


def test_a_user_creates_a_token_and_sees_its_secret_once(client, alice, lieu_a):
    enroler(alice)
    client.force_login(alice)
    page = client.get("/comptes/jetons/").content.decode()
    assert "Créer le jeton" in page and _dans(90) in page  # 90 days by default

    reponse = client.post("/comptes/jetons/", {"nom": "Logiciel du CCAS", "expire_le": _dans(30)})

    assert reponse.status_code == 200 and reponse["Cache-Control"] == "no-store"
    jeton = JetonAPI.objects.get(utilisateur=alice)
    secret = reponse.context["secret"]
    assert secret.startswith(f"rls_{jeton.prefixe}") and secret in reponse.content.decode()
    assert "ne sera plus jamais affiché" in reponse.content.decode()
    # the secret is nowhere in the database: only the prefix and a hash
    assert all(secret not in str(v) for v in JetonAPI.objects.filter(pk=jeton.pk).values().get().values())
    liste = client.get("/comptes/jetons/").content.decode()
    assert secret not in liste and jeton.prefixe in liste and "Logiciel du CCAS" in liste and "jamais" in liste
    assert jeton.expire_le.date() == timezone.localdate() + datetime.timedelta(days=30)
    assert JournalSecurite.objects.filter(action="jeton_api_cree", auteur=alice, cible=alice).exists()
    assert _api(secret).get("/api/lieux/").json()["results"][0]["nom"] == "MSD de Cahors"


def test_no_token_without_a_second_factor(client, alice):
    client.force_login(alice)
    page = client.get("/comptes/jetons/").content.decode()
    assert "qu'à un compte protégé par un second facteur" in page and "Créer le jeton" not in page
    reponse = client.post("/comptes/jetons/", {"nom": "Essai", "expire_le": _dans(30)})
    assert "qu'à un compte protégé par un second facteur" in reponse.content.decode()
    with pytest.raises(PermissionDenied):
        do_creer_jeton(alice, "Essai", timezone.localdate() + datetime.timedelta(days=30))
    assert not JetonAPI.objects.exists()


@pytest.mark.parametrize(
    ("donnees", "champ", "message"),
    [
        ({"nom": "", "expire_le": _dans(30)}, "nom", "Ce champ est obligatoire."),
        ({"nom": "Essai", "expire_le": _dans(366)}, "expire_le", "Un jeton vaut au plus un an"),
        ({"nom": "Essai", "expire_le": _dans(0)}, "expire_le", "postérieure à aujourd&#x27;hui"),
        ({"nom": "Essai", "expire_le": "31/02/2027"}, "expire_le", "Saisissez une date valide"),
    ],
)
def test_a_bad_token_form_names_the_field_and_writes_nothing(client, alice, donnees, champ, message):
    enroler(alice)
    client.force_login(alice)
    reponse = client.post("/comptes/jetons/", donnees)
    assert reponse.status_code == 200
    assert message in reponse.content.decode() and f'id="id_{champ}_error"' in reponse.content.decode()
    assert not JetonAPI.objects.exists()


def test_the_last_use_moves_at_most_once_a_minute(alice, lieu_a):
    secret = jeton_api(alice)
    jeton = JetonAPI.objects.get()
    assert jeton.derniere_utilisation is None
    assert _api(secret).get("/api/lieux/").status_code == 200
    jeton.refresh_from_db()
    assert jeton.derniere_utilisation is not None

    il_y_a_30_s = timezone.now() - datetime.timedelta(seconds=30)
    JetonAPI.objects.update(derniere_utilisation=il_y_a_30_s)
    with CaptureQueriesContext(connection) as requetes:
        _api(secret).get("/api/lieux/")
    jeton.refresh_from_db()
    assert jeton.derniere_utilisation == il_y_a_30_s  # no write on every request
    sur_les_jetons = [q["sql"] for q in requetes.captured_queries if "comptes_jetonapi" in q["sql"]]
    assert len(sur_les_jetons) == 1 and sur_les_jetons[0].startswith("SELECT")  # one read finds token, user, factor

    JetonAPI.objects.update(derniere_utilisation=timezone.now() - datetime.timedelta(minutes=2))
    _api(secret).get("/api/lieux/")
    jeton.refresh_from_db()
    assert timezone.now() - jeton.derniere_utilisation < datetime.timedelta(seconds=10)


def test_an_expired_token_is_refused(alice, lieu_a):
    secret = jeton_api(alice)
    JetonAPI.objects.update(expire_le=timezone.now() - datetime.timedelta(seconds=1))
    reponse = _api(secret).get("/api/lieux/")
    assert reponse.status_code == 401 and "expiré" in reponse.json()["detail"]


def test_a_token_of_a_disabled_account_is_refused(alice, lieu_a):
    secret = jeton_api(alice)
    alice.is_active = False
    alice.save()
    assert _api(secret).get("/api/lieux/").status_code == 401


def test_a_wrong_secret_with_a_real_prefix_is_refused(alice, lieu_a):
    secret = jeton_api(alice)
    faux = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    reponse = _api(faux).get("/api/lieux/")
    assert reponse.status_code == 401 and reponse.json()["detail"] == "Jeton invalide."
    assert JetonAPI.objects.get().derniere_utilisation is None


def test_the_owner_revokes_a_token_from_the_page(client, alice, lieu_a):
    secret = jeton_api(alice)
    jeton = JetonAPI.objects.get()
    client.force_login(alice)
    assert client.get(f"/comptes/jetons/{jeton.pk}/revoquer/").status_code == 405

    reponse = client.post(f"/comptes/jetons/{jeton.pk}/revoquer/", follow=True)

    assert "est révoqué" in reponse.content.decode() and "révoqué le" in reponse.content.decode()
    reponse = _api(secret).get("/api/lieux/")
    assert reponse.status_code == 401 and "révoqué" in reponse.json()["detail"]
    assert JournalSecurite.objects.filter(action="jeton_api_revoque", auteur=alice, cible=alice).exists()


def test_an_administrator_of_the_collectivite_sees_and_revokes_a_token(client, alice, bob, fanny, zoe, lieu_a):
    secret = jeton_api(alice, nom="Logiciel d'Alice")
    jeton = JetonAPI.objects.get()
    for autre in (bob, zoe):  # not an administrator; an administrator of another collectivité
        client.force_login(autre)
        assert client.post(f"/comptes/jetons/{jeton.pk}/revoquer/").status_code == 404
        assert "Logiciel d&#x27;Alice" not in client.get("/comptes/jetons/").content.decode()
    assert client.get("/comptes/jetons/collectivite/").status_code == 200  # zoe: her own collectivité's list
    assert "Logiciel d&#x27;Alice" not in client.get("/comptes/jetons/collectivite/").content.decode()
    client.force_login(bob)
    assert client.get("/comptes/jetons/collectivite/").status_code == 403
    assert _api(secret).get("/api/lieux/").status_code == 200

    assert "/comptes/jetons/collectivite/" not in client.get("/comptes/jetons/").content.decode()
    client.force_login(fanny)
    assert "/comptes/jetons/collectivite/" in client.get("/comptes/jetons/").content.decode()
    page = client.get("/comptes/jetons/collectivite/").content.decode()
    assert "Logiciel d&#x27;Alice" in page and str(alice) in page and secret not in page
    client.post(f"/comptes/jetons/{jeton.pk}/revoquer/", {"next": "/comptes/jetons/collectivite/"})

    assert _api(secret).get("/api/lieux/").status_code == 401
    jeton.refresh_from_db()
    assert jeton.revoque_par == fanny
    assert JournalSecurite.objects.filter(action="jeton_api_revoque", auteur=fanny, cible=alice).exists()


def test_resetting_the_second_factor_revokes_the_tokens(client, alice, fanny, lieu_a):
    secret = jeton_api(alice)
    client.force_login(fanny)
    client.post(f"/comptes/utilisateurs/{alice.pk}/reinitialiser-second-facteur/")
    assert _api(secret).get("/api/lieux/").status_code == 401
    assert JetonAPI.objects.get().est_revoque
    assert JournalSecurite.objects.filter(action="jetons_api_revoques", auteur=fanny, cible=alice).exists()


def test_a_token_whose_account_lost_its_factor_otherwise_is_refused(alice, lieu_a):
    secret = jeton_api(alice)
    second_facteur.appareil_confirme(alice).delete()
    reponse = _api(secret).get("/api/lieux/")
    assert reponse.status_code == 401 and "second facteur" in reponse.json()["detail"]


def test_a_token_reads_only_its_own_collectivite(alice, zoe, lieu_a):
    secret = jeton_api(zoe)
    api = _api(secret)
    assert [s["nom"] for s in api.get("/api/structures/").json()["results"]] == ["Bétaville Solidarités"]
    assert api.get(f"/api/lieux/{lieu_a.pk}/").status_code == 404
