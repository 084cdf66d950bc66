"""The public filter forms' selects (public/widgets.py) write exactly the HTML Django's own Select
writes, from choices read in one plain query per model field."""

import pytest
from django import forms
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from public import kinds
from public.views import filtered
from public.widgets import FastSelect, model_choices
from tests.factories import MinistryFactory

pytestmark = pytest.mark.django_db

PARAMS = ["", "ministry=T%26O&sort=-termijn&overdue=true&chamber=ek", "party=X&member=1&ministry=nope"]


@pytest.fixture
def awkward_names():
    """Names that need escaping, and two choices with the same value."""
    from core.models import Party, Person

    MinistryFactory(abbreviation="T&O", name='Toerisme & "Ontspanning" <ministerie>')
    party = Party.objects.create(abbreviation="X", name="X <&> Y")
    Person.objects.create(surname="O'Neill & <Zoon>", initials="A.", party=party)


@pytest.mark.parametrize("slug", ["moties", "toezeggingen", "brieven"])
@pytest.mark.parametrize("params", PARAMS)
def test_fast_selects_write_what_django_writes(slug, params, awkward_names):
    form = filtered(kinds.KINDS[slug], QueryDict(params)).form
    fast = [name for name, field in form.fields.items() if type(field.widget) is FastSelect]
    assert "ministry" in fast and "member" in fast
    for name in fast:
        bound = form[name]
        ours = bound.as_widget(attrs={"aria-describedby": "x_helptext"})
        form.fields[name].widget.__class__ = forms.Select
        django = bound.as_widget(attrs={"aria-describedby": "x_helptext"})
        assert ours == django, name
    assert "T&amp;O" in str(form["ministry"]) and "&lt;ministerie&gt;" in str(form["ministry"])


def test_only_the_first_matching_option_is_selected_as_in_django():
    widget = FastSelect(choices=[("a", "A"), ("a", "A again"), ("", "none")])
    assert widget.render("x", "a") == forms.Select(choices=widget.choices).render("x", "a")
    assert widget.render("x", "a").count(" selected") == 1


def test_grouped_choices_go_djangos_way():
    choices = [("Group <1>", [("a", "A"), ("b", "B")]), ("c", "C")]
    assert FastSelect(choices=choices).render("x", "b") == forms.Select(choices=choices).render("x", "b")


def test_model_choices_are_one_plain_query_each(awkward_names):
    form = filtered(kinds.KINDS["moties"], QueryDict("")).form
    field = form.fields["member"]
    field.queryset = field.queryset.all()  # read afresh (the form's set-up already read it)
    with CaptureQueriesContext(connection) as ctx:
        ours = model_choices(field)
    assert len(ctx) == 1 and not ctx.captured_queries[0]["sql"].startswith(("DECLARE", "SELECT COUNT"))
    assert ours == [(str(value), str(label)) for value, label in field.choices]


def test_with_the_cache_off_choices_are_read_when_rendered_and_once(awkward_names):
    form = filtered(kinds.KINDS["moties"], QueryDict("")).form
    with CaptureQueriesContext(connection) as ctx:
        form.fields["ministry"]  # building the form reads nothing
    assert len(ctx) == 0
    with CaptureQueriesContext(connection) as ctx:
        first, second = str(form["ministry"]), str(form["ministry"])
    assert len(ctx) == 1 and first == second and "&lt;ministerie&gt;" in first
