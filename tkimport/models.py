"""Bookkeeping of the Tweede Kamer open data import: the staged source records, the relations
between them, the per-entity checkpoint of the network reader and the report of each run.

The staged records are the source as it was last seen, one row per (entity, Id), with their
``$expand``ed relations split off into :class:`TkLink`. Records of different files or pages meet
here, so a Stemming saved in one file joins the Zaak saved in another."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import LastSaved


class SourceKey(models.Model):
    """Which source record a row is about: the open-data entity ('Zaak', 'Stemming') and its Id."""

    entity = models.CharField(_("entiteit"), max_length=40)
    tk_id = models.UUIDField(_("id in open data TK"))

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.entity} {self.tk_id}"


class TkRecord(SourceKey):
    data = models.JSONField(_("gegevens"), default=dict)
    digest = models.CharField(max_length=32)
    seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        # (tk_id, entity): also the index for look-ups by Id alone.
        constraints = [models.UniqueConstraint(fields=["tk_id", "entity"], name="tkrecord_once")]
        verbose_name = _("bronrecord")
        verbose_name_plural = _("bronrecords")


class TkPending(SourceKey):
    """A staged record that is new, changed or gained a relation since the last apply: what the next
    apply looks at (a record may be listed more than once). Emptied when an apply completes, in one
    statement, so the staged records themselves are written once and never rewritten to say so."""

    class Meta:
        verbose_name = _("nog toe te passen bronrecord")
        verbose_name_plural = _("nog toe te passen bronrecords")


class TkSubjectRef(models.Model):
    """A Kamerstuk that a staged Zaak's or Document's subject names ('(t.v.v. 29023-472)',
    '(Kamerstuk 33835-242)'), to find it again when that Kamerstuk arrives later; for a Document
    also its own DocumentNummer, which a Toezegging's KamerbriefNakoming names."""

    entity = models.CharField(max_length=40)
    tk_id = models.UUIDField(db_index=True)
    kst_id = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tk_id", "kst_id"], name="tksubjectref_once")]

    def __str__(self):
        return f"{self.entity} {self.tk_id}: {self.kst_id}"


class TkLink(models.Model):
    """A relation between two staged records, stored in both directions (``rel`` is the navigation
    name seen from ``a``; the reverse row has ``^`` before it)."""

    a_entity = models.CharField(max_length=40)
    a_id = models.UUIDField()
    b_entity = models.CharField(max_length=40)
    b_id = models.UUIDField()
    rel = models.CharField(max_length=41)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["a_id", "b_id", "rel"], name="tklink_once")]
        verbose_name = _("bronrelatie")
        verbose_name_plural = _("bronrelaties")

    def __str__(self):
        return f"{self.a_entity} {self.a_id} {self.rel} {self.b_entity} {self.b_id}"


class TkCheckpoint(LastSaved):
    """Where the network reader is for one entity query: the next page to fetch (an
    ``@odata.nextLink``) while a run is under way, and the ``GewijzigdOp`` to start from next time."""

    entity = models.CharField(_("entiteit"), max_length=40, unique=True)
    since = models.DateTimeField(_("gewijzigd sinds"), null=True, blank=True)
    next_url = models.TextField(_("volgende pagina"), blank=True)
    run_started = models.DateTimeField(_("begin van deze ronde"), null=True, blank=True)
    pages_done = models.PositiveIntegerField(_("pagina's klaar"), default=0)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")

    def __str__(self):
        return f"{self.entity}: {self.pages_done}"


class CommitmentRelation(models.Model):
    """How two commitments relate in the source: one repeats, changes or supplements the other."""

    class Kind(models.TextChoices):
        REPEATS = "herhaling", _("is herhaling van")
        CHANGES = "wijziging", _("is wijziging van")
        SUPPLEMENTS = "aanvulling", _("is aanvulling op")

    commitment = models.ForeignKey("commitments.Commitment", on_delete=models.CASCADE, related_name="tk_relations")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    other = models.ForeignKey("commitments.Commitment", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commitment", "kind", "other"], name="commitmentrelation_once")]
        verbose_name = _("relatie tussen toezeggingen")
        verbose_name_plural = _("relaties tussen toezeggingen")

    def __str__(self):
        return f"{self.commitment} {self.get_kind_display()} {self.other}"


class ImportRun(models.Model):
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(_("bron"), max_length=500)
    stats = models.JSONField(_("tellingen"), default=dict)
    problems = models.JSONField(_("problemen"), default=list)
    interrupted = models.TextField(_("onderbroken"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("importronde")
        verbose_name_plural = _("importrondes")

    def __str__(self):
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"
