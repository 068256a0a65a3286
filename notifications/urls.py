from django.urls import path

from .views import devinbox

app_name = "notifications"

urlpatterns = [path("dev/inbox/", devinbox.dev_inbox, name="dev_inbox")]
