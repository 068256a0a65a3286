"""What the review views share: loading, the page's context, answering after a change."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from incidents.views.helpers import acting_user
from incidents.visibility import can_see

from ..access import APPROVE, can_write
from ..blameless import blame_warnings
from ..forms import (
    ActionItemForm,
    AmendmentForm,
    CloseItemForm,
    MeetingForm,
    OwnerForm,
    ReviewForm,
)
from ..models import TEXT_SECTIONS, Review, ReviewStatus
from ..selectors import action_items_of, commander_of, review_clocks, review_for_page
from ..text import render_markdown


def load_review(request: HttpRequest, pk: int) -> Review:
    """The review, or 404 (also when its incident is restricted and the user outside it)."""
    try:
        review = review_for_page(pk)
    except Review.DoesNotExist:
        raise Http404 from None
    if not can_see(request.user, review.incident):
        raise Http404
    return review


def review_form(review: Review) -> ReviewForm:
    return ReviewForm(
        instance=review, initial={"version": review.version, "language": review.language}
    )


def review_page_context(request: HttpRequest, review: Review, **extra: Any) -> dict[str, Any]:
    user = acting_user(request)
    writable = can_write(user, review.incident) and not review.is_published
    items = list(action_items_of(review))
    context: dict[str, Any] = {
        "review": review,
        "incident": review.incident,
        "commander": commander_of(review.incident),
        "clocks": review_clocks(review),
        "items": items,
        "can_write": writable,
        "can_approve": user.has_perm(APPROVE),
        "can_amend": review.is_published
        and (writable or user.has_perm(APPROVE) or can_write(user, review.incident)),
        "form": review_form(review),
        "item_form": ActionItemForm(prefix="item"),
        "meeting_form": MeetingForm(
            initial={"held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
        ),
        "close_form": CloseItemForm(),
        "amend_form": AmendmentForm(),
        "owner_form": OwnerForm(initial={"owner": review.owner_id}),
        "warnings": blame_warnings(review),
        "statuses": ReviewStatus,
        "text_sections": TEXT_SECTIONS,
        "rendered": {name: render_markdown(getattr(review, name)) for name in TEXT_SECTIONS},
        "now": timezone.now(),
    }
    context.update(extra)
    return context


def respond(
    request: HttpRequest, review: Review, error: str = "", status: int = 200, **extra: Any
) -> HttpResponse:
    """HTMX gets the refreshed review-main partial; a plain post is redirected back."""
    if getattr(request, "htmx", False):
        context = review_page_context(
            request, load_review(request, review.pk), error=error, **extra
        )
        return render(request, "reviews/review.html#review-main", context, status=status)
    if error:
        messages.error(request, error)
    return redirect("reviews:detail", pk=review.pk)
