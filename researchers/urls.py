from django.urls import path

from papers.feeds import ResearcherPapersFeed

from . import views

app_name = "researchers"

urlpatterns = [
    path("", views.researcher_list, name="list"),
    path("<slug:slug>/", views.researcher_detail, name="detail"),
    path("<slug:slug>/embed/", views.researcher_embed, name="embed"),
    path("<slug:slug>/embed.html", views.researcher_fragment, name="fragment"),
    path("<slug:slug>/papers.bib", views.researcher_export, {"fmt": "bib"}, name="bibtex"),
    path("<slug:slug>/papers.ris", views.researcher_export, {"fmt": "ris"}, name="ris"),
    path("<slug:slug>/papers.json", views.researcher_export, {"fmt": "json"}, name="csl_json"),
    path("<slug:slug>/feed/", ResearcherPapersFeed(), name="feed"),
]
