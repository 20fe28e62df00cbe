"""API v1 viewsets: anonymous reads, curator writes, papers in citation formats too."""

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, ProtectedError
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from papers import search
from papers.exports import export_options
from papers.models import Award, CitationYear, Paper, Topic, Venue
from researchers.models import Organization, Researcher

from . import filters, schema
from .conflicts import Conflict, conflict
from .negotiation import FirstRenderer
from .renderers import EXPORT_RENDERERS
from .researcher_serializers import ResearcherProfileSerializer, ResearcherSerializer
from .serializers import (
    AwardSerializer,
    OrganizationSerializer,
    PaperDetailSerializer,
    PaperSerializer,
    TopicSerializer,
    VenueSerializer,
)

SLUG = r"[-a-zA-Z0-9_]+"
ID = r"[0-9]+"


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other /api/ path: a 404 in JSON (not the site's HTML page), whatever ?format= it asks for."""

    permission_classes = [permissions.AllowAny]
    content_negotiation_class = FirstRenderer

    def get(self, request, *args, **kwargs):
        raise NotFound()

    post = put = patch = delete = get


class CuratedViewSet(viewsets.ModelViewSet):
    """Reads for anyone; writes in one transaction, with the user's model permissions."""

    filter_backends = [filters.KnownParameters, filters.SearchBackend, DjangoFilterBackend]
    lookup_value_regex = SLUG

    def perform_create(self, serializer):
        self.save(serializer)

    def perform_update(self, serializer):
        self.save(serializer)

    def save(self, serializer):
        """One transaction; a unique value a concurrent request took after validation is a 409 naming its record."""
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError:
            if taken := conflict(serializer.would_be(serializer.validated_data), self):
                raise taken from None
            raise Conflict("Another request changed the same records at the same time; send this one again.") from None

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError as error:
            blocking = ", ".join(sorted({str(obj._meta.verbose_name) for obj in error.protected_objects}))
            raise Conflict(f"{instance} is still referred to by: {blocking}. Change or delete those first.") from None


class PaperExportMixin:
    """JSON, or BibTeX / RIS / CSL-JSON via Accept or ?format=, rendered from the model instances."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, *EXPORT_RENDERERS]
    query_parameters = ("abstract",)  # exports.export_options, known to filters.KnownParameters

    def exporting(self):
        return isinstance(getattr(self.request, "accepted_renderer", None), EXPORT_RENDERERS)

    def check_export_options(self):
        try:
            export_options(self.request.query_params)
        except ValueError as error:
            raise ValidationError({"abstract": [str(error)]}) from None

    def list(self, request, *args, **kwargs):
        if not self.exporting():
            return super().list(request, *args, **kwargs)
        self.check_export_options()
        papers = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        links = [(self.paginator.get_next_link(), "next"), (self.paginator.get_previous_link(), "prev")]
        headers = {"Link": ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links if url)}
        return Response(papers, headers=headers if headers["Link"] else None)

    def retrieve(self, request, *args, **kwargs):
        if not self.exporting():
            return super().retrieve(request, *args, **kwargs)
        self.check_export_options()
        return Response(self.get_object())

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON whatever format was asked for.
        if response.exception and self.exporting():
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def get_renderers(self):
        if self.request is not None and self.request.method not in ("GET", "HEAD"):
            return [JSONRenderer(), BrowsableAPIRenderer()]
        return super().get_renderers()


@extend_schema_view(list=schema.PAPER_LIST, retrieve=schema.PAPER_DETAIL)
class PaperViewSet(PaperExportMixin, CuratedViewSet):
    """Papers with their ordered authors, venue, links, topics and awards."""

    serializer_class = PaperSerializer
    filterset_class = filters.PaperFilter
    lookup_value_regex = ID
    search_function = staticmethod(search.search_papers)

    def get_queryset(self):
        papers = Paper.objects.with_listing().newest_first()
        if self.action == "retrieve" and not self.exporting():  # BibTeX and the rest have no per-year counts
            papers = papers.prefetch_related(Prefetch("citation_years", CitationYear.objects.order_by("year")))
        return papers

    def get_serializer_class(self):
        return PaperDetailSerializer if self.action == "retrieve" else PaperSerializer

    @schema.PAPER_REFERENCES
    @action(detail=True, url_path="references", renderer_classes=[JSONRenderer, BrowsableAPIRenderer])
    def references(self, request, pk):
        return self.linked(Paper.objects.references_of, pk)

    @schema.PAPER_CITED_BY
    @action(detail=True, url_path="cited-by", renderer_classes=[JSONRenderer, BrowsableAPIRenderer])
    def cited_by(self, request, pk):
        return self.linked(Paper.objects.citing, pk)

    def linked(self, papers_of, pk):
        """A page of the papers in pubdb that paper `pk` cites or is cited by, with the paper list's filters."""
        paper = get_object_or_404(Paper.objects.only("pk"), pk=pk)
        page = self.paginate_queryset(self.filter_queryset(papers_of(paper).with_listing()))
        return self.get_paginated_response(PaperSerializer(page, many=True, context=self.get_serializer_context()).data)


@extend_schema_view(list=schema.PAPER_LIST)
class ResearcherPaperViewSet(PaperExportMixin, viewsets.ReadOnlyModelViewSet):
    """A researcher's papers: the paper list's filters, formats and pagination, within one researcher."""

    serializer_class = PaperSerializer
    filterset_class = filters.ResearcherPaperFilter
    filter_backends = CuratedViewSet.filter_backends
    permission_classes = [permissions.AllowAny]  # read-only; papers are written at /papers/
    search_function = staticmethod(search.search_papers)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no researcher in the URL
            return Paper.objects.none()
        researcher = get_object_or_404(Researcher, slug=self.kwargs["researcher_slug"])
        return Paper.objects.for_profile(researcher)


class ResearcherViewSet(CuratedViewSet):
    """Researchers; the detail adds the profile sections (positions, news, talks, services, projects, awards)."""

    lookup_field = "slug"
    filterset_class = filters.ResearcherFilter
    search_function = staticmethod(search.search_researchers)

    def get_queryset(self):
        if self.action == "list":
            return Researcher.objects.with_listing()
        return Researcher.objects.with_profile()

    def get_serializer_class(self):
        return ResearcherSerializer if self.action == "list" else ResearcherProfileSerializer

    def get_object(self):
        researcher = super().get_object()
        researcher.profile_awards = list(Award.objects.for_profile(researcher))
        return researcher


class VenueViewSet(CuratedViewSet):
    """Conferences, journals, workshops, competitions and preprint servers."""

    serializer_class = VenueSerializer
    lookup_field = "slug"
    filterset_class = filters.VenueFilter
    search_function = staticmethod(search.search_venues)

    def get_queryset(self):
        return Venue.objects.with_paper_count().order_by("acronym", "id")


class TopicViewSet(CuratedViewSet):
    """Research areas profiles group their papers under."""

    serializer_class = TopicSerializer
    lookup_field = "slug"
    search_function = staticmethod(search.search_topics)
    queryset = Topic.objects.order_by("name")


class OrganizationViewSet(CuratedViewSet):
    """Universities, companies, labs and institutes."""

    serializer_class = OrganizationSerializer
    lookup_value_regex = ID
    search_function = staticmethod(search.search_organizations)
    queryset = Organization.objects.order_by("name")


class AwardViewSet(CuratedViewSet):
    """Paper awards, honours, scholarships, grants and competition places."""

    serializer_class = AwardSerializer
    filterset_class = filters.AwardFilter
    lookup_value_regex = ID
    search_function = staticmethod(search.search_awards)

    def get_queryset(self):
        return Award.objects.with_listing().order_by("-year", "name", "id")
