from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import path

from pubdb.health import healthz

handler500 = "pubdb.errors.server_error"

admin.site.site_header = "pubdb curation"
admin.site.site_title = "pubdb"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
