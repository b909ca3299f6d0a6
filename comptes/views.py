"""The second factor (challenge, enrolment), the user's own sessions, and an administrator's actions on an account
(reset the second factor, unlock): docs/securite.md §16, §18, §19."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from collectivites.noms import forme
from config.pagination import paginer

from . import actions, second_facteur, verrouillage
from .access import get_jeton_for_user, jetons_de_la_collectivite_visibles_par, jetons_visibles_par
from .decorators import permission_requise
from .demonstration import MOT_DE_PASSE_DEMO, comptes_de_demonstration
from .forms import CodeForm, JetonForm
from .models import SessionOuverte, Utilisateur
from .signals import adresse_ip


def _suite(request, defaut=settings.LOGIN_REDIRECT_URL):
    suite = request.POST.get("next") or request.GET.get("next") or ""
    # a path of this site only: a bare word would be read by redirect() as a view name (docs/securite.md §21)
    if suite.startswith("/") and url_has_allowed_host_and_scheme(
        suite, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return suite
    return resolve_url(defaut)


def _code_de_demonstration(user):
    """RELAIS_ENV=demo only: the current code, so a visitor without an authenticator app can sign in."""
    if settings.RELAIS_ENV != "demo":
        return None
    from django_otp.oath import TOTP

    appareil = second_facteur.appareil_confirme(user)
    if appareil is None:
        return None
    totp = TOTP(appareil.cle())
    if totp.t() <= appareil.dernier_pas:
        totp.drift = appareil.dernier_pas + 1 - totp.t()
    return f"{totp.token():06d}"


@login_required
def second_facteur_vue(request):
    user = request.user
    if second_facteur.passe(request):
        return redirect(_suite(request))
    if second_facteur.appareil_confirme(user) is None:
        return redirect(f"{_url('comptes:enrolement')}?next={_suite(request)}")
    form = CodeForm(request.POST or None)
    ip = adresse_ip(request)
    if request.method == "POST" and form.is_valid():
        if verrouillage.est_verrouille(user.email, ip):
            form.add_error(None, verrouillage.MESSAGE)
        else:
            methode = second_facteur.verifier(user, form.cleaned_data["code"])
            if methode:
                second_facteur.marquer_passe(request, methode)
                verrouillage.oublier_echecs(user.email, ip)
                if methode == "recuperation":
                    messages.warning(request, "Code de récupération utilisé : il ne servira plus.")
                return redirect(_suite(request))
            verrouillage.enregistrer_echec(user.email, ip, second_facteur=True)
            form.add_error("code", "Code incorrect ou déjà utilisé.")
    return render(
        request,
        "comptes/second_facteur.html",
        {"form": form, "suite": _suite(request), "code_demo": _code_de_demonstration(user)},
    )


def _url(nom):
    from django.urls import reverse

    return reverse(nom)


@login_required
def enrolement(request):
    """First login after this change, or after a reset: scan the QR code (or type the key), confirm with a code,
    receive ten recovery codes shown once."""
    user = request.user
    if second_facteur.appareil_confirme(user) is not None:
        return redirect(f"{_url('comptes:second_facteur')}?next={_suite(request)}")
    appareil = second_facteur.appareil_en_cours(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if appareil.verify_token(form.cleaned_data["code"]):
            appareil.confirmed = True
            appareil.save(update_fields=["confirmed"])
            codes = second_facteur.generer_codes_recuperation(user)
            second_facteur.marquer_passe(request, "totp")
            second_facteur.journaliser("second_facteur_enrole", auteur=user, cible=user)
            return render(request, "comptes/codes_recuperation.html", {"codes": codes, "suite": _suite(request)})
        verrouillage.enregistrer_echec(user.email, adresse_ip(request), second_facteur=True)
        form.add_error("code", "Code incorrect : vérifiez l'heure de votre téléphone et saisissez le code affiché.")
    cle = appareil.cle()
    return render(
        request,
        "comptes/enrolement.html",
        {
            "form": form,
            "suite": _suite(request),
            "qr": second_facteur.qr_svg(second_facteur.uri_otpauth(user, cle)),
            "cle": " ".join(
                second_facteur.cle_base32(cle)[i : i + 4] for i in range(0, len(second_facteur.cle_base32(cle)), 4)
            ),
        },
    )


@login_required
def sessions(request):
    """docs/securite.md §19: the user's open sessions; ending one (or all others) takes effect at once."""
    actives = set(
        Session.objects.filter(
            session_key__in=SessionOuverte.objects.filter(utilisateur=request.user).values("cle"),
            expire_date__gt=timezone.now(),
        ).values_list("session_key", flat=True)
    )
    ouvertes = [s for s in SessionOuverte.objects.filter(utilisateur=request.user) if s.cle in actives]
    if request.method == "POST":
        if request.POST.get("toutes"):
            second_facteur.terminer_sessions(request.user, sauf=request.session.session_key)
            messages.success(request, "Vos autres sessions sont terminées.")
            return redirect("comptes:sessions")
        ouverte = next((s for s in ouvertes if str(s.pk) == request.POST.get("session")), None)
        if ouverte is None:
            raise Http404
        if ouverte.cle == request.session.session_key:
            logout(request)
            return redirect(settings.LOGOUT_REDIRECT_URL)
        SessionStore(session_key=ouverte.cle).delete()
        ouverte.delete()
        messages.success(request, "La session est terminée.")
        return redirect("comptes:sessions")
    return render(request, "comptes/sessions.html", {"ouvertes": ouvertes, "courante": request.session.session_key})


