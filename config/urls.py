from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accompagnement.api import AccompagnementViewSet, ActionViewSet
from accueil.api import OrientationViewSet, PassageViewSet
from accueil.views import orientation_lien
from aides.api import DecisionViewSet, DemandeViewSet
from indicateurs.api import InstantaneViewSet, StatistiquesViewSet
from reseau.api import LieuAccueilViewSet, StructureViewSet
from reseau.views_membres import invitation
from territoire.api import CommuneViewSet, TISViewSet

router = DefaultRouter()
router.register("structures", StructureViewSet, basename="structure")
router.register("lieux", LieuAccueilViewSet, basename="lieu")
router.register("tis", TISViewSet, basename="tis")
router.register("communes", CommuneViewSet, basename="commune")
router.register("passages", PassageViewSet, basename="passage")
router.register("orientations", OrientationViewSet, basename="orientation")
router.register("accompagnements", AccompagnementViewSet, basename="accompagnement")
router.register("actions", ActionViewSet, basename="action")
router.register("indicateurs", InstantaneViewSet, basename="instantane")
router.register("statistiques", StatistiquesViewSet, basename="statistique")
router.register("aides/demandes", DemandeViewSet, basename="aide-demande")
router.register("aides/decisions", DecisionViewSet, basename="aide-decision")

# the API answers its 404 in JSON, as its schema documents (docs/securite.md §22)
handler404 = "config.erreurs.page_introuvable"

urlpatterns = [
    path("", include("portail.urls")),
    path("comptes/", include("comptes.urls")),
    path("accueil/", include("accueil.urls")),
    path("usagers/", include("usagers.urls")),
    path("accompagnements/", include("accompagnement.urls")),
    # public: the partner's answer through a signed link (collectivité from the /c/<slug>/ prefix)
    path("c/<slug:collectivite_slug>/orientation/<str:jeton>/", orientation_lien, name="orientation_lien"),
    # public: the invited person accepts through the signed link of the e-mail
    path("c/<slug:collectivite_slug>/invitation/<str:jeton>/", invitation, name="invitation"),
    path("ingenierie/", include("ingenierie.urls")),
    path("aides/", include("aides.urls")),
    # public: a municipality's request and its private tracking link (collectivité from the /c/<slug>/ prefix)
    path("c/<slug:collectivite_slug>/ingenierie/", include("ingenierie.urls_publiques")),
    path("developpement/", include("developpement.urls")),
    # public: an inhabitant answers a questionnaire from its link or QR code (collectivité from the /c/<slug>/ prefix)
    path("c/<slug:collectivite_slug>/questionnaire/", include("developpement.urls_publiques")),
    path("diagnostic/", include("diagnostic.urls")),
    path("reseau/", include("reseau.urls")),
    path("territoire/", include("territoire.urls")),
    path("indicateurs/", include("indicateurs.urls")),
    path("cartographie/", include("cartographie.urls")),
    # public: the map for inhabitants (collectivité from the /c/<slug>/ prefix)
    path("c/<slug:collectivite_slug>/carte/", include("cartographie.urls_publiques")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # docs/securite.md §18, §20: the admin signs in through Relais's own login (lockout, then the second factor)
    path("admin-technique/login/", RedirectView.as_view(pattern_name="comptes:connexion", query_string=True)),
    path("admin-technique/", admin.site.urls),
]
