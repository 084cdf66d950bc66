from django.contrib import admin

from .models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "label", "frequency", "state", "created_at", "confirmed_at")
    list_filter = ("state", "frequency", "kind")
    search_fields = ("email", "label")
    readonly_fields = ("email", "kind", "query", "label", "created_at", "confirmed_at", "checked_until")
