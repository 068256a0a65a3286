from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("me/paging/rules/", views.rules_save, name="rules_save"),
    path("me/paging/test/", views.trial_send, name="trial_send"),
    path("me/paging/test/status/", views.trial_status, name="trial_status"),
    path("a/<str:token>/", views.ack_link, name="ack_link"),
]
