"""Every public page: the site's own, the papers' and venues' (namespace papers), the people's (researchers),
the organizations' (organizations)."""

from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.decorators.http import condition
from django.views.generic import RedirectView

from .autocomplete import researcher_autocomplete
from .feeds import OrganizationPapersFeed, ResearcherPapersFeed, SitePapersFeed
from .sitemaps import SITEMAPS, sitemap_etag
from .views import organizations, papers, researchers, site

paper_patterns = [
    path("papers/", papers.paper_list, name="list"),
    path("papers/feed/", SitePapersFeed(), name="feed"),
    path("papers/<int:pk>/", papers.paper_detail, name="detail"),
    path("papers/<int:pk>.bib", papers.paper_export, {"fmt": "bibtex"}, name="bibtex"),
    path("papers/<int:pk>.ris", papers.paper_export, {"fmt": "ris"}, name="ris"),
    path("papers/<int:pk>.json", papers.paper_export, {"fmt": "csl-json"}, name="csl_json"),
    path("venues/", papers.venue_list, name="venue_list"),
    path("venues/<slug:slug>/", papers.venue_detail, name="venue_detail"),
    path("awards/", papers.award_list, name="awards"),
]

researcher_patterns = [
    path("", researchers.researcher_list, name="list"),
    path("<slug:slug>/", researchers.researcher_detail, name="detail"),
    path("<slug:slug>/embed/", researchers.researcher_embed, name="embed"),
    path("<slug:slug>/embed.html", researchers.researcher_fragment, name="fragment"),
    path("<slug:slug>/papers.bib", researchers.researcher_export, {"fmt": "bibtex"}, name="bibtex"),
    path("<slug:slug>/papers.ris", researchers.researcher_export, {"fmt": "ris"}, name="ris"),
    path("<slug:slug>/papers.json", researchers.researcher_export, {"fmt": "csl-json"}, name="csl_json"),
    path("<slug:slug>/feed/", ResearcherPapersFeed(), name="feed"),
]

organization_patterns = [
    path("", organizations.organization_list, name="list"),
    path("<slug:slug>/", organizations.organization_detail, name="detail"),
    path("<slug:slug>/embed/", organizations.organization_embed, name="embed"),
    path("<slug:slug>/embed.html", organizations.organization_fragment, name="fragment"),
    path("<slug:slug>/feed/", OrganizationPapersFeed(), name="feed"),
]

# One address for every language (pubdb/urls.py puts these before the prefixed pages).
site_patterns = [
    path("robots.txt", site.robots_txt, name="robots"),
    # Browsers and crawlers ask for /favicon.ico whatever the pages link; the site's icon is an SVG.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True)),
    path("sitemap.xml", condition(etag_func=sitemap_etag)(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("autocomplete/researchers/", researcher_autocomplete, name="researcher_autocomplete"),
    path("language/<str:code>/", site.switch_language, name="switch_language"),
]

# The pages, in English at these paths and in Chinese under /zh-hans/ (pubdb/i18n.py).
urlpatterns = [
    path("", site.home, name="home"),
    path("search/", site.search, name="search"),
    path("researchers/", include((researcher_patterns, "researchers"))),
    path("organizations/", include((organization_patterns, "organizations"))),
    path("accounts/", include("allauth.urls")),  # sign-up, verification, sign-in, ORCID (pubdb/orcid/)
    path("", include(("front.owner.urls", "owner"))),
    path("", include((paper_patterns, "papers"))),
]