def _compte_de_ma_collectivite(request, pk):
    return get_object_or_404(Utilisateur.objects.de_la_collectivite(request.user.collectivite), pk=pk)


@require_POST
@permission_requise("gerer_membres")
def reinitialiser_second_facteur(request, pk):
    """An administrator of the collectivité resets a lost second factor: logged, never read (docs/securite.md §16)."""
    cible = _compte_de_ma_collectivite(request, pk)
    second_facteur.reinitialiser(cible, par=request.user)
    messages.success(request, f"Le second facteur {forme(cible).de} est réinitialisé : il en choisira un nouveau.")
    return redirect(_suite(request))


@require_POST
@permission_requise("gerer_membres")
def deverrouiller(request, pk):
    """docs/securite.md §18: an administrator lifts a lockout."""
    cible = _compte_de_ma_collectivite(request, pk)
    verrouillage.deverrouiller(cible.email, par=request.user)
    messages.success(request, f"La connexion {forme(cible).de} est déverrouillée.")
    return redirect(_suite(request))


CLE_PROCONNECT = "relais_proconnect"


def proconnect_connexion(request):
    """Start a ProConnect login for one collectivité (``?collectivite=<slug>``)."""
    from collectivites.models import Collectivite

    from . import proconnect

    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    collectivite = Collectivite.objects.filter(slug=request.GET.get("collectivite", ""), active=True).first()
    config = proconnect.configuration(collectivite) if collectivite else None
    if config is None:
        raise Http404("ProConnect n'est pas configuré pour cette collectivité.")
    request.session[CLE_PROCONNECT] = {"collectivite": collectivite.pk, "suite": _suite(request)}
    retour = request.build_absolute_uri(_url("comptes:proconnect_retour"))
    return proconnect.client(config).authorize_redirect(request, retour)


