from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from incidents.access import permission_required
from incidents.errors import IncidentActionError
from incidents.views.helpers import acting_user, form_errors_text, safe_next
from incidents.visibility import can_see

from .. import action_items
from ..access import VIEW, check_write
from ..forms import ActionItemForm, CloseItemForm
from ..models import ActionItem
from ..selectors import my_open_action_items
from .helpers import load_review, respond

PAGE_SIZE = 25


def _item(request: HttpRequest, pk: int) -> ActionItem:
    item = get_object_or_404(ActionItem.objects.select_related("review__incident", "owner"), pk=pk)
    if item.owner_id != request.user.pk and not can_see(request.user, item.review.incident):
        raise Http404
    return item


@login_required
@require_POST
def add(request: HttpRequest, pk: int) -> HttpResponse:
    review = load_review(request, pk)
    check_write(request.user, review.incident)
    form = ActionItemForm(request.POST, prefix="item")
    if not form.is_valid():
        errors = form_errors_text(form)  # type: ignore[arg-type]
        return respond(request, review, errors, status=400, item_form=form)
    try:
        action_items.action_item_add(review=review, by=acting_user(request), **form.cleaned_data)
    except IncidentActionError as exc:
        return respond(request, review, str(exc.messages[0]), status=400, item_form=form)
    return respond(request, review)


@login_required
@permission_required(VIEW)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an item's owner, due date, priority, type, title or link (its own page)."""
    item = _item(request, pk)
    check_write(request.user, item.review.incident)
    form = ActionItemForm(request.POST or None, instance=item, prefix="edit")
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        if fields.get("due_date") is None:
            fields["due_date"] = item.due_date
        try:
            action_items.action_item_update(
                item=_item(request, pk), by=acting_user(request), **fields
            )
        except IncidentActionError as exc:
            form.add_error(None, exc)
        else:
            return redirect("reviews:detail", pk=item.review_id)
    status = 400 if request.method == "POST" else 200
    context = {"item": item, "form": form, "review": item.review}
    return render(request, "reviews/item_edit.html", context, status=status)


@login_required
@permission_required(VIEW)
def mine(request: HttpRequest) -> HttpResponse:
    """Every open action item of the person looking, most urgent first (the dashboard shows
    the first few and links here)."""
    paginator = Paginator(my_open_action_items(request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"page": page, "my_items": list(page.object_list), "today": timezone.localdate()}
    return render(request, "reviews/my_items.html", context)


def _may_close(request: HttpRequest, item: ActionItem) -> None:
    """The owner closes their own item (from the dashboard too); writers close any."""
    if item.owner_id != request.user.pk:
        check_write(request.user, item.review.incident)


def _answer(
    request: HttpRequest, item: ActionItem, error: str = "", status: int = 200
) -> HttpResponse:
    """From the dashboard: its row; from the review page: the review; else back."""
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == f"my-item-{item.pk}":
        context = {
            "item": _item(request, item.pk),
            "item_error": error,
            "today": timezone.localdate(),
        }
        return render(request, "reviews/_my_action_items.html#my-item", context, status=status)
    if htmx:
        return respond(request, item.review, error, status=status)
    if error:
        messages.error(request, error)
    return redirect(safe_next(request, reverse("reviews:detail", args=[item.review_id])))


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    _may_close(request, item)
    form = CloseItemForm(request.POST)
    if not form.is_valid():
        return _answer(request, item, form_errors_text(form), status=400)
    try:
        action_items.action_item_close(
            item=item,
            by=acting_user(request),
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
    except IncidentActionError as exc:
        return _answer(request, item, str(exc.messages[0]), status=400)
    return _answer(request, item)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    _may_close(request, item)
    try:
        action_items.action_item_reopen(item=item, by=acting_user(request))
    except IncidentActionError as exc:
        return _answer(request, item, str(exc.messages[0]), status=400)
    return _answer(request, item)
