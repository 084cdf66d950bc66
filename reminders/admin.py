from django.contrib import admin
from django.db import models

from .models import ReminderPolicy


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    """One policy row; the list links straight to it."""

    list_display = ("__str__", "enabled", "days_before", "on_the_day", "overdue_every_days", "digest_weekday")
    formfield_overrides = {models.JSONField: {"max_length": 200}}  # a short list of days, e.g. [30, 7, 1]
    fieldsets = (
        (None, {"fields": ("enabled", "days_before", "on_the_day", "overdue_every_days", "catch_up_days")}),
        ("Weekoverzicht", {"fields": ("digest_weekday", "digest_horizon_days")}),
    )

    def has_add_permission(self, request):
        return not ReminderPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        ReminderPolicy.current()
        return super().changelist_view(request, extra_context)
