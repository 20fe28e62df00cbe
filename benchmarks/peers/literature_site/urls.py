from django.urls import include, path
from django.views.generic import RedirectView

# As its README mounts it, with the "home" route its shell links to.
urlpatterns = [
    path("catalogue/", include("literature.ui.urls")),
    path("", RedirectView.as_view(pattern_name="literature:item-list"), name="home"),
]
