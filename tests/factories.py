"""Test data builders, in one place. Items are created through the services, like the app does."""

import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from core.models import Ministry, Party, Person, StaffProfile

_seq = itertools.count(1)


class _ByAbbreviationFactory(factory.django.DjangoModelFactory):
    """Ministries and parties are known by their abbreviation: naming an existing one gets it."""

    class Meta:
        abstract = True
        django_get_or_create = ("abbreviation",)


class MinistryFactory(_ByAbbreviationFactory):
    class Meta:
        model = Ministry

    name = factory.Sequence(lambda n: f"Ministerie {n}")
    abbreviation = factory.Sequence(lambda n: f"M{n}")
    parliamentary_affairs_email = factory.LazyAttribute(lambda o: f"pz@{o.abbreviation.lower()}.example")


class PartyFactory(_ByAbbreviationFactory):
    class Meta:
        model = Party

    abbreviation = factory.Sequence(lambda n: f"P{n}")
    name = factory.LazyAttribute(lambda o: f"Partij {o.abbreviation}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    initials = "A.B."
    surname = factory.Sequence(lambda n: f"Lid{n}")
    party = factory.SubFactory(PartyFactory)


def make_staff(username: str, ministry: Ministry, **extra):
    """A staff user of one ministry with the model permissions ministry staff get."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "pw-123-secret!", is_staff=True, **extra
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["motions", "commitments", "letters"])
    )
    StaffProfile.objects.create(user=user, ministry=ministry)
    return get_user_model().objects.get(pk=user.pk)


def default_ministry() -> Ministry:
    """The ministry items get when a test names none: one for all, since a letter answers only
    items of its own ministry."""
    return MinistryFactory(abbreviation="TEST", name="Ministerie van Tests")


def make_motion(status="ingediend", ministry=None, nr=None, **fields):
    from motions.services import motion_create

    nr = nr or next(_seq)
    fields.setdefault("title", f"Motie {nr}")
    return motion_create(ref=f"36 000, nr. {nr}", status=status, ministry=ministry or default_ministry(), **fields)


def make_commitment(status="openstaand", ministry=None, **fields):
    from commitments.services import commitment_create

    return commitment_create(
        text=f"Toezegging {next(_seq)}", status=status, ministry=ministry or default_ministry(), **fields
    )


def make_letter(status="concept", ministry=None, links=(), **fields):
    from letters.services import letter_advance, letter_create

    if ministry is None:  # a letter answers items of its own ministry
        ministry = next((item.ministry for item, *_rest in links if item.ministry_id), None) or default_ministry()
    letter = letter_create(subject=f"Brief {next(_seq)}", ministry=ministry, links=links, **fields)
    if status != "concept":
        letter_advance(letter=letter, to=status)
    return letter
