from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..selectors import comms_summary, overdue_update_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def comms_panel(context: template.Context) -> str:
    """The communications panel of the incident page (composer for commanders)."""
    from ..views.composer import SEND_PERM, composer_context

    request = context.get("request")
    incident = context.get("incident")
    if request is None or incident is None:
        return ""
    user = request.user
    if not user.has_perm("communications.view_incidentcomms"):
        return ""
    if user.has_perm(SEND_PERM):
        panel = composer_context(request, incident)
    else:
        panel = {"incident": incident, "comms": comms_summary(incident), "can_send": False}
    return render_to_string("communications/_composer.html", panel, request=request)


@register.simple_tag(takes_context=True)
def stakeholder_update_marker(context: template.Context, incident: Any) -> str:
    """A small 'update overdue' badge on a dashboard row. One query per page: the
    overdue set is computed for every incident listed and kept for the render."""
    cache = context.render_context
    if "comms_overdue_ids" not in cache:
        listed = context.get("incidents") or [incident]
        ids = {getattr(i, "pk", None) for i in listed} | {incident.pk}
        cache["comms_overdue_ids"] = overdue_update_ids(ids, context.get("now"))
    if incident.pk not in cache["comms_overdue_ids"]:
        return ""
    return format_html(
        '<span class="comms-overdue-badge" title="{}">{}</span>',
        _("The next stakeholder update is overdue"),
        _("Update overdue"),
    )
