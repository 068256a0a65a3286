from django.urls import path

from . import views

app_name = "schedules"

urlpatterns = [
    path("", views.schedules_index, name="index"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("feed/reset/", views.calendar_feed_reset, name="feed_reset"),
    path("rotations/<int:pk>/", views.rotation_edit, name="rotation_edit"),
    path("rotations/<int:pk>/delete/", views.rotation_delete, name="rotation_delete"),
    path("overrides/<int:pk>/cancel/", views.override_cancel, name="override_cancel"),
    path("<str:role_key>/", views.role_schedule, name="role"),
    path("<str:role_key>/rotations/new/", views.rotation_new, name="rotation_new"),
    path("<str:role_key>/overrides/", views.override_new, name="override_new"),
]
