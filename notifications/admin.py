from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ReadOnlyAdmin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """Read-only: the outbox is written by the system; the admin shows what happened and why."""

    list_display = ("created_at", "to", "subject", "kind", "state", "attempts", "error_short", "sent_at")
    list_filter = ("state", "kind", "item_content_type")
    search_fields = ("to", "subject", "dedup_key")
    date_hierarchy = "created_at"
    list_per_page = 100

    @admin.display(description=_("fout"))
    def error_short(self, obj):
        return (obj.last_error[:120] + "…") if len(obj.last_error) > 120 else obj.last_error

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]
