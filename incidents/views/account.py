from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import PreferencesForm
from ..models import Profile
from ..panels import preferences_panels
from ..services import profile_update
from .helpers import acting_user, safe_next


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    form = PreferencesForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile_update(user=acting_user(request), **form.cleaned_data)
        messages.success(request, _("Preferences saved."))
        return redirect("incidents:preferences")
    context = {"form": form, "panels": preferences_panels(request)}
    return render(request, "incidents/preferences.html", context)


@login_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unknown language."), content_type="text/plain")
    profile_update(user=acting_user(request), language=language)
    return redirect(safe_next(request, "/"))
