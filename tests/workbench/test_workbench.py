"""The staff workbench through the admin, as staff use it: the admin's start page of a staff member;
each count the length of the change list its link opens (the same queryset methods); how late an
overdue item is; a change since the previous visit shown once; another ministry's items never; the
superuser's index with a link to the workbench of every ministry; a bad filter refused; English; and a
fixed number of queries with 10 and with 1,000 items."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.models import Commitment, CommitmentStatus
from letters import intake
from letters.models import Letter, LetterStatus
from letters.services import letter_advance, letter_create
from motions.models import Motion, MotionStatus
from motions.services import motion_update
from tests.factories import MinistryFactory, make_commitment, make_motion, make_staff
from tests.pages import assert_hides, assert_shows
from workbench import selectors
from workbench.models import WorkbenchVisit

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def ref_text(motion) -> str:
    return (
        f"Geachte voorzitter,\n\nHierbij informeer ik uw Kamer over de uitvoering van de motie van het lid Azmani "
        f"(Kamerstuk {motion.ref}). Met deze brief beschouw ik de motie als afgedaan.\n"
    )


def build(ministry, *, me, colleague, tag: str) -> dict:
    """One ministry's items: each section has some of mine, some of a colleague's, and some that
    just miss it (settled, due later, a decided proposal)."""
    today = timezone.localdate()
    adopted = MotionStatus.ADOPTED

    def motion(days, responsible, status=adopted):
        return make_motion(
            status=status,
            ministry=ministry,
            responsible=responsible,
            deadline_exact=today + days * DAY,
            title=f"Motie {tag} {days}",
        )

    def commitment(days, responsible, status=CommitmentStatus.OPEN):
        return make_commitment(
            status=status, ministry=ministry, responsible=responsible, deadline_exact=today + days * DAY
        )

    items = {
        "due_mine": [motion(0, me), motion(30, me), commitment(12, me)],
        "due_colleague": [motion(5, colleague), commitment(29, None)],
        "overdue_mine": [motion(-12, me), commitment(-1, me)],
        "overdue_colleague": [motion(-3, colleague, MotionStatus.IN_PROGRESS), commitment(-40, colleague)],
        "neither": [
            motion(31, me),
            motion(-5, me, MotionStatus.SETTLED),
            motion(10, me, MotionStatus.REJECTED),
            commitment(-2, me, CommitmentStatus.FULFILLED),
            commitment(60, me),
        ],
    }
    for_decision = letter_create(subject=f"Brief ter besluitvorming {tag}", ministry=ministry)
    letter_advance(letter=for_decision, to=LetterStatus.FOR_DECISION)
    approved = letter_create(subject=f"Vastgestelde brief {tag}", ministry=ministry)
    letter_advance(letter=approved, to=LetterStatus.APPROVED)
    analysed = letter_create(
        subject=f"Geanalyseerde brief {tag}", ministry=ministry, text=ref_text(items["due_mine"][0])
    )
    assert intake.letter_analyse(letter=analysed).link_proposals
    confirmed = letter_create(subject=f"Bevestigde brief {tag}", ministry=ministry, text=ref_text(items["due_mine"][1]))
    proposal = intake.letter_analyse(letter=confirmed).link_proposals[0]
    intake.letter_confirm_proposals(letter=confirmed, links={proposal.pk: intake.LinkDecision(True)}, follow_ups={})
    items.update(for_decision=[for_decision], approved=[approved], analysed=[analysed], confirmed=[confirmed])
    return items


@pytest.fixture
def world(db):
    jenv = MinistryFactory(abbreviation="JenV", name="Ministerie van Justitie en Veiligheid")
    aenm = MinistryFactory(abbreviation="AenM", name="Ministerie van Asiel en Migratie")
    me, colleague = make_staff("jet", jenv, first_name="Jet"), make_staff("kees", jenv, first_name="Kees")
    other = make_staff("amir", aenm, first_name="Amir")
    return {
        "me": me,
        "colleague": colleague,
        "other": other,
        "mine": build(jenv, me=me, colleague=colleague, tag="JenV"),
        "theirs": build(aenm, me=other, colleague=None, tag="AenM"),
    }


def pks(items) -> set:
    return {item.pk for item in items}


def lists(response) -> dict:
    """(scope, section, model name) -> the workbench's list."""
    return {
        (scope.key, section.key, item_list.model._meta.model_name): item_list
        for scope in response.context["scopes"]
        for section in scope.sections
        for item_list in section.lists
    }


