"""Subscribe, confirm, manage and unsubscribe: thin views over alerts.services."""
from __future__ import annotations

from django import forms
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services
from .models import Frequency, SubscriptionState

CONTROL = {"kind", "email", "frequency", "query", "csrfmiddlewaretoken", "page", "sort"}


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Je e-mailadres"))
    frequency = forms.ChoiceField(label=_("Hoe vaak?"), choices=Frequency.choices, initial=Frequency.DAILY,
                                  widget=forms.RadioSelect)
    kind = forms.CharField(widget=forms.HiddenInput, max_length=20)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)


def _query_from(params) -> str:
    q = QueryDict(mutable=True)
    for key in params:
        if key not in CONTROL:
            q.setlist(key, params.getlist(key))
    return q.urlencode()


@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
    else:
        form = SubscribeForm(initial={"kind": request.GET.get("kind", "moties"), "query": _query_from(request.GET)})
    label, error = "", None
    data = form.data if form.is_bound else form.initial
    try:
        label = services.describe(kind=data.get("kind", ""), query=data.get("query", "") or "")
    except services.AlertError as exc:
        error = str(exc)
    if form.is_bound and form.is_valid() and not error:
        sub = services.subscribe(email=form.cleaned_data["email"], kind=form.cleaned_data["kind"],
                                 query=form.cleaned_data["query"], frequency=form.cleaned_data["frequency"],
                                 language=get_language() or "nl")
        return render(request, "alerts/sent.html", {"subscription": sub})
    return render(request, "alerts/subscribe.html", {"form": form, "label": label, "error": error},
                  status=400 if (error or (form.is_bound and form.errors)) else 200)


def _subscription(token: str, purpose: str):
    sub = services.read_token(token, purpose)
    if sub is None:
        raise Http404
    return sub


@require_http_methods(["GET"])
def confirm(request, token):
    sub = services.confirm(subscription=_subscription(token, "confirm"))
    return render(request, "alerts/manage.html", {
        "subscription": sub, "confirmed": True, "token": services.make_token(sub, "manage"),
        "unsubscribe_token": services.make_token(sub, "unsubscribe"), "frequencies": Frequency.choices})


@require_http_methods(["GET", "POST"])
def manage(request, token):
    sub = _subscription(token, "manage")
    message = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "pause":
                services.update(subscription=sub, paused=True)
            elif action == "resume":
                services.update(subscription=sub, paused=False)
            elif action == "frequency":
                services.update(subscription=sub, frequency=request.POST.get("frequency"))
            message = _("Opgeslagen.")
        except services.AlertError as exc:
            message = str(exc)
    return render(request, "alerts/manage.html", {
        "subscription": sub, "token": token, "message": message, "frequencies": Frequency.choices,
        "unsubscribe_token": services.make_token(sub, "unsubscribe")})


@csrf_exempt  # RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" without a form token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    sub = _subscription(token, "unsubscribe")
    if request.method == "POST":
        services.unsubscribe(subscription=sub)
    return render(request, "alerts/unsubscribe.html", {
        "subscription": sub, "done": sub.state == SubscriptionState.UNSUBSCRIBED})
