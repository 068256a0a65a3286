"""Commanders and managers keep the integrations: create (token shown once), settings,
routing rules, token rotation, and the last alerts received. Everyone on the team can look."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from incidents.access import check_perm, permission_required
from incidents.views.helpers import acting_user, render_page_or_partial

from ..forms import IntegrationCreateForm, IntegrationSettingsForm, RoutingRuleForm
from ..models import Integration, RoutingRule
from ..selectors import integrations_for_list, recent_alerts
from ..services.integrations import (
    integration_create,
    integration_rotate_token,
    integration_update,
    rule_add,
    rule_delete,
    rule_move,
)

VIEW = "alerts.view_integration"
MANAGE = "alerts.manage_integrations"


@never_cache
@login_required
@permission_required(VIEW)
def integration_list(request: HttpRequest) -> HttpResponse:
    form = IntegrationCreateForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        check_perm(request.user, MANAGE)
        if form.is_valid():
            integration, token = integration_create(by=acting_user(request), **form.cleaned_data)
            return _detail_page(request, integration, token=token)
        status = 400
    context["integrations"] = integrations_for_list()
    return render_page_or_partial(
        request, "alerts/integration_list.html", "create", context, status=status
    )


@never_cache
@login_required
@permission_required(VIEW)
def integration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    integration = get_object_or_404(Integration, pk=pk)
    if request.method != "POST":
        return _detail_page(request, integration)
    check_perm(request.user, MANAGE)
    form = IntegrationSettingsForm(request.POST, instance=Integration.objects.get(pk=pk))
    if not form.is_valid():
        return _detail_page(request, integration, settings_form=form, status=400)
    integration_update(integration=integration, by=acting_user(request), **form.changes())
    return _detail_page(request, integration, saved=_("Settings saved."))


@never_cache
@login_required
@require_POST
def rotate_token(request: HttpRequest, pk: int) -> HttpResponse:
    check_perm(request.user, MANAGE)
    integration = get_object_or_404(Integration, pk=pk)
    token = integration_rotate_token(integration=integration, by=acting_user(request))
    return _detail_page(request, integration, token=token)


@login_required
@require_POST
def add_rule(request: HttpRequest, pk: int) -> HttpResponse:
    check_perm(request.user, MANAGE)
    integration = get_object_or_404(Integration, pk=pk)
    form = RoutingRuleForm(request.POST)
    if form.is_valid():
        try:
            rule_add(integration=integration, by=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(None if field == "__all__" else field, error)
    if form.errors:
        return _detail_page(request, integration, rule_form=form, status=400)
    if getattr(request, "htmx", False):
        return _detail_page(request, integration)
    return redirect("alerts:integration", pk=pk)


@login_required
@require_POST
def change_rule(request: HttpRequest, pk: int, rule_pk: int, action: str) -> HttpResponse:
    check_perm(request.user, MANAGE)
    rule = get_object_or_404(RoutingRule, pk=rule_pk, integration_id=pk)
    if action == "delete":
        rule_delete(rule=rule, by=acting_user(request))
    elif action in ("up", "down"):
        rule_move(rule=rule, up=action == "up", by=acting_user(request))
    else:
        return HttpResponse(_("Unknown action."), status=400)
    if getattr(request, "htmx", False):
        return _detail_page(request, rule.integration)
    return redirect("alerts:integration", pk=pk)


def _detail_page(
    request: HttpRequest,
    integration: Integration,
    *,
    token: str = "",
    settings_form: IntegrationSettingsForm | None = None,
    rule_form: RoutingRuleForm | None = None,
    saved: str = "",
    status: int = 200,
) -> HttpResponse:
    can_manage = request.user.has_perm(MANAGE)
    context = {
        "integration": integration,
        "token": token,
        "endpoint_url": request.build_absolute_uri(integration.endpoint_path),
        "rules": list(integration.rules.select_related("scenario")),
        "settings_form": settings_form or IntegrationSettingsForm(instance=integration),
        "rule_form": rule_form or RoutingRuleForm(),
        "alerts": recent_alerts(integration, request.user),
        "can_manage": can_manage,
        "saved": saved,
    }
    response = render_page_or_partial(
        request, "alerts/integration_detail.html", "body", context, status=status
    )
    if getattr(request, "htmx", False):
        response["HX-Retarget"] = "#integration-body"
        response["HX-Reswap"] = "outerHTML"
    return response
