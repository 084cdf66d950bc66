"""The letters that answered an item, shown read-only on the item's admin page (motions, commitments)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import LetterLink


class AnsweredByInline(admin.TabularInline):
    model = LetterLink
    fk_name = None  # "motion" or "commitment"
    extra = 0
    fields = ("letter", "effect", "new_deadline_phrase", "confirmed")
    readonly_fields = fields
    can_delete = False
    verbose_name = _("beantwoord door")
    verbose_name_plural = _("beantwoord door")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
