"""The security track's forms: breach confirmed, ANPD notified, the notice to the ANPD."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from incidents.access import check_perm
from incidents.errors import IncidentActionError
from incidents.models import Incident
from incidents.views.helpers import acting_user

from .. import services
from ..models import AuthorityNotice
from ..models.security import NOTICE_FIELDS
from ..selectors import authority_notice_initial
from .checklist import act


@login_required
@require_POST
def breach_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    def call(incident: Incident) -> None:
        services.breach_confirm(incident=incident, by=acting_user(request))

    return act(request, pk, "runbooks.answer_personal_data", call)


@login_required
@require_POST
def anpd_notified(request: HttpRequest, pk: int) -> HttpResponse:
    def call(incident: Incident) -> None:
        protocol = request.POST.get("protocol", "")
        services.anpd_notice_record(incident=incident, by=acting_user(request), protocol=protocol)

    return act(request, pk, "runbooks.record_anpd_notice", call)


class AuthorityNoticeForm(forms.ModelForm):
    class Meta:
        model = AuthorityNotice
        fields = list(NOTICE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in NOTICE_FIELDS}


@login_required
def authority_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice to the ANPD, filled from the incident; saving puts it on the timeline."""
    check_perm(request.user, "incidents.view_incident")
    check_perm(request.user, "runbooks.record_anpd_notice")
    incident = get_object_or_404(Incident, pk=pk)
    saved = AuthorityNotice.objects.filter(incident=incident).first()
    initial = authority_notice_initial(incident) if saved is None else {}
    form = AuthorityNoticeForm(request.POST or None, instance=saved, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.authority_notice_save(
                incident=incident, by=acting_user(request), fields=form.cleaned_data
            )
        except IncidentActionError as exc:
            error = exc.messages[0]
        else:
            return redirect("runbooks:authority_notice", pk=incident.pk)
    context = {"incident": incident, "form": form, "saved": saved, "error": error}
    return render(request, "runbooks/authority_notice.html", context)
