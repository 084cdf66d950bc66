"""Form widgets of the public filter forms, rendered in Python.

Django renders every ``<option>`` of a select through three templates (select_option.html and
attrs.html per option); on the motion list that was half the page's server time (bench/public_pages.py
--profile). :class:`FastSelect` writes exactly the same HTML with ``format_html``."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.html import conditional_escape, format_html
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
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [format_html('<select name="{}"', widget["name"]), attrs_html(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                html.append(format_html('\n  <option value="{}"', str(option["value"])))
                html.append(attrs_html(option["attrs"]))
                html.append(format_html(">{}</option>\n", conditional_escape(option["label"])))
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))  # every part above is escaped by format_html


def speed_up(form, name: str):
    """Render ``form``'s plain selects with :class:`FastSelect` (same HTML, no template per option), and
    take the choices of its model choice fields (ministries, parties, people: a query each, the people
    one over every submitter) from the cache, per data version and language (public/versions.py): they
    change only when those rows do. ``name`` tells forms apart in the key. Validation still asks the
    field's queryset, so a stale choice could never be accepted. Only with the page cache on
    (``KT_PAGE_CACHE``), which needs versions that move on commit."""
    model_fields = {key: field for key, field in form.fields.items() if hasattr(field, "queryset")}
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            field.widget.__class__ = FastSelect
    if not model_fields or not caching.enabled():
        return form
    key = f"choices:{name}:{translation.get_language()}:{versions.current().token(versions.ALL)}"
    cache = caching.page_cache()
    choices = cache.get(key)
    if choices is None:
        choices = {
            field_name: [(str(value), str(label)) for value, label in field.choices]
            for field_name, field in model_fields.items()
        }
        cache.set(key, choices, 3600)
    for field_name, field in model_fields.items():
        field.widget.choices = choices[field_name]
    return form
