"""The couple's home page."""

from django.urls import path

from journal.dashboard import views

urlpatterns = [
    path("home/", views.dashboard, name="dashboard"),
]
