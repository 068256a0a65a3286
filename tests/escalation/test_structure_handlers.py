"""One implementation per rule: every handler is a batch callable listed in
settings.DEADLINE_HANDLERS, and the sweep's one-by-one fallback calls the same handler with
one deadline, so a failing deadline in a batch is isolated and retried."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from escalation.models import EscalationRecord
from incidents.deadline_handlers import Outcome, deadline_handler, handlers
from incidents.models import Deadline
from incidents.services import deadline_set

from .conftest import T0, levels

pytestmark = pytest.mark.django_db
MIN = timedelta(minutes=1)
_calls: list[list[str]] = []
_broken: set[str] = set()


@deadline_handler("structure_check")
def structure_checks(deadlines, now):
    _calls.append([d.incident.title for d in deadlines])
    if any(d.incident.title in _broken for d in deadlines):
        raise RuntimeError("the provider of this one is down")
    return [Outcome(summary=f"checked {d.incident.title}") for d in deadlines]


def not_marked(deadlines, now):
    return []


@deadline_handler("acknowledge")
def second_acknowledge(deadlines, now):
    return []


@pytest.fixture
def structure_handler(settings):
    settings.DEADLINE_HANDLERS = [*settings.DEADLINE_HANDLERS, f"{__name__}.structure_checks"]
    _calls.clear()
    _broken.clear()


def test_structure_a_failing_deadline_in_a_batch_is_isolated_and_retried(
    oncall, declare_at, sweep_at, structure_handler
):
    titles = ["Search slow", "Checkout down", "Login flaky"]
    incidents = [declare_at("P3", title=title) for title in titles]
    sweep_at(T0)  # their pages at open
    for incident in incidents:
        deadline_set(incident=incident, kind="structure_check", due_at=T0 + 5 * MIN)
    _broken.add("Checkout down")

    assert sweep_at(T0 + 6 * MIN) == 2
    # Once for the batch, which failed; then the same handler with one deadline each.
    assert _calls == [titles, ["Search slow"], ["Checkout down"], ["Login flaky"]]
    search, checkout, login = incidents
    assert levels(search) == ["structure_check"] and levels(login) == ["structure_check"]
    assert levels(checkout) == []
    assert Deadline.objects.get(incident=checkout, kind="structure_check").is_pending

    _broken.clear()  # the provider is back: the next sweep fires it, once
    assert sweep_at(T0 + 6 * MIN + timedelta(seconds=5)) == 1
    assert levels(checkout) == ["structure_check"]
    record = EscalationRecord.objects.get(incident=checkout, level="structure_check")
    assert record.summary == "checked Checkout down"
    assert sweep_at(T0 + 7 * MIN) == 0


def test_structure_a_batch_with_no_failure_is_one_call(
    oncall, declare_at, sweep_at, structure_handler
):
    incidents = [declare_at("P3", title=f"Incident {n}") for n in range(3)]
    sweep_at(T0)  # their pages at open
    for incident in incidents:
        deadline_set(incident=incident, kind="structure_check", due_at=T0 + 5 * MIN)
    assert sweep_at(T0 + 6 * MIN) == 3
    assert _calls == [[f"Incident {n}" for n in range(3)]]


def test_structure_handler_settings_are_checked(settings):
    settings.DEADLINE_HANDLERS = [*settings.DEADLINE_HANDLERS, f"{__name__}.not_marked"]
    with pytest.raises(ImproperlyConfigured, match="names no deadline kind"):
        handlers()
    settings.DEADLINE_HANDLERS = [
        *settings.DEADLINE_HANDLERS[:-1],
        f"{__name__}.second_acknowledge",
    ]
    with pytest.raises(ImproperlyConfigured, match="Two deadline handlers for 'acknowledge'"):
        handlers()
