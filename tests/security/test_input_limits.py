"""Every field a person or a client can fill in has a type and, for text, a length limit: the admin's
forms and inlines, every form class of the project, the public filters (also the API's query
parameters) and the API's writable serializer fields. Found by walking the code, so a new form or
field cannot be forgotten."""

import inspect
import re

import django_filters
import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.urls import get_resolver

OWN_APPS = (
    "core",
    "motions",
    "commitments",
    "letters",
    "notifications",
    "reminders",
    "alerts",
    "tkimport",
    "accounts",
    "public",
    "exports",
    "api",
    "tracker",
)
# Django's password fields: the request size bounds them (DATA_UPLOAD_MAX_MEMORY_SIZE), and hashing
# cost does not grow with a password's length (PBKDF2 pre-hashes long keys).
PASSWORDS = {"password", "password1", "password2", "old_password", "new_password1", "new_password2"}


def unlimited(form_fields) -> list[str]:
    """The text fields without a maximum length, and fields of no known type."""
    bad = []
    for name, field in form_fields.items():
        if name in PASSWORDS:
            continue
        if isinstance(field, forms.UUIDField):
            continue  # parsed as a UUID: nothing else gets through
        if isinstance(field, forms.CharField) and field.max_length is None:
            bad.append(f"{name} ({type(field).__name__}: no max_length)")
        elif type(field) is forms.Field:
            bad.append(f"{name} (untyped forms.Field)")
    return bad


@pytest.fixture
def superuser_request(db, django_user_model):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model.objects.create_superuser("limits", "l@example.org", "x" * 16)
    return request


def test_every_admin_form_and_inline_limits_its_fields(superuser_request):
    problems = {}
    for model, model_admin in admin.site._registry.items():
        forms_ = {"form": model_admin.get_form(superuser_request, None)}
        for inline in model_admin.get_inline_instances(superuser_request):
            forms_[f"inline {type(inline).__name__}"] = inline.get_formset(superuser_request).form
        for label, form_class in forms_.items():
            bad = unlimited(form_class.base_fields)
            if bad:
                problems[f"{model._meta.label} {label}"] = bad
    assert problems == {}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _fields(form_class):
    """The fields of a form as it is used: some set limits in ``__init__`` (the login's username)."""
    try:
        return form_class().fields
    except (TypeError, ValueError):  # needs arguments, or is abstract (no model): the class's own fields
        return form_class.base_fields


def test_every_project_form_limits_its_fields():
    get_resolver().url_patterns  # import every view, and with them their forms  # noqa: B018
    import accounts.forms  # noqa: F401
    import core.admin_mixins  # noqa: F401
    import letters.admin  # noqa: F401

    own = [f for f in set(_subclasses(forms.BaseForm)) if f.__module__.split(".")[0] in OWN_APPS]
    assert len(own) >= 5, own
    problems = {f"{f.__module__}.{f.__qualname__}": unlimited(_fields(f)) for f in own}
    assert {k: v for k, v in problems.items() if v} == {}


def test_every_public_filter_limits_its_fields():
    from public import filters

    sets = [
        c
        for _, c in inspect.getmembers(filters, inspect.isclass)
        if issubclass(c, django_filters.FilterSet) and c.__module__ == filters.__name__ and c._meta.model
    ]
    assert len(sets) >= 3
    problems = {c.__name__: unlimited(c().form.fields) for c in sets}
    assert {k: v for k, v in problems.items() if v} == {}


def test_every_writable_api_field_is_typed_and_limited():
    from rest_framework import fields, serializers

    from api import serializers as api_serializers

    problems = {}
    for _, cls in inspect.getmembers(api_serializers, inspect.isclass):
        if not issubclass(cls, serializers.BaseSerializer) or cls.__module__ != api_serializers.__name__:
            continue
        if getattr(getattr(cls, "Meta", None), "abstract", False) or (
            issubclass(cls, serializers.ModelSerializer) and not hasattr(getattr(cls, "Meta", None), "model")
        ):
            continue  # a base class, never used as is
        for name, field in cls().fields.items():
            if field.read_only:
                continue
            if isinstance(field, fields.CharField) and field.max_length is None:
                problems.setdefault(cls.__name__, []).append(f"{name}: no max_length")
            elif type(field) is fields.Field:
                problems.setdefault(cls.__name__, []).append(f"{name}: untyped")
    assert problems == {}


@pytest.mark.django_db
def test_the_admin_refuses_an_over_long_text_with_a_form_error(client):
    """The limit is enforced, not only declared: one oversized text in the admin is a form error."""
    from commitments.models import Commitment
    from core.fields import COMMITMENT_TEXT_MAX
    from tests.factories import MinistryFactory, make_commitment, make_staff

    ministry = MinistryFactory(abbreviation="JenV")
    commitment = make_commitment(ministry=ministry)
    client.force_login(make_staff("lang", ministry))
    url = f"/admin/commitments/commitment/{commitment.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    version = re.search(r'name="version" value="([^"]*)"', page.content.decode()).group(1)  # as the page sends it
    data.update(text="x" * (COMMITMENT_TEXT_MAX + 1), version=version)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "text" in response.context["adminform"].form.errors
    assert Commitment.objects.get(pk=commitment.pk).text == commitment.text
