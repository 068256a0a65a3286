from django.urls import path

from . import inbox_views, views

app_name = "notifications"

urlpatterns = [
    path("me/paging/rules/", views.rules_save, name="rules_save"),
    path("me/paging/test/", views.trial_send, name="trial_send"),
    path("me/paging/test/status/", views.trial_status, name="trial_status"),
    path("a/<str:token>/", views.ack_link, name="ack_link"),
    path("incidents/<int:pk>/my-page/", views.page_ack, name="page_ack"),
    path("dev/inbox/", inbox_views.dev_inbox, name="dev_inbox"),
]
