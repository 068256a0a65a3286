from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

# The admin carries the product's name, in the viewer's language.
admin.site.site_header = _("Incident response")
admin.site.site_title = _("Incident response")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("alerts.urls")),  # first: monitoring posts are the busiest requests
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("schedules/", include("schedules.urls")),
    path("", include("escalation.urls")),
    path("", include("communications.urls")),
    path("", include("incidents.urls")),
    path("", include("runbooks.urls")),
    path("", include("notifications.urls")),
    path("", include("reviews.urls")),
    path("", include("audit.urls")),
]
