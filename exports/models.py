from django.utils.translation import gettext_lazy as _

from core.models import Ministry


class OverviewExport(Ministry):
    """No table of its own: gives the overview export its place (and link) in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("overzicht openstaande moties en toezeggingen")
        verbose_name_plural = _("overzichten openstaande moties en toezeggingen")
