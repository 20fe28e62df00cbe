from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import path

from researchers.autocomplete import researcher_autocomplete

admin.site.site_header = "pubdb curation"
admin.site.site_title = "pubdb"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("autocomplete/researchers/", researcher_autocomplete, name="researcher_autocomplete"),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
