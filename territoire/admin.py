from django.contrib import admin

from .models import EPCI, Commune, Departement


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "departement", "population"]
    search_fields = ["code", "nom"]
    list_filter = ["departement"]
    readonly_fields = [f.name for f in Commune._meta.fields]


admin.site.register(Departement)
admin.site.register(EPCI)
