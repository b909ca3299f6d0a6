from django.urls import path

from . import views

urlpatterns = [
    path("visite/nouvelle/", views.visite_nouvelle, name="visite_nouvelle"),
]
