"""GET /api/v1/jobs/<id>/: a background job's progress and result, for the curators who may see jobs."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers

from curation.models import Job


class CanSeeJobs(permissions.BasePermission):
    """As the admin's Jobs page: view or change permission on jobs (the curator group has change)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and (user.has_perm("curation.view_job") or user.has_perm("curation.change_job")))


class JobSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", allow_null=True, default=None)
    percent = serializers.IntegerField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:job-detail")

    class Meta:
        model = Job
        fields = [
            "id",
            "url",
            "kind",
            "title",
            "state",
            "done",
            "total",
            "percent",
            "message",
            "result",
            "cancel_requested",
            "user",
            "created",
            "started",
            "finished",
        ]
        read_only_fields = fields


@extend_schema(
    tags=["jobs"],
    description="A background job: state, progress (done of total) and, once finished, "
    "its result. Curators only (curation.view_job or change_job).",
)
class JobDetail(generics.RetrieveAPIView):
    permission_classes = [CanSeeJobs]
    private_reads = True  # the schema: no anonymous reads (api/schema.py)
    serializer_class = JobSerializer
    queryset = Job.objects.select_related("user")
