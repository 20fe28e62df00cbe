from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import review, views
from .fetch import FetchPapers
from .jobs import JobDetail

router = DefaultRouter()
router.register("researchers", views.ResearcherViewSet, basename="researcher")
router.register("papers", views.PaperViewSet, basename="paper")
router.register("venues", views.VenueViewSet, basename="venue")
router.register("awards", views.AwardViewSet, basename="award")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("claims", review.ClaimViewSet, basename="claim")
router.register("proposals", review.ProposalViewSet, basename="proposal")
router.register("disagreements", review.DisagreementViewSet, basename="disagreement")

researcher_papers = views.ResearcherPaperViewSet.as_view({"get": "list"})

app_name = "api"
urlpatterns = [
    path("v1/researchers/<slug:researcher_slug>/papers/", researcher_papers, name="researcher-papers"),
    path("v1/papers/fetch/", FetchPapers.as_view(), name="papers-fetch"),
    path("v1/jobs/<int:pk>/", JobDetail.as_view(), name="job-detail"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"), name="redoc"),
    re_path(r"", views.NotFoundView.as_view()),  # JSON, not the site's HTML page, for any other /api/ path
]