def changelist(client, url) -> set:
    response = client.get(url)
    assert response.status_code == 200, url
    cl = response.context["cl"]
    assert cl.result_count == len(cl.result_list), url  # one page
    return {item.pk for item in cl.result_list}


def test_the_admin_index_of_a_staff_member_is_the_workbench(client, world):
    client.force_login(world["me"])
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "admin/workbench.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "<h1>Werkbank</h1>" in page and "Mijn items" in page
    assert "Mijn ministerie: Ministerie van Justitie en Veiligheid" in page
    assert 'href="/admin/motions/motion/add/"' in page  # and every part of the admin below
    assert client.get("/admin/werkbank/").status_code == 200


def test_every_count_is_the_length_of_the_change_list_its_link_opens(client, world):
    me, mine = world["me"], world["mine"]
    client.force_login(me)
    client.get("/admin/")  # the first visit: 'changed' would be the past week
    motion_update(motion=mine["due_colleague"][0], data={"title": "Nieuwe titel"}, by=world["colleague"])
    motion_update(motion=mine["overdue_mine"][0], data={"internal_notes": "Navragen"}, by=world["colleague"])
    response = client.get("/admin/")
    found = lists(response)

    def of(model, *keys):
        return pks(item for key in keys for item in mine[key] if isinstance(item, model))

    expected = {
        ("mine", "due", "motion"): of(Motion, "due_mine"),
        ("mine", "due", "commitment"): of(Commitment, "due_mine"),
        ("mine", "overdue", "motion"): of(Motion, "overdue_mine"),
        ("mine", "overdue", "commitment"): of(Commitment, "overdue_mine"),
        ("mine", "changed", "motion"): pks([mine["overdue_mine"][0]]),
        ("mine", "changed", "commitment"): set(),
        ("ministry", "due", "motion"): of(Motion, "due_mine", "due_colleague"),
        ("ministry", "due", "commitment"): of(Commitment, "due_mine", "due_colleague"),
        ("ministry", "overdue", "motion"): of(Motion, "overdue_mine", "overdue_colleague"),
        ("ministry", "overdue", "commitment"): of(Commitment, "overdue_mine", "overdue_colleague"),
        ("ministry", "decision", "letter"): pks(mine["for_decision"]),
        ("ministry", "proposals", "letter"): pks(mine["analysed"]),
        ("ministry", "changed", "motion"): pks([mine["due_colleague"][0], mine["overdue_mine"][0]]),
        ("ministry", "changed", "commitment"): set(),
        ("ministry", "changed", "letter"): set(),
    }
    assert set(found) == set(expected)
    for key, item_list in found.items():
        listed = changelist(client, item_list.url)
        assert listed == expected[key], key
        assert item_list.count == len(listed), key
        assert {row.item.pk for row in item_list.rows} <= listed, key
        assert len(item_list.rows) == min(len(listed), selectors.ROWS), key
    # The rows of 'due' and 'overdue' come soonest (most overdue) first.
    due = [row.item.deadline_date for row in found["ministry", "due", "motion"].rows]
    assert due == sorted(due)


def test_a_row_opens_the_item_and_says_how_late_or_how_soon(client, world):
    client.force_login(world["me"])
    response = client.get("/admin/")
    page = response.content.decode()
    mine = world["mine"]
    twelve, one = mine["overdue_mine"]
    for item in (twelve, one, *mine["due_mine"], *mine["for_decision"]):
        assert (
            f'href="/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/change/">{item.name()}</a>' in page
        )
    assert re.search(rf"{re.escape(twelve.name())}</a>\s*<span[^>]*>12 dagen te laat", page)
    assert re.search(rf"{re.escape(one.name())}</a>\s*<span[^>]*>1 dag te laat", page)
    assert re.search(rf"{re.escape(mine['due_mine'][0].name())}</a>\s*<span[^>]*>vandaag", page)
    assert re.search(rf"{re.escape(mine['due_mine'][2].name())}</a>\s*<span[^>]*>over 12 dagen", page)
    analysed = mine["analysed"][0]
    assert f'href="/admin/letters/letter/{analysed.pk}/voorstellen/">1 voorstel bekijken</a>' in page


