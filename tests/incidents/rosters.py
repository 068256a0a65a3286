"""Test helper: people on call for a role this week (a weekly rotation started yesterday)."""

from datetime import time, timedelta

from django.utils import timezone

from incidents.models import Role
from schedules.services import rotation_save


def on_call_this_week(role_key, people, *, by):
    rotation_save(
        role=Role.objects.get(key=role_key),
        members=list(people),
        by=by,
        name="Week",
        length="weekly",
        handoff_time=time(9, 0),
        start_date=timezone.localdate() - timedelta(days=1),
    )