def proconnect_retour(request):
    """The provider's answer: state, code (PKCE), ID token checked by Authlib; then the account of the collectivité."""
    from authlib.common.errors import AuthlibBaseError
    from django.contrib.auth import login

    from collectivites.models import Collectivite

    from . import proconnect

    attente = request.session.get(CLE_PROCONNECT) or {}
    collectivite = Collectivite.objects.filter(pk=attente.get("collectivite"), active=True).first()
    config = proconnect.configuration(collectivite) if collectivite else None
    try:
        if config is None:
            raise proconnect.RefusProConnect("Aucune connexion ProConnect n'est en cours : recommencez.")
        if "error" in request.GET:
            raise proconnect.RefusProConnect("ProConnect n'a pas autorisé la connexion.")
        oauth_client = proconnect.client(config)
        jeton = oauth_client.authorize_access_token(request)
        claims = proconnect.informations(oauth_client, jeton)
        user = proconnect.compte(collectivite, claims)
    except proconnect.RefusProConnect as e:
        messages.error(request, str(e))
        return redirect("comptes:connexion")
    except (AuthlibBaseError, ValueError, OSError) as e:
        second_facteur.journaliser("proconnect_refuse", detail=f"{collectivite}: {type(e).__name__} {e}")
        messages.error(request, "La connexion ProConnect n'a pas pu être vérifiée : recommencez.")
        return redirect("comptes:connexion")
    request.session.pop(CLE_PROCONNECT, None)
    login(request, user, backend="comptes.backends.EmailBackend")
    second_facteur.journaliser(
        "connexion_proconnect", auteur=user, cible=user, detail=",".join(claims.get("amr") or [])
    )
    suite = attente.get("suite") or resolve_url(settings.LOGIN_REDIRECT_URL)
    if proconnect.multifacteur(claims):
        second_facteur.marquer_passe(request, "proconnect")
        return redirect(suite)
    return redirect(f"{_url('comptes:second_facteur')}?next={suite}")


class ConnexionView(LoginView):
    """The login page, with a ProConnect button per collectivité that has it (docs/securite.md §16)."""

    template_name = "comptes/connexion.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from collectivites.models import Collectivite

        from . import proconnect

        actives = Collectivite.objects.filter(active=True).order_by("nom")
        if not (settings.RELAIS_PROCONNECT_ISSUER and settings.RELAIS_PROCONNECT_CLIENT_ID):
            actives = actives.exclude(proconnect_issuer="").exclude(proconnect_client_id="")
        return {
            **super().get_context_data(**kwargs),
            "proconnect": [c for c in actives if proconnect.configuration(c) is not None],
            "comptes_demo": comptes_de_demonstration(),
            "mot_de_passe_demo": MOT_DE_PASSE_DEMO,
        }


# --- API tokens (docs/securite.md §16) ----------------------------------------------------------------------------


@login_required
def jetons_api(request):
    """The user's API tokens: create one (its secret shown once, on the answer to the POST), see and revoke them."""
    form = JetonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            jeton, secret = actions.do_creer_jeton(
                request.user, form.cleaned_data["nom"], form.cleaned_data["expire_le"]
            )
        except ValidationError as e:
            form.add_error(None, e)
        except PermissionDenied as e:
            form.add_error(None, str(e))
        else:
            reponse = render(request, "comptes/jeton_cree.html", {"jeton": jeton, "secret": secret})
            reponse["Cache-Control"] = "no-store"
            return reponse
    return render(
        request,
        "comptes/jetons.html",
        {
            "form": form,
            "page": paginer(request, jetons_visibles_par(request.user)),
            "a_second_facteur": second_facteur.appareil_confirme(request.user) is not None,
            "administre": request.user.peut("gerer_membres"),
        },
    )


@permission_requise("gerer_membres")
def jetons_collectivite(request):
    """An administrator sees every API token of the collectivité, to revoke one (never its secret)."""
    from config.pagination import paginer

    return render(
        request,
        "comptes/jetons_collectivite.html",
        {"page": paginer(request, jetons_de_la_collectivite_visibles_par(request.user))},
    )


@require_POST
@login_required
def revoquer_jeton(request, pk):
    jeton = get_jeton_for_user(request.user, pk)
    actions.do_revoquer_jeton(request.user, jeton)
    messages.success(request, f"Le jeton « {jeton.nom} » est révoqué : il ne donne plus accès à l'API.")
    return redirect(_suite(request, defaut="comptes:jetons"))