def test_a_change_since_the_last_visit_appears_once(client, world):
    me, colleague, mine = world["me"], world["colleague"], world["mine"]
    client.force_login(me)
    first = lists(client.get("/admin/"))
    assert first["ministry", "changed", "motion"].count > 0  # first visit: what changed in the past week
    assert WorkbenchVisit.objects.get(user=me).seen_at <= timezone.now()

    quiet = lists(client.get("/admin/"))  # nothing happened since
    assert [quiet[key].count for key in quiet if key[1] == "changed"] == [0] * 5

    item = mine["overdue_mine"][0]
    motion_update(motion=item, data={"title": "Motie met een nieuwe titel"}, by=colleague)
    response = client.get("/admin/")
    once = lists(response)
    for scope in ("mine", "ministry"):
        changed = once[scope, "changed", "motion"]
        assert changed.count == 1 and [row.item for row in changed.rows] == [item]
        assert [event.summary() for event in changed.rows[0].changes] == ["bijgewerkt: titel"]
        assert changelist(client, changed.url) == {item.pk}
    assert "bijgewerkt: titel" in response.content.decode() and "Kees" in response.content.decode()

    again = lists(client.get("/admin/"))
    assert [again[key].count for key in again if key[1] == "changed"] == [0] * 5
    # The link of the visit that showed it still lists it: the moment is in the URL.
    assert changelist(client, once["mine", "changed", "motion"].url) == {item.pk}
    # Visits are per user: the colleague's first visit still shows it.
    client.force_login(colleague)
    assert item in [row.item for row in lists(client.get("/admin/"))["ministry", "changed", "motion"].rows]


def test_another_ministrys_items_never_appear(client, world):
    theirs = world["theirs"]
    their_items = [item for items in theirs.values() for item in items]
    motion_update(motion=theirs["due_mine"][0], data={"title": "Gewijzigd bij AenM"}, by=world["other"])
    client.force_login(world["me"])
    response = client.get("/admin/")
    page = response.content.decode()
    shown = {(type(row.item), row.item.pk) for item_list in lists(response).values() for row in item_list.rows}
    for item_list in lists(response).values():
        shown |= {(item_list.model, pk) for pk in changelist(client, item_list.url)}
    assert not shown & {(type(item), item.pk) for item in their_items}
    assert "AenM" not in page and "Asiel en Migratie" not in page
    # And the other way round.
    client.force_login(world["other"])
    response = client.get("/admin/")
    assert lists(response)["ministry", "decision", "letter"].count == 1
    assert not {row.item.pk for row in lists(response)["ministry", "due", "motion"].rows} & pks(
        world["mine"]["due_mine"]
    )


def test_a_superuser_keeps_djangos_index_with_a_link_to_the_workbench_of_every_ministry(
    client, world, django_user_model
):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "a-long-root-password")
    client.force_login(root)
    index = client.get("/admin/")
    assert "admin/workbench.html" not in [t.name for t in index.templates]
    assert 'href="/admin/werkbank/"' in index.content.decode()
    response = client.get("/admin/werkbank/")
    assert "Alle ministeries" in response.content.decode()
    decision = lists(response)["ministry", "decision", "letter"]
    assert {row.item.pk for row in decision.rows} == pks(
        world["mine"]["for_decision"] + world["theirs"]["for_decision"]
    )
    assert changelist(client, decision.url) == {row.item.pk for row in decision.rows}
    assert {key[0] for key in lists(response)} == {"ministry"}  # only staff of a ministry are made responsible


def test_staff_of_no_ministry_get_djangos_index_and_an_empty_workbench(client, world, django_user_model):
    loner = django_user_model.objects.create_user("los", "los@example.org", "pw-123-secret!", is_staff=True)
    client.force_login(loner)
    index = client.get("/admin/")
    assert index.status_code == 200 and "/admin/werkbank/" not in index.content.decode()
    response = client.get("/admin/werkbank/")
    assert "geen ministerie" in response.content.decode()
    assert all(item_list.count == 0 for item_list in lists(response).values())


def test_a_staff_member_sees_only_the_kinds_of_items_they_may_view(client, world):
    from django.contrib.auth.models import Permission

    me = world["me"]
    me.user_permissions.set(Permission.objects.filter(content_type__app_label="motions"))
    client.force_login(me)
    assert {key[2] for key in lists(client.get("/admin/"))} == {"motion"}


@pytest.mark.parametrize(
    "query",
    [
        "gewijzigd_sinds=gisteren",
        "gewijzigd_sinds=99999-01-01",
        "termijn_binnen=31",
        "termijn_binnen=-1",
        "verantwoordelijke=iedereen",
        "te_laat=misschien",
    ],
)
def test_a_bad_filter_value_is_refused_not_ignored(client, world, query):
    client.force_login(world["me"])
    response = client.get(f"/admin/motions/motion/?{query}")
    assert response.status_code == 302 and response["Location"].endswith("?e=1")  # Django's answer to a bad filter


