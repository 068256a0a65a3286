from django.urls import path

from .views import checklist, demo, pages

app_name = "runbooks"

urlpatterns = [
    path("reference/", pages.reference, name="reference"),
    path("demo/backend/api/health", demo.demo_health, name="demo_health"),
    path("runbooks/suggest/", pages.suggest, name="suggest"),
    path("incidents/<int:pk>/runbook/attach/", checklist.attach, name="attach"),
    path(
        "incidents/<int:pk>/runbook/steps/<int:step>/check/", checklist.run_check, name="run_check"
    ),
    path(
        "incidents/<int:pk>/runbook/steps/<int:step>/reopen/",
        checklist.step_reopen,
        name="step_reopen",
    ),
    path(
        "incidents/<int:pk>/runbook/steps/<int:step>/<slug:state>/",
        checklist.step_mark,
        name="step_mark",
    ),
    path("incidents/<int:pk>/runbook/waive/", checklist.waive_verification, name="waive"),
    path(
        "incidents/<int:pk>/runbook/confirm-rollback/",
        checklist.confirm_rollback,
        name="confirm_rollback",
    ),
    path(
        "incidents/<int:pk>/runbook/personal-data/", checklist.personal_data, name="personal_data"
    ),
]
