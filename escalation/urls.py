from django.urls import path

from . import views

app_name = "escalation"

urlpatterns = [
    path("oncall/", views.oncall, name="oncall"),
    path("health", views.health, name="health"),
    path("metrics", views.metrics, name="metrics"),
]
