from django.urls import path

from . import views
from .feeds import SitePapersFeed

app_name = "papers"

urlpatterns = [
    path("papers/", views.paper_list, name="list"),
    path("papers/feed/", SitePapersFeed(), name="feed"),
    path("papers/<int:pk>/", views.paper_detail, name="detail"),
    path("papers/<int:pk>.bib", views.paper_export, {"fmt": "bib"}, name="bibtex"),
    path("papers/<int:pk>.ris", views.paper_export, {"fmt": "ris"}, name="ris"),
    path("papers/<int:pk>.json", views.paper_export, {"fmt": "json"}, name="csl_json"),
    path("venues/", views.venue_list, name="venue_list"),
    path("venues/<slug:slug>/", views.venue_detail, name="venue_detail"),
    path("awards/", views.award_list, name="awards"),
]
