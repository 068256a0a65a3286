"""Services of action items: add, edit, close (done / won't do) and reopen. Each change is
on the incident's timeline and keeps the item's reminder clock and the review's last
clock in line."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.actors import Actor, Person
from incidents.errors import IncidentActionError
from incidents.selectors import display_name
from incidents.services import timeline_append

from . import events
from .clocks import ACTIONS_AFTER, action_item_clock_sync, clocks_sync
from .models import ActionItem, ActionItemStatus, Review

ITEM_FIELDS = ("title", "owner", "due_date", "priority", "type", "tracker_url")


def default_due_date(review: Review) -> date:
    """7 days after the review meeting (or after today, before the meeting)."""
    start = review.meeting_at or timezone.now()
    return timezone.localtime(start + ACTIONS_AFTER).date()


def _item_data(item: ActionItem, **extra: Any) -> dict[str, Any]:
    return {
        "item": item.pk,
        "title": item.title,
        "owner": display_name(item.owner),
        "due_date": item.due_date.isoformat(),
        **extra,
    }


def action_item_add(*, review: Review, by: Person, **fields: Any) -> ActionItem:
    with transaction.atomic():
        current = Review.objects.select_for_update().select_related("incident").get(pk=review.pk)
        now = timezone.now()
        values = {name: fields[name] for name in ITEM_FIELDS if fields.get(name) not in (None, "")}
        values.setdefault("due_date", default_due_date(current))
        if not str(values.get("title", "")).strip():
            raise IncidentActionError(_("Say what is to be done."))
        item = ActionItem.objects.create(review=current, created_at=now, created_by=by, **values)
        timeline_append(
            incident=current.incident,
            kind=events.ACTION_ITEM_ADDED,
            actor=by,
            at=now,
            data=_item_data(item),
        )
        action_item_clock_sync(item, now, rearm=True)
        clocks_sync(current, now)
    return item


def _locked_item(item: ActionItem) -> ActionItem:
    return (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("review__incident", "owner__profile")
        .get(pk=item.pk)
    )


def action_item_update(*, item: ActionItem, by: Actor, **fields: Any) -> ActionItem:
    """Change the owner, due date, priority, type, title or tracker link."""
    with transaction.atomic():
        current = _locked_item(item)
        changed = {}
        for name in ITEM_FIELDS:
            if (
                name in fields
                and fields[name] not in (None, "")
                and getattr(current, name) != fields[name]
            ):
                changed[name] = fields[name]
                setattr(current, name, fields[name])
        if "tracker_url" in fields and fields["tracker_url"] == "" and current.tracker_url:
            changed["tracker_url"] = ""
            current.tracker_url = ""
        if not changed:
            return current
        now = timezone.now()
        current.save()
        timeline_append(
            incident=current.review.incident,
            kind=events.ACTION_ITEM_CHANGED,
            actor=by,
            at=now,
            data=_item_data(current, changed=sorted(changed)),
        )
        rearm = bool({"due_date", "owner"} & set(changed))
        action_item_clock_sync(current, now, rearm=rearm)
    return current


def action_item_close(*, item: ActionItem, by: Actor, status: str, reason: str = "") -> ActionItem:
    """Done, or won't do (with a reason). Closing the last open one stops the review's last
    clock."""
    if status not in (ActionItemStatus.DONE, ActionItemStatus.WONT_DO):
        raise IncidentActionError(_("An action item is closed as done or won't do."))
    reason = reason.strip()
    if status == ActionItemStatus.WONT_DO and not reason:
        raise IncidentActionError(_("Say why it won't be done."))
    with transaction.atomic():
        current = _locked_item(item)
        if not current.is_open:
            raise IncidentActionError(
                _("Already closed by %(name)s.") % {"name": display_name(current.closed_by)}
            )
        now = timezone.now()
        current.status = status
        current.wont_do_reason = reason
        current.closed_at, current.closed_by = now, by
        current.save()
        timeline_append(
            incident=current.review.incident,
            kind=events.ACTION_ITEM_CLOSED,
            actor=by,
            at=now,
            data=_item_data(current, status=status, reason=reason),
        )
        action_item_clock_sync(current, now, rearm=False)
        clocks_sync(current.review, now)
    return current


def action_item_reopen(*, item: ActionItem, by: Actor) -> ActionItem:
    with transaction.atomic():
        current = _locked_item(item)
        if current.is_open:
            raise IncidentActionError(_("This action item is open."))
        now = timezone.now()
        current.status = ActionItemStatus.OPEN
        current.wont_do_reason = ""
        current.closed_at = current.closed_by = None  # type: ignore[assignment]
        current.save()
        timeline_append(
            incident=current.review.incident,
            kind=events.ACTION_ITEM_REOPENED,
            actor=by,
            at=now,
            data=_item_data(current),
        )
        action_item_clock_sync(current, now, rearm=True)
    return current
