from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from researchers.autocomplete import researcher_autocomplete

from . import views
from .health import healthz
from .sitemaps import SITEMAPS

admin.site.site_header = "pubdb curation"
admin.site.site_title = "pubdb"

handler404 = "pubdb.views.page_not_found"
handler500 = "pubdb.errors.server_error"  # 503 while the database is away, else pubdb.views.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("healthz", healthz, name="healthz"),
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("researchers/", include("researchers.urls")),
    path("autocomplete/researchers/", researcher_autocomplete, name="researcher_autocomplete"),
    path("", include("papers.urls")),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
