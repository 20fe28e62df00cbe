from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.home, name="home"),
    path("me/claims/<str:token>/", views.confirm_claim, name="confirm_claim"),
    path("profile/<slug:slug>/claim/", views.claim, name="claim"),
    path("profile/<slug:slug>/edit/", views.edit_profile, name="profile"),
    path("profile/<slug:slug>/items/<slug:kind>/", views.edit_items, name="items"),
    path("profile/<slug:slug>/papers/", views.edit_papers, name="papers"),
    path("profile/<slug:slug>/papers/add/", views.add_paper, name="add_paper"),
    path("propose/paper/<int:pk>/", views.propose_paper, name="propose_paper"),
    path("propose/person/<slug:slug>/", views.propose_person, name="propose_person"),
]
