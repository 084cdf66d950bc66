"""Form widgets of the public filter forms, rendered in Python.

Django renders every ``<option>`` of a select through three templates (select_option.html and
attrs.html per option); on the motion list that was half the page's server time (bench/public_pages.py
--profile). :class:`FastSelect` writes exactly the same HTML with ``format_html``."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from . import caching, versions


def attrs_html(attrs: dict) -> str:
    """What django/forms/widgets/attrs.html writes: `` name="value"``, `` name`` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


class FastSelect(forms.Select):
    """A single select, written straight from its choices: Django's ``optgroups`` builds a dictionary
    per option (and copies attributes for it) before its templates run, which on the motion list's
    150 people was most of what the filter form cost. Groups (none in our forms) go Django's way."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = self.format_value(value)
        html = [format_html('<select name="{}"', name), attrs_html(self.build_attrs(self.attrs, attrs)), ">"]
        chosen = False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not chosen and option_value in wanted  # as Django: the first match only
            chosen |= selected
            html += ['\n  <option value="', escape(option_value), '"', " selected" * selected, ">"]
            html += [conditional_escape(label), "</option>\n"]
        html.append("\n</select>")
        return mark_safe("".join(html))  # every value and label above is escaped


def model_choices(field) -> list[tuple[str, str]]:
    """A model choice field's choices as Django's own iterator gives them, in one plain query: the
    iterator reads through a server-side cursor (DECLARE, FETCH, CLOSE) after a COUNT that ``list()``
    asks for its length, four round trips for a list of 150 names."""
    choices = [("", str(field.empty_label))] if field.empty_label is not None else []
    choices += [(str(field.prepare_value(obj)), str(field.label_from_instance(obj))) for obj in field.queryset]
    return choices


def speed_up(form, name: str):
    """Render ``form``'s plain selects with :class:`FastSelect` (same HTML, no template per option), with
    the choices of its model choice fields (ministries, parties, people: a query each, the people one
    over every submitter) read in one plain query each (:func:`model_choices`) and, with the page cache
    on (``KT_PAGE_CACHE``, which needs versions that move on commit), kept in the cache per data
    version and language (public/versions.py): they change only when those rows do. ``name`` tells
    forms apart in the key. Validation still asks the field's queryset, so a stale choice could never
    be accepted."""
    model_fields = {key: field for key, field in form.fields.items() if hasattr(field, "queryset")}
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            field.widget.__class__ = FastSelect
    if not model_fields:
        return form
    if not caching.enabled():
        for field in model_fields.values():
            field.widget.choices = _read_once(field)  # when rendered, as Django's own choices are
        return form
    key = f"choices:{name}:{translation.get_language()}:{versions.current().token(versions.ALL)}"
    cache = caching.page_cache()
    choices = cache.get(key)
    if choices is None:
        choices = {field_name: model_choices(field) for field_name, field in model_fields.items()}
        cache.set(key, choices, 3600)
    for field_name, field in model_fields.items():
        field.widget.choices = choices[field_name]
    return form


def _read_once(field):
    """The field's :func:`model_choices`, read when first asked for (a form that is never rendered reads
    nothing) and then kept for this form; Django calls it on every iteration."""
    kept = []

    def choices():
        if not kept:
            kept.append(model_choices(field))
        return kept[0]

    return choices
