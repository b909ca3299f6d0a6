"""Relais settings, read from the environment (12-factor).

The embedded default (no variable set) is the demo: SQLite, Celery tasks run in-process, e-mails on the console.
Production sets RELAIS_ENV=production; every secret is then required and a missing one stops the start-up.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

RELAIS_ENV = env.str("RELAIS_ENV", default="demo")
if RELAIS_ENV not in ("demo", "test", "production"):
    raise ImproperlyConfigured(f"RELAIS_ENV vaut « {RELAIS_ENV} » : choisissez demo, test ou production.")
PRODUCTION = RELAIS_ENV == "production"


def _required(name):
    """A variable production cannot run without: fail loudly rather than start with a demo default."""
    if PRODUCTION and not env.str(name, default=""):
        raise ImproperlyConfigured(f"La variable d'environnement {name} est obligatoire en production.")
    return name


DEBUG = env.bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str(_required("SECRET_KEY"), default="relais-demo-insecure-key-change-me-0123456789-abcdefghijkl")
if PRODUCTION and (len(SECRET_KEY) < 50 or "insecure" in SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY doit être une valeur secrète longue (50 caractères au moins).")
ALLOWED_HOSTS = env.list(_required("ALLOWED_HOSTS"), default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # foundation: imported by everything above, imports nothing above it
    "collectivites",
    "comptes",
    "territoire",
    # domain apps
    "reseau",
    "usagers",
    "accueil",
    "accompagnement",
    "ingenierie",
    # the aids of a structure: use usagers, accompagnement and reseau (docs/aides.md)
    "aides",
    "developpement",
    # readers of the domain apps
    "indicateurs",
    "cartographie",
    # the diagnostic social de territoire: reads indicateurs, cartographie's layer and the domain apps
    "diagnostic",
    "portail",
    # Django and libraries
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "django_otp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "comptes.middleware.InactiviteMiddleware",
    "comptes.middleware.SecondFacteurMiddleware",
    "comptes.middleware.JournalAdministrationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "collectivites.middleware.CollectiviteMiddleware",
    "usagers.lecture.LectureMiddleware",
    # docs/securite.md §29: a lock or statement timeout answers a French 503, not a 500
    "config.erreurs.ReessayezMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "collectivites.context_processors.collectivite",
                "portail.context_processors.navigation",
            ],
            "string_if_invalid": env.str("TEMPLATE_STRING_IF_INVALID", default=""),
        },
    }
]

# Database: SQLite for the demo, PostgreSQL in production and tests (DATABASE_URL).
DATABASES = {"default": env.db_url(_required("DATABASE_URL"), default=f"sqlite:///{BASE_DIR / 'demo.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Form choices iterate querysets: client-side cursors avoid a held server cursor per <select> (bench/).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # docs/securite.md §29: one slow query or a held lock cannot take the site down.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={env.int('DB_STATEMENT_TIMEOUT_MS', default=10000)}"
        f" -c lock_timeout={env.int('DB_LOCK_TIMEOUT_MS', default=5000)}"
        # person search (usagers/recherche.py): a misspelt word still matches ("vaissiere" ~ "vayssiere": 0.54)
        " -c pg_trgm.word_similarity_threshold=0.45"
    )
# Row-level security (docs/securite.md §30, collectivites/rls.py): the application connects as DB_ROLE_APP (neither
# the tables' owner nor a superuser), migrations run as the owner (DATABASE_URL of the owner role for `migrate`), and
# DB_ROLE_TRANSVERSAL is the role of the audited cross-tenant path. Empty: no RLS (SQLite demo, a superuser in dev).
RELAIS_ROLES_BD = {
    "app": env.str("DB_ROLE_APP", default=""),
    "proprietaire": env.str("DB_ROLE_PROPRIETAIRE", default=""),
    "transversal": env.str("DB_ROLE_TRANSVERSAL", default=""),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://relais")}
CACHES["default"]["KEY_PREFIX"] = "relais"

AUTH_USER_MODEL = "comptes.Utilisateur"
AUTHENTICATION_BACKENDS = ["comptes.backends.EmailBackend"]
LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "portail:accueil"
LOGOUT_REDIRECT_URL = "comptes:connexion"
# docs/securite.md §17: 12 characters at least (16 for an administrator), 64 at most, common passwords (English and
# French) refused, no forced rotation. Every form that sets a password goes through these.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "comptes.validators.LongueurAdministrateurValidator"},
    {"NAME": "comptes.validators.LongueurMaximaleValidator"},
    {"NAME": "comptes.validators.MotDePasseCourantValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 3600
# docs/securite.md §16: the key that encrypts the second-factor secrets at rest (TOTP), kept outside the database.
RELAIS_CLE_CHIFFREMENT = env.str(_required("RELAIS_CLE_CHIFFREMENT"), default="relais-demo-cle-second-facteur")
if PRODUCTION and len(RELAIS_CLE_CHIFFREMENT) < 32:
    raise ImproperlyConfigured("RELAIS_CLE_CHIFFREMENT doit être une valeur secrète longue (32 caractères au moins).")

# ProConnect (OpenID Connect) for every collectivité that has none of its own (Collectivite.proconnect_*).
RELAIS_PROCONNECT_ISSUER = env.str("RELAIS_PROCONNECT_ISSUER", default="")
RELAIS_PROCONNECT_CLIENT_ID = env.str("RELAIS_PROCONNECT_CLIENT_ID", default="")
RELAIS_PROCONNECT_SECRET = env.str("RELAIS_PROCONNECT_SECRET", default="")

# docs/securite.md §19: 12 h at most; a new key at login is Django's default.
SESSION_COOKIE_AGE = 12 * 3600
SESSION_ENGINE = "comptes.sessions"  # Django's database sessions, read in one plain statement
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# docs/securite.md §19: 30 minutes without a request ends the session (comptes.middleware.InactiviteMiddleware).
RELAIS_INACTIVITE_MAX = env.int("RELAIS_INACTIVITE_MINUTES", default=30) * 60

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Numbers shown to people use |intcomma; ids in attributes and URLs must never be grouped ("1 562").
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"


def _static_leaflet():
    """Leaflet's files as django-leaflet ships them (static/leaflet/…), without adding the app: its admin module
    imports django.contrib.gis, which needs the GDAL library we do not install."""
    import importlib.util

    return str(Path(importlib.util.find_spec("leaflet").submodule_search_locations[0]) / "static")


STATICFILES_DIRS = [BASE_DIR / "static", _static_leaflet()]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Outside production, WhiteNoise serves straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: console in the demo, SMTP in production (EMAIL_URL=smtp+tls://user:password@host:587).
EMAIL_CONFIG = env.email_url(_required("EMAIL_URL") if PRODUCTION else "EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(_required("DEFAULT_FROM_EMAIL"), default="Relais <ne-pas-repondre@relais.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without REDIS_URL tasks run in-process (demo); with it, a Redis broker and a worker.
REDIS_URL = env.str(_required("REDIS_URL"), default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# docs/securite.md §26: no result backend. Every task is fire and forget (its outcome is stored in the database),
# and the Redis result backend made a request that publishes subscribe to a result channel, retrying 20 × 1 s
# without a timeout when Redis was down (issue 12). CELERY_RESULT_BACKEND may set one for inspection.
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
# Publishing the outbox (collectivites.envois): each wait on the broker bounded by this many seconds, no retry, then
# a pause of RELAIS_PUBLICATION_PAUSE seconds during which requests leave the rows to the beat job (docs/securite.md
# §26: a save answers in under 2 s with the broker down, on a closed port or silent).
RELAIS_PUBLICATION_DELAI = env.float("RELAIS_PUBLICATION_DELAI", default=0.5)
RELAIS_PUBLICATION_PAUSE = env.float("RELAIS_PUBLICATION_PAUSE", default=30.0)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "publier-envois-en-attente": {"task": "collectivites.publier_envois_en_attente", "schedule": 60.0},
    "relancer-orientations": {"task": "accueil.relancer_orientations", "schedule": 3600.0},
    "retention": {"task": "usagers.retention", "schedule": 86400.0},
    "nettoyer-sessions": {"task": "comptes.nettoyer_sessions", "schedule": 3600.0},
    # the month allowed to answer a right-of-access request (portail/rappels.py), every morning
    "rappels-droit-acces": {"task": "portail.rappeler_droit_acces", "schedule": crontab(hour=7, minute=0)},
    # indicateurs: rollups every night, charter indicators on the 1st of each month and of January
    "statistiques": {"task": "indicateurs.planifier_statistiques", "schedule": crontab(hour=2, minute=30)},
    # the incremental rollup refresh: only the months written to since the last run (docs/performance.md §14)
    "statistiques-modifiees": {
        "task": "indicateurs.planifier_statistiques",
        "schedule": crontab(minute="*/10"),
        "kwargs": {"modifie": True},
    },
    "indicateurs-mensuels": {
        "task": "indicateurs.planifier_indicateurs",
        "schedule": crontab(day_of_month=1, hour=3, minute=0),
        "args": ["mensuelle"],
    },
    "indicateurs-annuels": {
        "task": "indicateurs.planifier_indicateurs",
        "schedule": crontab(day_of_month=1, month_of_year=1, hour=4, minute=0),
        "args": ["annuelle"],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "comptes.api.JetonAuthentication",
        "comptes.api.SessionCsrfAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["comptes.api.PermissionDuRole"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/hour", "user": "5000/hour"},
    # docs/securite.md §22: every 404 in French, the same as an unknown address
    "EXCEPTION_HANDLER": "config.api.gestionnaire_d_exceptions",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Relais",
    "DESCRIPTION": "API du réseau départemental du premier accueil social inconditionnel. "
    "Chaque point d'entrée est limité à la collectivité de l'utilisateur authentifié.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from the vendored sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # docs/securite.md §22: every operation documents its error answers (config.api.documenter_les_erreurs)
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "config.api.documenter_les_erreurs"],
}

# Territory data: the COG files (CSV of shared/data) for the demo and the tests.
_shared_data = BASE_DIR.parent / "shared" / "data"
RELAIS_DATA_DIR = env.str("RELAIS_DATA_DIR", default=str(_shared_data) if _shared_data.exists() else "")
# Geocoding of reception sites (territoire.geocodage): "ban" in production, "aucun" (commune's point) elsewhere.
RELAIS_GEOCODEUR = env.str("RELAIS_GEOCODEUR", default="ban" if PRODUCTION else "aucun")
RELAIS_BAN_URL = env.str("RELAIS_BAN_URL", default="https://api-adresse.data.gouv.fr")
RELAIS_GEO_API_URL = env.str("RELAIS_GEO_API_URL", default="https://geo.api.gouv.fr")
# docs/securite.md §21: the public forms (engineering requests) accept about five submissions an hour per IP address
# (django-ratelimit).
RELAIS_DEBIT_FORMULAIRES = env.str("RELAIS_DEBIT_FORMULAIRES", default="5/h")
# The counts live in a cache shared by every process (config/cache_debits.py): Redis (RELAIS_DEBITS_URL, REDIS_URL by
# default), and the database cache (table relais_cache, created by a migration) when Redis is absent or down.
RELAIS_DEBITS_URL = env.str("RELAIS_DEBITS_URL", default=REDIS_URL)
CACHES["base"] = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "relais_cache"}
if RELAIS_DEBITS_URL:
    CACHES["debits_redis"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": RELAIS_DEBITS_URL,
        "KEY_PREFIX": "relais-debits",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry_on_timeout": False},
    }
CACHES["debits"] = {
    "BACKEND": "config.cache_debits.CacheDebits",
    "KEY_PREFIX": "relais-debits",
    "OPTIONS": {"PRINCIPAL": "debits_redis" if RELAIS_DEBITS_URL else None, "SECOURS": "base", "PAUSE": 30},
}
RATELIMIT_USE_CACHE = "debits"
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")
# The site's public address, for links in e-mails (signed orientation links, password reset).
RELAIS_URL = env.str(_required("RELAIS_URL"), default="http://127.0.0.1:8000")

# Maps (django-leaflet, Leaflet's files served from its package: no CDN). Tiles from a configurable server; the
# pages stay usable as lists when it cannot be reached.
RELAIS_TUILES_URL = env.str("RELAIS_TUILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
RELAIS_TUILES_ATTRIBUTION = env.str("RELAIS_TUILES_ATTRIBUTION", default="© contributeurs OpenStreetMap")
_origine_tuiles = "/".join(RELAIS_TUILES_URL.replace("{s}.", "").split("/")[:3])
LEAFLET_CONFIG = {
    "TILES": [("Plan", RELAIS_TUILES_URL, {"attribution": RELAIS_TUILES_ATTRIBUTION, "maxZoom": 18})],
    "ATTRIBUTION_PREFIX": "Leaflet",
    "RESET_VIEW": False,
    "NO_GLOBALS": True,
}

# docs/securite.md §23: a Content-Security-Policy with no outside source.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *env.list("CSP_IMG_SRC", default=[_origine_tuiles])],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint narrates every rendering step at INFO; its warnings (a refused URL) still show
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