def test_the_letter_filter_refuses_a_bad_value_too(client, world):
    client.force_login(world["me"])
    assert client.get("/admin/letters/letter/?wacht_op=iets").status_code == 302
    assert changelist(client, "/admin/letters/letter/?wacht_op=besluit") == pks(world["mine"]["for_decision"])


def test_the_workbench_in_english(client, world):
    from django.conf import settings

    client.force_login(world["me"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/admin/").content.decode()
    assert_shows(
        page,
        "<h1>Workbench</h1>",
        "My items",
        "My ministry: ",
        "Latest date within 30 days",
        "Overdue",
        "Letters for decision",
        "12 days late",
        "1 day late",
        "today",
        "in 12 days",
        "All parts of the admin",
    )
    assert_hides(page, "dagen te laat", "Mijn items", "Te laat")


# -- a fixed number of queries ------------------------------------------------------------------------


def add_items(n, *, ministry, user):
    """``n`` items of ``ministry`` spread over every list of the workbench (written in bulk: the point is
    their number), each with a timeline event now."""
    from commitments.models import CommitmentEvent
    from letters.models import LetterEvent, LinkProposal
    from motions.models import MotionEvent

    today, now = timezone.localdate(), timezone.now()
    base = Motion.objects.count() + Commitment.objects.count() + Letter.objects.count() + 1_000
    kinds = ["motion_due", "motion_late", "commitment_due", "commitment_late", "letter_decision", "letter_proposal"]
    motions, commitments, letters = [], [], []
    for i in range(n):
        kind, nr = kinds[i % len(kinds)], base + i
        if kind.startswith("motion"):
            motions.append(
                Motion(
                    ref=f"36 999, nr. {nr}",
                    title=f"Motie {nr}",
                    ministry=ministry,
                    responsible=user,
                    status=MotionStatus.ADOPTED,
                    deadline_date=today + (3 if kind == "motion_due" else -3) * DAY,
                )
            )
        elif kind.startswith("commitment"):
            commitments.append(
                Commitment(
                    text=f"Toezegging {nr}",
                    ministry=ministry,
                    responsible=user,
                    deadline_date=today + (3 if kind == "commitment_due" else -3) * DAY,
                )
            )
        else:
            letters.append(
                (
                    Letter(
                        subject=f"Brief {nr}",
                        ministry=ministry,
                        status=LetterStatus.FOR_DECISION if kind == "letter_decision" else LetterStatus.DRAFT,
                    ),
                    kind,
                )
            )
    Motion.objects.bulk_create(motions)
    Commitment.objects.bulk_create(commitments)
    Letter.objects.bulk_create([letter for letter, _kind in letters])
    target = motions[0] if motions else Motion.objects.filter(ministry=ministry).first()
    LinkProposal.objects.bulk_create(
        [
            LinkProposal(letter=letter, motion=target, confidence=1)
            for letter, kind in letters
            if kind == "letter_proposal"
        ]
    )
    MotionEvent.objects.bulk_create(
        [MotionEvent(motion=m, kind="created", to_status=m.status, at=now, by=user) for m in motions]
    )
    CommitmentEvent.objects.bulk_create(
        [CommitmentEvent(commitment=c, kind="created", to_status=c.status, at=now, by=user) for c in commitments]
    )
    LetterEvent.objects.bulk_create(
        [
            LetterEvent(letter_item=letter, kind="created", to_status=letter.status, at=now, by=user)
            for letter, _kind in letters
        ]
    )


def test_the_workbench_runs_a_fixed_number_of_queries_with_10_and_with_1000_items(client, world):
    me = world["me"]
    ministry = me.staff_profile.ministry
    client.force_login(me)
    client.get("/admin/")  # the first visit writes a row; the others update it

    def visit():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/admin/")
        assert response.status_code == 200
        return len(queries), lists(response)

    add_items(10, ministry=ministry, user=me)
    few, small = visit()
    add_items(990, ministry=ministry, user=me)
    many, large = visit()
    for found in (small, large):  # every list has rows, so every query of the page runs
        assert all(item_list.rows for item_list in found.values()), [k for k, v in found.items() if not v.rows]
    assert large["ministry", "changed", "motion"].count == 330  # the 990 new ones: 165 of each of 6 kinds
    assert large["mine", "due", "motion"].count == small["mine", "due", "motion"].count + 165
    assert large["ministry", "decision", "letter"].count == small["ministry", "decision", "letter"].count + 165
    assert many == few, f"{few} queries with 10 items, {many} with 1,000"
    assert few <= 60, few
