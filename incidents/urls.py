from django.urls import path

from .views import account, dashboard, incident

app_name = "incidents"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("incidents/new/", incident.declare, name="declare"),
    path("incidents/<int:pk>/", incident.detail, name="detail"),
    path("incidents/<int:pk>/actions/<slug:action>/", incident.transition, name="transition"),
    path("incidents/<int:pk>/severity/", incident.change_severity, name="severity"),
    path("incidents/<int:pk>/roles/", incident.assign_role, name="assign_role"),
    path("incidents/<int:pk>/roles/remove/", incident.unassign_role, name="unassign_role"),
    path("incidents/<int:pk>/notes/", incident.add_note, name="add_note"),
    path("incidents/<int:pk>/restricted/", incident.set_restricted, name="restrict"),
    path("me/", account.preferences, name="preferences"),
    path("me/language/", account.set_language, name="set_language"),
]
