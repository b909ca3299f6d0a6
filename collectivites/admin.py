from django.contrib import admin

from .models import Collectivite


@admin.register(Collectivite)
class CollectiviteAdmin(admin.ModelAdmin):
    list_display = ["nom", "slug", "departement", "active"]
    search_fields = ["nom", "slug"]
