"""Subscribe, confirm, manage, unsubscribe and stop all mail: thin views over the alerts modules (services, tokens, selectors)."""

from __future__ import annotations

import math
from functools import wraps

from django import forms
from django.conf import settings
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import SimpleRateThrottle

from tracker.clients import client_ip

from . import errors, selectors, services, tokens
from .models import Frequency, Recipient, SubscriptionState

CONTROL = {"kind", "email", "frequency", "query", "csrfmiddlewaretoken", "page", "sort"}


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Je e-mailadres"), max_length=services.EMAIL_MAX)
    frequency = forms.ChoiceField(
        label=_("Hoe vaak?"), choices=Frequency.choices, initial=Frequency.DAILY, widget=forms.RadioSelect
    )
    kind = forms.CharField(widget=forms.HiddenInput, max_length=20)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=services.QUERY_MAX)


class SignupThrottle(SimpleRateThrottle):
    """Sign-ups per client address (``KT_ALERTS_SIGNUP_RATE``), counted in the shared cache."""

    scope = "alerts-signup"

    def get_rate(self):
        return settings.KT_ALERTS_SIGNUP_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


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
        throttle = SignupThrottle()
        if not throttle.allow_request(request, None):
            wait = math.ceil(throttle.wait() or 60)
            response = render(
                request,
                "alerts/subscribe.html",
                {
                    "form": form,
                    "error": _("Te veel aanmeldingen vanaf dit adres. Probeer het over %(minutes)d minuten opnieuw.")
                    % {"minutes": math.ceil(wait / 60)},
                },
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
    else:
        form = SubscribeForm(initial={"kind": request.GET.get("kind", "moties"), "query": _query_from(request.GET)})
    label, error = "", None
    data = form.data if form.is_bound else form.initial
    try:
        label = selectors.describe(kind=data.get("kind", ""), query=services.clean_query(data.get("query", "")))
    except errors.AlertError as exc:
        error = str(exc)
    if form.is_bound and form.is_valid() and not error:
        try:
            signup = services.subscribe(
                email=form.cleaned_data["email"],
                kind=form.cleaned_data["kind"],
                query=form.cleaned_data["query"],
                frequency=form.cleaned_data["frequency"],
                language=get_language() or "nl",
            )
        except errors.AlertError as exc:
            error = str(exc)
        else:
            return render(request, "alerts/sent.html", {"email": form.cleaned_data["email"], "signup": signup})
    return render(
        request,
        "alerts/subscribe.html",
        {"form": form, "label": label, "error": error},
        status=400 if (error or (form.is_bound and form.errors)) else 200,
    )


def _expired(request, exc):
    return render(request, "alerts/expired.html", {"message": str(exc)}, status=410)


def _read(token: str, purpose: str, model=None):
    """The subscription (recipient) of a token; Http404 when forged; TokenExpired when too old."""
    found = tokens.read_token(token, purpose, **({"model": model} if model else {}))
    if found is None:
        raise Http404
    return found


def token_view(purpose: str, model=None):
    """A view reached by a signed link: called with what the token names (a subscription, or a
    ``Recipient``) instead of the token; a forged token is a 404, an expired one the 410 page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, token):
            try:
                found = _read(token, purpose, model)
            except errors.TokenExpired as exc:
                return _expired(request, exc)
            return view(request, found, token)

        return wrapper

    return decorator


@require_http_methods(["GET", "POST"])
@token_view("confirm")
def confirm(request, sub, token):
    """The link in the confirmation mail: confirms its request and shows the address's other waiting
    requests, each to confirm with a click (one mail a day serves every request of the address)."""
    services.confirm(subscription=sub)
    also = None
    if request.method == "POST":
        raw = request.POST.get("confirm", "")
        valid = raw.isascii() and raw.isdigit() and len(raw) <= 18
        chosen = services.waiting(sub.email).filter(pk=int(raw)).first() if valid else None
        if chosen is None:
            raise Http404
        also = services.confirm(subscription=chosen)
    sub.refresh_from_db()
    return render(
        request,
        "alerts/manage.html",
        {
            "subscription": sub,
            "confirmed": sub.state == SubscriptionState.ACTIVE,
            "also": also,
            "waiting": services.waiting(sub.email),
            "confirm_token": token,
            "token": tokens.make_token(sub, "manage"),
            "unsubscribe_token": tokens.make_token(sub, "unsubscribe"),
            "frequencies": Frequency.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@token_view("manage")
def manage(request, sub, token):
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
        except errors.AlertError as exc:
            message = str(exc)
    return render(
        request,
        "alerts/manage.html",
        {
            "subscription": sub,
            "token": token,
            "message": message,
            "frequencies": Frequency.choices,
            "unsubscribe_token": tokens.make_token(sub, "unsubscribe"),
        },
    )


@csrf_exempt  # RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" without a form token
@require_http_methods(["GET", "POST"])
@token_view("unsubscribe")
def unsubscribe(request, sub, token):
    if request.method == "POST":
        services.unsubscribe(subscription=sub)
    return render(
        request,
        "alerts/unsubscribe.html",
        {
            "subscription": sub,
            "done": sub.state == SubscriptionState.UNSUBSCRIBED,
            "stop_token": tokens.make_token(Recipient.of(sub), "stop"),
        },
    )


@csrf_exempt  # the List-Unsubscribe of a confirmation mail: RFC 8058 one-click, no form token
@require_http_methods(["GET", "POST"])
@token_view("stop", model=Recipient)
def stop(request, recipient, token):
    """Stop all mail to the address (a GET, as a mail scanner sends, only asks); the same link lets
    its owner allow mail again."""
    if request.method == "POST":
        if request.POST.get("action") == "allow":
            recipient = services.allow_mail_again(recipient=recipient)
        else:
            recipient = services.stop_all_mail(recipient=recipient)
    return render(request, "alerts/stop.html", {"recipient": recipient, "stopped": bool(recipient.stopped_at)})
