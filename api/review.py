"""/api/v1/claims/, /api/v1/proposals/ and /api/v1/disagreements/: the curators' review queues, read and
decided with a token.

The same functions as the admin's queues (curation/claims.py, curation/proposals.py, curation/provenance.py)
accept and reject; the permission is curation/permissions.py's review_claims / review_proposals /
decide_disagreements, for reads too (the queue names people).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from curation import claims, proposals, provenance
from curation.models import ChangeProposal
from curation.permissions import allowed
from papers.models import Disagreement
from researchers.models import Claim


class MayReview(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.is_authenticated and allowed(request.user, view.review_action)


class ClaimSerializer(serializers.ModelSerializer):
    researcher = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    user = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "researcher", "user", "method", "status", "message", "reason", "created", "decided"]
        read_only_fields = fields


class DiffRowSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField()
    new = serializers.JSONField()


class ProposalSerializer(serializers.ModelSerializer):
    proposer = serializers.EmailField(source="proposer.email", read_only=True)
    paper = serializers.PrimaryKeyRelatedField(read_only=True)
    researcher = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    changes = serializers.SerializerMethodField()

    class Meta:
        model = ChangeProposal
        fields = ["id", "paper", "researcher", "proposer", "changes", "comment", "status", "reason", "created"]
        read_only_fields = fields

    def get_changes(self, proposal) -> list[dict]:
        rows = [{"field": f, "old": c["old"], "new": c["new"]} for f, c in proposal.changes.items()]
        return DiffRowSerializer(rows, many=True).data


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [MayReview]
    private_reads = True  # the schema says reads need a curator's token too (api/schema.py)
    filter_backends = [DjangoFilterBackend]  # the settings name none: without it `?status=` was ignored
    filterset_fields = ["status"]
    review_action: str
    decide: dict

    def _decide(self, request, decision):
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        obj = self.get_object()
        try:
            self.decide[decision](
                obj, by=request.user, reason=body.validated_data["reason"], build_url=request.build_absolute_uri
            )
        except DjangoValidationError as error:
            raise ValidationError({"detail": error.messages}) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)


def _decisions(accept, reject):
    return {
        "accept": lambda obj, *, by, reason, build_url: accept(obj, by=by, build_url=build_url),
        "reject": reject,
    }


@extend_schema_view(list=extend_schema(summary="Claims of profiles (curators)"))
class ClaimViewSet(ReviewViewSet):
    serializer_class = ClaimSerializer
    review_action = "review_claims"
    decide = _decisions(claims.accept, claims.reject)

    def get_queryset(self):
        # 1 query: the claim with its account and profile.
        return Claim.objects.select_related("user", "researcher").order_by("-created", "-pk")

    @extend_schema(request=DecisionSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, "accept")

    @extend_schema(request=DecisionSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, "reject")


@extend_schema_view(list=extend_schema(summary="Change proposals (curators)"))
class ProposalViewSet(ReviewViewSet):
    serializer_class = ProposalSerializer
    review_action = "review_proposals"
    decide = _decisions(proposals.accept, proposals.reject)

    def get_queryset(self):
        return ChangeProposal.objects.for_queue()

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, "accept")

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, "reject")


class DisagreementSerializer(serializers.ModelSerializer):
    paper = serializers.PrimaryKeyRelatedField(read_only=True)
    current = serializers.JSONField(read_only=True)
    proposed = serializers.JSONField(read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Disagreement
        fields = [
            *("id", "paper", "field", "current", "proposed", "source", "identifier"),
            *("status", "created", "decided_by", "decided_at"),
        ]
        read_only_fields = fields


class NoBody(serializers.Serializer):
    """A disagreement's decision takes no reason: a rejected value is remembered, not explained."""


def _disagreement_decisions():
    def decide(function):
        def run(obj, *, by, reason, build_url):
            try:
                function(obj.pk, by)
            except provenance.StaleDisagreement as stale:
                raise DjangoValidationError(str(stale)) from None

        return run

    return {"accept": decide(provenance.accept), "reject": decide(provenance.reject)}


@extend_schema_view(list=extend_schema(summary="Disagreements of sources with the papers (curators)"))
class DisagreementViewSet(ReviewViewSet):
    serializer_class = DisagreementSerializer
    review_action = "decide_disagreements"
    filterset_fields = ["status", "source", "field", "paper"]
    decide = _disagreement_decisions()

    def get_queryset(self):
        # 1 query: the disagreement with who decided it (the paper is named by its id).
        return Disagreement.objects.select_related("decided_by").order_by("-created", "-pk")

    @extend_schema(request=NoBody, responses=DisagreementSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, "accept")

    @extend_schema(request=NoBody, responses=DisagreementSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, "reject")
