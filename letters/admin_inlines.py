"""The letters that answered an item, shown read-only on the item's admin page (motions, commitments)."""

from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ReadOnlyInline

from .models import LetterLink


class AnsweredByInline(ReadOnlyInline):
    model = LetterLink
    fk_name = None  # "motion" or "commitment"
    fields = ("letter", "effect", "new_deadline_phrase", "confirmed")
    readonly_fields = fields
    verbose_name = _("beantwoord door")
    verbose_name_plural = _("beantwoord door")
