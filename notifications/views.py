"""The paging part of the preferences page (rules, test page) and the acknowledge link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from incidents.access import permission_required
from incidents.errors import IncidentActionError
from incidents.views.helpers import acting_user, respond_after_change
from incidents.visibility import visible_incident

from .answer import page_acknowledge
from .forms import NotificationRulesForm
from .links import acknowledge_by_link, answers_page_only, check_link
from .panels import trial_context
from .rules import notification_rules_save, person_rules
from .trial_page import trial_page_send

PREFERENCES = "incidents:preferences"


@login_required
@require_POST
def rules_save(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = NotificationRulesForm(request.POST, own=person_rules(user))
    saved = form.is_valid()
    if saved:
        notification_rules_save(user=user, rules=form.rules())
        form = NotificationRulesForm(own=person_rules(user))
    if getattr(request, "htmx", False):
        context = {"rules_form": form, "rules_saved": saved}
        return render(request, "notifications/_rules_form.html", context)
    if saved:
        messages.success(request, _("Notification rules saved."))
        return redirect(reverse(PREFERENCES) + "#paging-rules")
    context = {"rules_form": form, **trial_context(user)}
    return render(request, "notifications/rules_page.html", context, status=400)


@login_required
@require_POST
def trial_send(request: HttpRequest) -> HttpResponse:
    error = ""
    try:
        trial_page_send(user=request.user)
    except IncidentActionError as exc:
        error = str(exc.messages[0])
    if getattr(request, "htmx", False):
        context = {**trial_context(request.user), "trial_error": error}
        return render(request, "notifications/_trial_page.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Test page sent: its outcome shows below."))
    return redirect(reverse(PREFERENCES) + "#test-page")


@login_required
@require_GET
def trial_status(request: HttpRequest) -> HttpResponse:
    """The latest test page's outcome (the panel polls it while a message is on its way)."""
    return render(request, "notifications/_trial_page.html", trial_context(request.user))


@login_required
@permission_required("incidents.view_incident")
@require_POST
def page_ack(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed-in person acknowledges their own page about the incident (an escalation's,
    after someone else acknowledged the incident): no more pages to them about it."""
    incident = visible_incident(request, pk)
    error = ""
    if not page_acknowledge(incident=incident, user=acting_user(request)):
        error = _("No page to you about %(ref)s is still ringing.") % {"ref": incident.reference}
    return respond_after_change(request, incident, error)


@never_cache
@require_http_methods(["GET", "POST"])
def ack_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the incident and one button; only the POST acknowledges (a link preview
    fetching the URL changes nothing). No login, and none given: this one action only."""
    error = ""
    done = False
    if request.method == "POST":
        try:
            check = acknowledge_by_link(token)
            done = not check.problem
        except IncidentActionError as exc:
            check = check_link(token)
            error = str(exc.messages[0])
    else:
        check = check_link(token)
    context = {
        "check": check,
        "row": check.row,
        "incident": check.row.incident if check.row and not check.problem else None,
        "page_only": check.page_only if done else answers_page_only(check),
        "done": done,
        "error": error,
        "token": token,
    }
    status = 200 if not check.problem or done else 410 if check.row else 404
    return render(request, "notifications/ack_link.html", context, status=status)
