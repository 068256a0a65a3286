"""Commanders and managers edit the message templates, with a live preview."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from incidents.access import check_perm, permission_required
from incidents.bidi import naming
from incidents.views.helpers import acting_user

from ..forms import TemplateEditForm
from ..models import MessageTemplate
from ..models.messages import SMS_LIMIT
from ..rendering import CONTEXT_NAMES, PARTS, render_parts, sample_context
from ..services import CommsError, template_update


@login_required
@permission_required("communications.view_messagetemplate")
def template_list(request: HttpRequest) -> HttpResponse:
    templates = MessageTemplate.objects.select_related("updated_by").order_by("kind", "language")
    return render(request, "communications/template_list.html", {"templates": templates})


def _preview(template: MessageTemplate, parts: dict[str, str]) -> dict[str, Any]:
    rendered = render_parts(parts, sample_context(template.language))
    return {
        "rendered": rendered,
        "email_html": rendered.email_html,
        "sms_limit": SMS_LIMIT,
    }


@login_required
@permission_required("communications.view_messagetemplate")
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(MessageTemplate, pk=pk)
    form = TemplateEditForm(request.POST or None, instance=template)
    action = request.POST.get("action") or "preview"
    status = 200
    errors: list[str] = []
    if request.method == "POST":
        check_perm(request.user, "communications.change_messagetemplate")
        if form.is_valid():
            parts = {p: form.cleaned_data[p] for p in PARTS}
            if action == "save":
                try:
                    template_update(template=template, by=acting_user(request), parts=parts)
                except CommsError as exc:
                    errors, status = exc.messages, 400
                else:
                    messages.success(request, naming(_("Template saved: %(name)s"), name=template))
                    return redirect("communications:templates")
        else:
            status = 400
    parts = {p: (form[p].value() or "") for p in PARTS}
    context = {
        "template": template,
        "form": form,
        "errors": errors,
        "preview": _preview(template, parts),
        "context_names": CONTEXT_NAMES,
        "can_edit": request.user.has_perm("communications.change_messagetemplate"),
    }
    name = "communications/template_edit.html"
    if getattr(request, "htmx", False) and action == "preview":
        return render(request, name + "#template-preview", context)
    return render(request, name, context, status=status)
