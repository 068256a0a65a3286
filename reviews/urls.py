from django.urls import path

from .views import history, items, review

app_name = "reviews"

urlpatterns = [
    path("reviews/<int:pk>/", review.detail, name="detail"),
    path("reviews/<int:pk>/save/", review.save, name="save"),
    path("reviews/<int:pk>/preview/", review.preview, name="preview"),
    path("reviews/<int:pk>/meeting/", review.meeting, name="meeting"),
    path("reviews/<int:pk>/amend/", review.amend, name="amend"),
    path("reviews/<int:pk>/owner/", review.set_owner, name="owner"),
    path("reviews/<int:pk>/items/", items.add, name="item_add"),
    path("reviews/<int:pk>/export.md", review.export, name="export"),
    path("reviews/<int:pk>/<slug:action>/", review.workflow, name="workflow"),
    path("incidents/<int:incident_pk>/review/", review.for_incident, name="for_incident"),
    path("incidents/<int:incident_pk>/review/request/", review.request_review, name="request"),
    path("incidents/history/", history.history, name="history"),
    path("incidents/history.csv", history.history_csv, name="history_csv"),
    path("reports/", history.reports, name="reports"),
    path("action-items/", items.mine, name="my_items"),
    path("action-items/<int:pk>/", items.edit, name="item_edit"),
    path("action-items/<int:pk>/close/", items.close, name="item_close"),
    path("action-items/<int:pk>/reopen/", items.reopen, name="item_reopen"),
]
