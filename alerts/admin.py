from django.contrib import admin

from .models import Recipient, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "label", "frequency", "state", "created_at", "confirmed_at")
    list_filter = ("state", "frequency", "kind")
    search_fields = ("email", "label")
    readonly_fields = (
        "email",
        "kind",
        "query",
        "label",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
        "checked_until",
    )


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    """Addresses alerts mail to; who stopped all mail (only the owner's link changes that)."""

    list_display = ("email", "created_at", "last_confirmation_at", "stopped_at")
    list_filter = (("stopped_at", admin.EmptyFieldListFilter),)
    search_fields = ("email",)
    readonly_fields = ("email", "created_at", "last_confirmation_at", "stopped_at")

    def has_add_permission(self, request):
        return False
