"""What staff brought in from the Eerste Kamer: a rappel page, kept with who pasted it and who confirmed
what it proposed (the proposals themselves are worked out afresh from the text, see senate.rappel)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Ministry
from parsing.rappel import MAX_TEXT_LENGTH


class RappelIntake(models.Model):
    ministry = models.ForeignKey(
        Ministry, verbose_name=_("ministerie"), on_delete=models.PROTECT, related_name="rappel_intakes"
    )
    source_name = models.CharField(
        _("bron"),
        max_length=255,
        blank=True,
        help_text=_("De naam van het opgeslagen bestand, of leeg voor geplakte tekst."),
    )
    text = models.TextField(_("tekst"), max_length=MAX_TEXT_LENGTH)
    ministry_name = models.CharField(_("ministerie volgens het rappel"), max_length=200, blank=True)
    rappel_name = models.CharField(
        _("rappel"), max_length=200, blank=True, help_text=_("Bijvoorbeeld 'Rappel toezeggingen september 2025'.")
    )
    rappel_until = models.DateField(_("rappel tot"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingelezen door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bevestigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    outcome = models.JSONField(
        _("uitkomst"),
        default=dict,
        blank=True,
        help_text=_("Wat de laatste bevestiging aanmaakte en wijzigde, per T-nummer."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rappel van de Eerste Kamer")
        verbose_name_plural = _("rappels van de Eerste Kamer")

    def __str__(self):
        name = self.rappel_name or _("Rappel")
        return f"{name} ({self.ministry.abbreviation})" if self.ministry_id else str(name)
