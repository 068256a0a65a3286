from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from incidents.access import check_perm, permission_required
from incidents.errors import IncidentActionError
from incidents.views.helpers import acting_user, form_errors_text, respond_after_change
from incidents.visibility import visible_incident

from .. import services
from ..access import APPROVE, REQUEST, VIEW, can_write, check_write
from ..blameless import blame_warnings
from ..errors import ReviewConflict
from ..export import review_markdown
from ..forms import AmendmentForm, MeetingForm, OwnerForm, ReviewForm
from ..models import TEXT_SECTIONS, Review
from ..selectors import action_items_of, commander_of
from ..text import render_markdown
from .helpers import load_review, respond, review_page_context


@login_required
@permission_required(VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = load_review(request, pk)
    return render(request, "reviews/review.html", review_page_context(request, review))


@login_required
@permission_required(VIEW)
def for_incident(request: HttpRequest, incident_pk: int) -> HttpResponse:
    incident = visible_incident(request, incident_pk)
    review = Review.objects.filter(incident=incident).first()
    if review is None:
        raise Http404
    return redirect("reviews:detail", pk=review.pk)


@login_required
@require_POST
def request_review(request: HttpRequest, incident_pk: int) -> HttpResponse:
    check_perm(request.user, REQUEST)
    incident = visible_incident(request, incident_pk)
    try:
        services.review_request(incident=incident, by=acting_user(request))
    except IncidentActionError as exc:
        return respond_after_change(request, incident, str(exc.messages[0]))
    return respond_after_change(request, incident)


def _text(value: object) -> str:
    return "" if value is None else str(value)


@login_required
@require_POST
def save(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor's autosave (HTMX, answers with the save status) and its Save button."""
    review = load_review(request, pk)
    check_write(request.user, review.incident)
    form = ReviewForm(request.POST, instance=load_review(request, pk))
    htmx = getattr(request, "htmx", False)
    if not form.is_valid():
        error = form_errors_text(form)  # type: ignore[arg-type]
        if htmx:
            context = {"review": review, "error": error}
            return render(request, "reviews/_save_status.html", context, status=400)
        context = review_page_context(request, review, form=form, error=error)
        return render(request, "reviews/review.html", context, status=400)
    data = form.cleaned_data
    version = int(request.POST.get("force_version") or data["version"])
    try:
        saved = services.review_save(
            review=review,
            by=acting_user(request),
            version=version,
            fields={name: data[name] for name in services.EDITABLE_FIELDS},
            timeline_keep=[int(pk) for pk in request.POST.getlist("keep") if pk.isdigit()],
            language=data["language"],
        )
    except ReviewConflict as conflict:
        theirs = conflict.current
        context = {
            "review": theirs,
            "conflict": str(conflict.messages[0]),
            "theirs": theirs,
            "differences": [
                (name, _text(getattr(theirs, name)), _text(data[name]))
                for name in services.EDITABLE_FIELDS
                if _text(getattr(theirs, name)) != _text(data[name])
            ],
        }
        if htmx:
            return render(request, "reviews/_save_status.html", context, status=409)
        page = review_page_context(request, review, form=form, **context)
        return render(request, "reviews/review.html", page, status=409)
    except IncidentActionError as exc:
        return respond(request, review, str(exc.messages[0]), status=400)
    if htmx:
        context = {"review": saved, "saved": True, "warnings": blame_warnings(saved)}
        return render(request, "reviews/_save_status.html", context)
    return redirect("reviews:detail", pk=pk)


@login_required
@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The review as it will read, from the editor's unsaved text (sanitised Markdown)."""
    review = load_review(request, pk)
    if not can_write(request.user, review.incident):
        raise PermissionDenied
    texts = {name: render_markdown(str(request.POST.get(name, ""))) for name in TEXT_SECTIONS}
    warnings = blame_warnings(review, {n: request.POST.get(n, "") for n in TEXT_SECTIONS})
    context = {"review": review, "rendered": texts, "warnings": warnings}
    if getattr(request, "htmx", False):
        return render(request, "reviews/_preview.html", context)
    form = ReviewForm(request.POST, instance=review)
    page = review_page_context(request, review, form=form, preview=texts, warnings=warnings)
    return render(request, "reviews/review.html", page)


ACTIONS = {
    "submit": (None, services.review_submit),
    "approve": (APPROVE, services.review_approve),
    "publish": (APPROVE, services.review_publish),
}


@login_required
@require_POST
def workflow(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit the draft (writers); approve and publish (managers)."""
    if action not in ACTIONS:
        raise Http404
    review = load_review(request, pk)
    perm, service = ACTIONS[action]
    if perm is None:
        check_write(request.user, review.incident)
    else:
        check_perm(request.user, perm)
    try:
        service(review=review, by=acting_user(request))
    except IncidentActionError as exc:
        return respond(request, review, str(exc.messages[0]), status=400)
    return respond(request, review)


@login_required
@require_POST
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    review = load_review(request, pk)
    check_write(request.user, review.incident)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        return respond(request, review, form_errors_text(form), status=400, meeting_form=form)
    try:
        services.review_record_meeting(
            review=review,
            by=acting_user(request),
            held_at=form.cleaned_data["held_at"],
            attendees=form.cleaned_data["attendees"],
        )
    except IncidentActionError as exc:
        return respond(request, review, str(exc.messages[0]), status=400, meeting_form=form)
    return respond(request, review)


@login_required
@require_POST
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    review = load_review(request, pk)
    user = request.user
    if not (user.has_perm(APPROVE) or can_write(user, review.incident)):
        check_write(user, review.incident)
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        return respond(request, review, form_errors_text(form), status=400, amend_form=form)
    try:
        services.review_amend(
            review=review, by=acting_user(request), text=form.cleaned_data["text"]
        )
    except IncidentActionError as exc:
        return respond(request, review, str(exc.messages[0]), status=400)
    return respond(request, review)


@login_required
@permission_required(VIEW)
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """The review as a Markdown file."""
    review = load_review(request, pk)
    text = review_markdown(review, commander_of(review.incident), list(action_items_of(review)))
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    name = f"post-mortem-{review.incident.reference}.md"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def set_owner(request: HttpRequest, pk: int) -> HttpResponse:
    """Writers of the review and managers hand it to someone else."""
    review = load_review(request, pk)
    if not request.user.has_perm(APPROVE):
        check_write(request.user, review.incident)
    form = OwnerForm(request.POST)
    if not form.is_valid():
        return respond(request, review, form_errors_text(form), status=400)  # type: ignore[arg-type]
    try:
        services.review_set_owner(
            review=review, by=acting_user(request), owner=form.cleaned_data["owner"]
        )
    except IncidentActionError as exc:
        return respond(request, review, str(exc.messages[0]), status=400)
    return respond(request, review)
