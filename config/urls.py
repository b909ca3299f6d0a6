from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from reseau.api import LieuAccueilViewSet, StructureViewSet
from territoire.api import CommuneViewSet, TISViewSet

router = DefaultRouter()
router.register("structures", StructureViewSet, basename="structure")
router.register("lieux", LieuAccueilViewSet, basename="lieu")
router.register("tis", TISViewSet, basename="tis")
router.register("communes", CommuneViewSet, basename="commune")

urlpatterns = [
    path("", include("portail.urls")),
    path("comptes/", include("comptes.urls")),
    path("reseau/", include("reseau.urls")),
    path("territoire/", include("territoire.urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin-technique/", admin.site.urls),
]
