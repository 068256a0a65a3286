from django.urls import path

from .views import closing, composer, editor, status

app_name = "communications"

urlpatterns = [
    path("status/", status.status_page, name="status_page"),
    path("incidents/<int:pk>/communications/", composer.compose, name="compose"),
    path(
        "incidents/<int:pk>/communications/waive-resolved/",
        closing.waive_resolved_notice,
        name="waive_resolved",
    ),
    path("communications/templates/", editor.template_list, name="templates"),
    path("communications/templates/<int:pk>/", editor.template_edit, name="template_edit"),
]
