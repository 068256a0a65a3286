"""'Send me a test page': one message over each channel a person's rules use, so a wrong
phone number shows up before the night it is needed. Rows with no incident, sent through
the outbox like any page; their outcome is on the rows (the preferences page shows them)."""

from datetime import timedelta
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from incidents.errors import IncidentActionError

from .chain import stage_row
from .dispatch import dispatch_many
from .messages import user_language
from .models import Notification, NotificationStatus
from .paging import person_address
from .rules import configured_channels, rules_of

REASON = "test_page"
ONE_TEST_EVERY = timedelta(seconds=60)  # an SMS and a call cost money: not a button to mash


def latest_trial_rows(user: Any) -> QuerySet[Notification]:
    """The person's latest test page, one row per channel."""
    latest = (
        Notification.objects.filter(user=user, incident__isnull=True, reason=REASON)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if latest is None:
        return Notification.objects.none()
    return Notification.objects.filter(
        user=user, incident__isnull=True, reason=REASON, created_at=latest
    ).order_by("id")


def trial_page_send(*, user: Any) -> list[Notification]:
    """Queue one test message per configured channel (sent after commit)."""
    now = timezone.now()
    with transaction.atomic():
        # One test at a time per person, even with two tabs pressing the button.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        last = latest_trial_rows(user).first()
        if last is not None and now - last.created_at < ONE_TEST_EVERY:
            wait = int((ONE_TEST_EVERY - (now - last.created_at)).total_seconds()) + 1
            raise IncidentActionError(
                _("A test page was just sent; try again in %(s)s s.") % {"s": wait}
            )
        with override(user_language(user)):
            subject = _("Test page")
            body = _(
                "This is a test page from the incident dashboard. If you read this, "
                "paging reaches you here. Nothing to do."
            )
        rows = [
            stage_row(
                incident=None,
                user=user,
                subject=subject,
                body=body,
                reason=REASON,
                key=f"test:{user.pk}:{now.isoformat()}:{channel}",
                root=None,
                stage=0,
                channel=channel,
                address=person_address(user, channel),
                remaining=[],
                now=now,
            )
            for channel in configured_channels(rules_of([user]).get(user.pk, {}))
        ]
        for row in rows:
            row.max_attempts = 1  # the outcome now, not after minutes of retries
            row.save()
        queued = [row.pk for row in rows if row.status == NotificationStatus.QUEUED]
        if queued:
            transaction.on_commit(partial(dispatch_many, queued))
    return rows
