"""URLs for the shared safety plan."""

from django.urls import path

from journal.safety import views as safety

urlpatterns = [
    path("safety-plan/", safety.plan_view, name="safety_plan"),
    path("safety-plan/edit/", safety.edit, name="safety_plan_edit"),
    path("safety-plan/print/", safety.print_view, name="safety_plan_print"),
    path("safety-plan/alert/", safety.alert_consent, name="safety_plan_alert"),
    path("safety-plan/suggest/", safety.suggest, name="safety_plan_suggest"),
    path(
        "safety-plan/suggestions/<uuid:public_id>/",
        safety.decide,
        name="safety_plan_decide",
    ),
]
