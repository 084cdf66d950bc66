"""The JSON API: thin views over the selectors (reads) and the workflow services (writes)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status as http_status
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from commitments import services as commitments_services
from core.permissions import may_change, may_change_model, scope_to_user
from core.workflow import WorkflowError, allowed_targets
from letters import services as letters_services
from motions import services as motions_services
from public import caching
from public.filters import DOSSIER_PATTERN

from . import filters, params, selectors, serializers


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Public reads: list with filters and pagination, and detail."""

    selector = None
    lookup_value_regex = "[0-9]{1,18}"  # ids are bigints: anything else is a 404, never a 500

    def get_queryset(self):
        return type(self).selector()

    def list(self, request, *args, **kwargs):
        return self._cached(request, lambda: super(ReadOnlyViewSet, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return self._cached(request, lambda: super(ReadOnlyViewSet, self).retrieve(request, *args, **kwargs))

    def _cached(self, request, handler):
        """JSON reads through the public cache (public/caching.py: keys of the data versions, ETag, 304);
        a token user's answer is neither stored nor served from it. The throttle has already run."""
        if request.accepted_renderer.format != "json":
            return handler()

        def render():
            response = handler()
            if isinstance(response, Response):
                response.accepted_renderer = request.accepted_renderer
                response.accepted_media_type = request.accepted_media_type
                response.renderer_context = self.get_renderer_context()
                response.render()
            return response

        return caching.serve(
            request,
            caching.versions.ALL,
            render,
            signed_in=request.user.is_authenticated,
            variant=request.accepted_media_type,
        )


class TransitionMixin:
    """``POST <item>/transition/``: a status change through the app's workflow service, for a
    token whose user may edit the item's ministry (core.permissions, the same rule as the admin).
    The item may be one the public cannot see yet (a draft letter)."""

    services = None  # the app's ItemServices (core.services)

    def _item_for_write(self, pk):
        model = self.get_serializer_class().Meta.model
        user = self.request.user
        if not may_change_model(user, model):
            raise PermissionDenied(
                _("Dit token mag geen %(model)s wijzigen: daarvoor is een actieve medewerker met wijzigrechten nodig.")
                % {"model": model._meta.verbose_name_plural}
            )
        item = scope_to_user(model.objects.all(), user).filter(pk=pk).first()
        if item is not None:
            if not may_change(user, item):  # the admin's rule, asked the same way
                raise PermissionDenied(_("Dit item valt onder een ander ministerie; dit token mag het niet wijzigen."))
            return item
        if self.get_queryset().filter(pk=pk).exists():
            raise PermissionDenied(_("Dit item valt onder een ander ministerie; dit token mag het niet wijzigen."))
        raise NotFound(_("%(model)s %(pk)s bestaat niet.") % {"model": model._meta.verbose_name, "pk": pk})

    @action(
        detail=True, methods=["post"], permission_classes=[IsAuthenticated], filter_backends=[], pagination_class=None
    )
    def transition(self, request, pk=None):
        item = self._item_for_write(pk)
        payload = serializers.transition_serializer(type(item))(data=request.data)
        if not payload.is_valid():
            detail = "; ".join(f"{field}: {' '.join(map(str, errors))}" for field, errors in payload.errors.items())
            return Response(
                {"detail": detail, "status": item.status, "allowed": allowed_targets(item)},
                status=http_status.HTTP_400_BAD_REQUEST,
            )
        try:
            # The answer is read inside the transaction: once it commits, nothing is left that could
            # fail and turn a committed change into an error (a client would retry and be refused).
            with transaction.atomic():
                self.services.move_item(
                    item, to=payload.validated_data["to"], by=request.user, reason=payload.validated_data["reason"]
                )
                fresh = type(item).objects.select_related("ministry").get(pk=item.pk)
                data = self.get_serializer(fresh).data
        except (WorkflowError, DjangoValidationError) as exc:
            item.refresh_from_db()
            message = str(exc) if isinstance(exc, WorkflowError) else "; ".join(exc.messages)
            return Response(
                {"detail": message, "status": item.status, "allowed": allowed_targets(item)},
                status=http_status.HTTP_409_CONFLICT,
            )
        return Response(data)


DETAIL = OpenApiResponse(serializers.DetailSerializer, description="Uitleg in `detail`.")
TRANSITION_ERRORS = {
    400: OpenApiResponse(
        serializers.TransitionErrorSerializer, description="Onbekende status of te lange reden; er is niets gewijzigd."
    ),
    401: OpenApiResponse(serializers.DetailSerializer, description="Geen of een ongeldig token."),
    403: OpenApiResponse(
        serializers.DetailSerializer,
        description="Het item valt onder een ander ministerie, of het token is niet van een actieve "
        "medewerker met wijzigrechten.",
    ),
    404: OpenApiResponse(serializers.DetailSerializer, description="Geen item met dit id."),
    409: OpenApiResponse(
        serializers.TransitionErrorSerializer,
        description="De workflow staat deze overgang nu niet toe; er is niets gewijzigd.",
    ),
}
LIST_ERRORS = {
    400: OpenApiResponse(serializers.ERROR_SCHEMA, description="Een parameter klopt niet: per parameter de fouten."),
    404: OpenApiResponse(serializers.DetailSerializer, description="Deze pagina bestaat niet."),
}
DETAIL_ERRORS = {404: OpenApiResponse(serializers.DetailSerializer, description="Geen item met dit id.")}


# What the shared FilterSets' person/party/dossier parameters hold (their types are on the filter classes).
# Typed as api/params.py checks them.
SHARED_PARAMETERS = [
    OpenApiParameter("item", params.positive_int_schema(params.ID_MAX), description="id van één item"),
    OpenApiParameter("ministry", params.string_schema(), description="afkorting van een ministerie, bijvoorbeeld JenV"),
    OpenApiParameter(
        "q",
        params.string_schema(params.SEARCH_PATTERN, params.SEARCH_MAX),
        description="zoekwoorden (minstens één woord of getal)",
    ),
]
FILTER_PARAMETERS = [
    OpenApiParameter(
        "member", params.positive_int_schema(params.ID_MAX), description="id van een persoon (/api/v1/people/)"
    ),
    OpenApiParameter("party", params.string_schema(), description="afkorting van een fractie, bijvoorbeeld CU"),
    OpenApiParameter(
        "dossier",
        params.string_schema(DOSSIER_PATTERN, params.DOSSIER_MAX),
        description="dossiernummer, bijvoorbeeld 29344 of 33750-VI",
    ),
    *SHARED_PARAMETERS,
]
LETTER_PARAMETERS = [FILTER_PARAMETERS[0], FILTER_PARAMETERS[2], *SHARED_PARAMETERS]


def _read_schema(serializer):
    return {
        "list": extend_schema(responses={200: serializer(many=True), **LIST_ERRORS}),
        "retrieve": extend_schema(responses={200: serializer, **DETAIL_ERRORS}),
    }


def _item_schema(serializer, name, parameters=()):
    return extend_schema_view(
        list=extend_schema(
            summary=f"{name}: lijst, met filters",
            parameters=list(parameters),
            responses={200: serializer(many=True), **LIST_ERRORS},
        ),
        retrieve=extend_schema(summary=f"{name}: één item met tijdlijn", responses={200: serializer, **DETAIL_ERRORS}),
        transition=extend_schema(
            summary=f"{name}: status wijzigen (token van het eigen ministerie)",
            request=serializers.transition_serializer(serializer.Meta.model),
            responses={200: serializer, **TRANSITION_ERRORS},
        ),
    )


def _item_viewset(name, serializer, filterset, selector, services, parameters, doc):
    """The API of one kind of tracked item: its public list and detail reads, and ``transition``
    through the app's workflow service (``services``, its :class:`core.services.ItemServices`)."""
    model = serializer.Meta.model
    viewset = type(
        f"{model.__name__}ViewSet",
        (TransitionMixin, ReadOnlyViewSet),
        {
            "__doc__": doc,
            "__module__": __name__,
            "serializer_class": serializer,
            "filterset_class": filterset,
            "selector": staticmethod(selector),
            "services": services,
        },
    )
    return _item_schema(serializer, name, parameters)(viewset)


MotionViewSet = _item_viewset(
    "Moties",
    serializers.MotionSerializer,
    filters.MotionFilter,
    selectors.motions_list,
    motions_services.SERVICES,
    FILTER_PARAMETERS,
    doc="""Moties met indieners en openbare tijdlijn. Wijzigen van de status: POST naar
    ``/motions/{id}/transition/`` met een token van het eigen ministerie.""",
)
CommitmentViewSet = _item_viewset(
    "Toezeggingen",
    serializers.CommitmentSerializer,
    filters.CommitmentFilter,
    selectors.commitments_list,
    commitments_services.SERVICES,
    FILTER_PARAMETERS,
    doc="""Openbare toezeggingen met tijdlijn. Wijzigen van de
    status: POST naar ``/commitments/{id}/transition/`` met een token van het eigen ministerie.""",
)
LetterViewSet = _item_viewset(
    "Kamerbrieven",
    serializers.LetterSerializer,
    filters.LetterFilter,
    selectors.letters_list,
    letters_services.SERVICES,
    LETTER_PARAMETERS,
    doc="""Verzonden Kamerbrieven met wat ze beantwoorden. Een token
    van het eigen ministerie kan ook een nog niet verzonden brief door de workflow zetten (``verzonden`` doet af
    wat hij afdoet).""",
)


@extend_schema_view(**_read_schema(serializers.DossierSerializer))
class DossierViewSet(ReadOnlyViewSet):
    """Kamerstukdossiers."""

    serializer_class = serializers.DossierSerializer
    selector = selectors.dossiers_list


@extend_schema_view(**_read_schema(serializers.PersonSerializer))
class PersonViewSet(ReadOnlyViewSet):
    """Kamerleden en bewindspersonen."""

    serializer_class = serializers.PersonSerializer
    selector = selectors.people_list


@extend_schema_view(**_read_schema(serializers.PartySerializer))
class PartyViewSet(ReadOnlyViewSet):
    """Fracties."""

    serializer_class = serializers.PartySerializer
    selector = selectors.parties_list
