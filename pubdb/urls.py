from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from front.urls import site_patterns

from .health import healthz

admin.site.site_header = "pubdb curation"
admin.site.site_title = "pubdb"

handler404 = "pubdb.errors.page_not_found"
handler500 = "pubdb.errors.server_error"  # 503 while the database is away, else the friendly 500 page

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("healthz", healthz, name="healthz"),
    *site_patterns,
    *i18n_patterns(path("", include("front.urls")), prefix_default_language=False),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
