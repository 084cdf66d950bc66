"""Driving admin forms the way a browser does: the POST a change form sends when saved as shown."""

from __future__ import annotations


def form_post_data(response) -> dict:
    """Every field of the change form and its inlines, with the values the page shows."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {"_save": "1"}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            if isinstance(value, bool):
                value = "on" if value else ""
            elif isinstance(value, (list, tuple)):
                value = [str(getattr(v, "pk", v)) for v in value]
            else:
                value = getattr(value, "pk", value)
            if value != "":
                data[name if form is forms[0] else form.add_prefix(name)] = value
    return data


def change_url(item) -> str:
    return f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/change/"


def timeline(item) -> list[tuple]:
    return list(item.events.order_by("at", "id").values_list("kind", "from_status", "to_status", "changed_fields"))
