"""URLs for boundaries: the list, one boundary, and the steps that change it."""

from django.urls import path

from journal.boundaries import views

urlpatterns = [
    path("boundaries/", views.boundary_list, name="boundary_list"),
    path("boundaries/retired/", views.boundary_retired, name="boundary_retired"),
    path("boundaries/new/", views.boundary_propose, name="boundary_propose"),
    path("boundaries/<uuid:public_id>/", views.boundary_detail, name="boundary_detail"),
    path("boundaries/<uuid:public_id>/edit/", views.boundary_edit, name="boundary_edit"),
    path("boundaries/<uuid:public_id>/answer/", views.boundary_answer, name="boundary_answer"),
    path("boundaries/<uuid:public_id>/<slug:slug>/", views.boundary_step, name="boundary_step"),
]
