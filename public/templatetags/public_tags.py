from django import template

from core.workflow import status_label
from public import kinds

register = template.Library()


# How a page names and links an item, one source for all kinds (public/kinds.py).
for name, function in (
    ("public_url", kinds.item_url),
    ("label", kinds.item_label),
    ("item_key", kinds.item_key),
    ("heading", kinds.item_heading),
):
    register.filter(name, function)


@register.filter
def overdue(item):
    return bool(getattr(item, "is_overdue", None) and item.is_overdue())


@register.simple_tag
def described_widget(field):
    """The field's widget pointing at its hint and error message (``{auto_id}_helptext``,
    ``{auto_id}_error``). Django does so itself except for widgets shown in a fieldset (checkboxes,
    radio buttons), which get it here on every option."""
    ids = [f"{field.auto_id}_helptext"] * bool(field.help_text) + [f"{field.auto_id}_error"] * bool(field.errors)
    return field.as_widget(attrs={"aria-describedby": " ".join(ids)} if ids and field.auto_id else None)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination links keep the filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


@register.filter(name="status_label")
def status_label_filter(value, item):
    return status_label(item, value)
