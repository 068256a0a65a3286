from django.urls import path

from . import api
from .views import integrations

app_name = "alerts"

urlpatterns = [
    path("api/v1/alerts/alertmanager", api.alertmanager, name="alertmanager"),
    path("api/v1/alerts/grafana", api.grafana, name="grafana"),
    path("api/v1/events", api.events, name="events"),
    path("integrations/", integrations.integration_list, name="integrations"),
    path("integrations/<int:pk>/", integrations.integration_detail, name="integration"),
    path("integrations/<int:pk>/token/", integrations.rotate_token, name="rotate_token"),
    path("integrations/<int:pk>/rules/", integrations.add_rule, name="add_rule"),
    path(
        "integrations/<int:pk>/rules/<int:rule_pk>/<slug:action>/",
        integrations.change_rule,
        name="change_rule",
    ),
]
