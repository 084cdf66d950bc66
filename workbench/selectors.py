"""What the staff workbench shows: a staff member's own items and their ministry's, each in sections
(due soon, overdue, letters waiting for a decision, proposals waiting for confirmation, changed since
the previous visit).

Every list is one queryset: the items the user may see (``core.permissions.scope_to_user``), for
"mine" those they are responsible for (``for_responsible``), narrowed by the section's queryset method
(``due_within``, ``overdue``, ``for_decision``, ``with_open_proposals``, ``changed_since``). The admin's
change list filters call the same methods on the same scoped queryset, so the count shown here is the
length of the list its link opens. A list costs two queries (its count and its first rows; the
changed items a third, their events), however many items there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Subquery

from commitments.models import Commitment
from core.models import first_words
from core.permissions import scope_to_user, user_ministry
from letters.models import Letter
from motions.models import Motion

DUE_DAYS = 30  # "due soon": the latest date within this many days from today
ROWS = 5  # rows shown per list; its count links to the whole list
FIRST_VISIT = dt.timedelta(days=7)  # on the first visit, "changed" covers this past week

MINE, MINISTRY = "mine", "ministry"
DUE, OVERDUE, DECISION, PROPOSALS, CHANGED = "due", "overdue", "decision", "proposals", "changed"
DEADLINE_MODELS = (Motion, Commitment)
TRACKED_MODELS = (Motion, Commitment, Letter)
# Per section and scope, the models it lists. Letters have no responsible civil servant: the letters
# waiting for a decision or a confirmation, and the changed letters, are the ministry's.
SECTIONS = {
    DUE: {MINE: DEADLINE_MODELS, MINISTRY: DEADLINE_MODELS},
    OVERDUE: {MINE: DEADLINE_MODELS, MINISTRY: DEADLINE_MODELS},
    DECISION: {MINISTRY: (Letter,)},
    PROPOSALS: {MINISTRY: (Letter,)},
    CHANGED: {MINE: DEADLINE_MODELS, MINISTRY: TRACKED_MODELS},
}
# Large texts no row shows.
HEAVY_FIELDS = {
    Motion: ("text", "internal_notes"),
    Commitment: ("internal_notes",),
    Letter: ("text", "decision_memo", "internal_notes"),
}
DESCRIPTION = {Motion: "title", Commitment: "text", Letter: "subject"}


@dataclass
class Row:
    item: object
    description: str = ""
    days: int | None = None  # due: days left; overdue: days late
    open_proposals: int | None = None
    changes: list = field(default_factory=list)  # changed: its events since, newest first


@dataclass
class ItemList:
    model: type
    count: int
    rows: list[Row]
    url: str = ""  # the change list showing exactly these items (set by the view)

    @property
    def opts(self):
        return self.model._meta


@dataclass
class Section:
    key: str
    lists: list[ItemList]
    title: str = ""  # set by the view

    @property
    def count(self) -> int:
        return sum(item_list.count for item_list in self.lists)


@dataclass
class Scope:
    key: str
    sections: list[Section]
    title: str = ""  # set by the view
    intro: str = ""


def section_queryset(model, section: str, *, user, mine: bool, today: dt.date, since: dt.datetime):
    """Every item of one list of the workbench (unordered)."""
    qs = scope_to_user(model.objects.all(), user)
    if mine:
        qs = qs.for_responsible(user)
    if section == DUE:
        return qs.due_within(DUE_DAYS, today)
    if section == OVERDUE:
        return qs.overdue(today)
    if section == DECISION:
        return qs.for_decision()
    if section == PROPOSALS:
        return qs.with_open_proposals()
    if section == CHANGED:
        return qs.changed_since(since)
    raise ValueError(f"unknown workbench section {section!r}")


def _rows(model, section: str, qs, *, today: dt.date, since: dt.datetime) -> list[Row]:
    qs = qs.select_related("ministry").defer(*HEAVY_FIELDS[model])
    if section in (DUE, OVERDUE):
        qs = qs.order_by("deadline_date", "pk")
    elif section == PROPOSALS:
        qs = qs.with_open_proposal_count().order_by("-open_proposals", "pk")
    elif section == CHANGED:
        events = qs.event_model(model)
        recent = events.objects.filter(at__gt=since).select_related("by").order_by("-at", "-id")
        latest = recent.filter(**{events.item_field: OuterRef("pk")}).values("at")[:1]
        qs = (
            qs.annotate(last_change=Subquery(latest))
            .order_by("-last_change", "pk")
            .prefetch_related(Prefetch("events", queryset=recent, to_attr="changes_since"))
        )
    rows = []
    for item in qs[:ROWS]:
        description = first_words(getattr(item, DESCRIPTION[model]), 120)
        if description[:40] in item.name():  # a commitment without a number is named by its words already
            description = ""
        row = Row(item=item, description=description)
        if section == DUE:
            row.days = item.days_left(today)
        elif section == OVERDUE:
            row.days = item.days_overdue(today)
        elif section == PROPOSALS:
            row.open_proposals = item.open_proposals
        elif section == CHANGED:
            row.changes = item.changes_since
        rows.append(row)
    return rows


def workbench(*, user, today: dt.date, since: dt.datetime, models=TRACKED_MODELS) -> list[Scope]:
    """The workbench of ``user``: the scopes "mine" and "ministry", each with its sections, each with a
    list per model (of ``models``: those the user may view). Only staff of a ministry can be responsible
    for an item (``core.permissions.assignable_users``), so without one there is no "mine"."""
    scopes = []
    for scope in (MINE, MINISTRY) if user_ministry(user) is not None else (MINISTRY,):
        sections = []
        for key, scopes_models in SECTIONS.items():
            lists = []
            for model in scopes_models.get(scope, ()):
                if model not in models:
                    continue
                qs = section_queryset(model, key, user=user, mine=scope == MINE, today=today, since=since)
                lists.append(
                    ItemList(model=model, count=qs.count(), rows=_rows(model, key, qs, today=today, since=since))
                )
            if lists:
                sections.append(Section(key=key, lists=lists))
        scopes.append(Scope(key=scope, sections=sections))
    return scopes
