"""POST /api/v1/papers/fetch/: papers by identifier from the bibliographic sources, as the `fetch` command does.

A dry run answers with the preview (what would be new, matched, changed); otherwise the created and updated
papers. A person's works, or more identifiers than PUBDB_FETCH_IN_REQUEST_MAX_IDENTIFIERS, run as a background
job: 202 with the job, whose URL (also the Location header) tells its progress and result. An identifier that
cannot be fetched, or a name that fits several people, is a 400 naming it, and nothing is written unless
`skip_invalid` says to write the rest.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from curation.jobs import queue_fetch
from curation.sources import MAX_IDENTIFIERS, import_identifiers, needs_a_job
from papers.models import Paper

from .jobs import JobSerializer
from .serializers import PaperSerializer


class FetchSerializer(serializers.Serializer):
    identifiers = serializers.ListField(
        child=serializers.CharField(max_length=300),
        allow_empty=False,
        max_length=MAX_IDENTIFIERS,
        help_text="doi:10.…, arxiv:2401.12345, openalex:W…, s2:…; a person's works: orcid:…, dblp:<pid>, openalex:A….",
    )
    dry_run = serializers.BooleanField(default=False, help_text="Answer with the preview; write nothing.")
    skip_invalid = serializers.BooleanField(default=False, help_text="Write what could be fetched; list the rest.")
    authors = serializers.DictField(
        child=serializers.CharField(),
        default=dict,
        help_text='Decide an ambiguous name: {"Chen Zhang": "chen-zhang-2"}, or "+new" for a new person.',
    )


class FetchEntrySerializer(serializers.Serializer):
    entry = serializers.CharField(source="record.where", help_text="The identifier, or the work of a person's list.")
    status = serializers.ChoiceField(choices=["new", "updated", "unchanged", "invalid"])
    title = serializers.CharField(source="record.title")
    year = serializers.IntegerField(source="record.year", allow_null=True)
    changes = serializers.ListField(child=serializers.CharField())
    proposed = serializers.ListField(
        child=serializers.CharField(), help_text="Values a source disagrees with: kept for a curator to decide."
    )
    errors = serializers.ListField(child=serializers.CharField())


class FetchCountsSerializer(serializers.Serializer):
    new = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    invalid = serializers.IntegerField()


class FetchResultSerializer(serializers.Serializer):
    written = serializers.BooleanField()
    batch = serializers.IntegerField(source="batch.pk", allow_null=True, default=None)
    counts = FetchCountsSerializer()
    entries = FetchEntrySerializer(many=True, source="results")
    papers = PaperSerializer(many=True, help_text="The papers created or updated (none on a dry run).")


class FetchPapers(APIView):
    permission_classes = [permissions.DjangoModelPermissions]  # POST: papers.add_paper, a curator's
    queryset = Paper.objects.none()  # for the permission check

    @extend_schema(
        operation_id="papers_fetch",
        request=FetchSerializer,
        responses={200: FetchResultSerializer, 201: FetchResultSerializer, 202: JobSerializer},
        description="Add papers by identifier, fetched from Crossref, DataCite, arXiv, OpenAlex, Semantic Scholar, "
        "ORCID or DBLP, matched and written like a file import (one change set in the history). 201 with the "
        "papers when written; 200 for a dry run or when nothing changes; 202 with a background job (GET its "
        "`url` for progress and result) for a person's works or many identifiers.",
        tags=["papers"],
    )
    def post(self, request):
        given = FetchSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        options = {"dry_run": data["dry_run"], "skip_invalid": data["skip_invalid"], "decisions": data["authors"]}
        if needs_a_job(data["identifiers"]):
            job = queue_fetch(data["identifiers"], user=request.user, **options)
            body = JobSerializer(job, context={"request": request}).data
            # str(): the URL is DRF's Hyperlink, a str subclass that WSGI servers (wsgiref: runserver) refuse.
            return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": str(body["url"])})
        report = import_identifiers(
            data["identifiers"],
            user=request.user,
            **options,
        )
        if report.invalid and not report.written and not data["dry_run"]:
            problems = [f"{r.record.where}: {'; '.join(r.errors)}" for r in report.invalid]
            return Response({"identifiers": problems}, status=status.HTTP_400_BAD_REQUEST)
        written = [r.paper.pk for r in report.results if report.written and r.status in ("new", "updated")]
        papers = Paper.objects.with_listing().filter(pk__in=written).order_by("pk") if written else []
        body = FetchResultSerializer({**vars(report), "counts": report.counts, "papers": papers}).data
        return Response(body, status=status.HTTP_201_CREATED if report.written else status.HTTP_200_OK)
