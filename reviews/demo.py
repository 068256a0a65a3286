"""Demo history for `make run` (load_defaults --demo): six weeks of resolved incidents with
acknowledgements, escalations and a few reviews, so that the manager's console and the
history show real numbers on a fresh database. Written once; never touches other rows."""

import random
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from escalation.models import EscalationRecord
from incidents.models import Deadline, Incident, SeverityPolicy, StopsOn, TimelineEvent
from runbooks.models import IncidentRunbook, Scenario

from .clocks import LABELS, STEPS
from .models import ActionItem, Review

MARK = "demo-history"  # in the declared event's data: these incidents are the demo's
WEEKS = 6
TITLES = {
    1: "Banco de dados indisponível",
    3: "Falha na API da OpenAI",
    4: "Vazamento de memória no backend",
    5: "Frontend em branco",
    6: "Login quebrado",
    8: "Limite de requisições da OpenAI atingido",
    9: "Deploy falhou e precisou de rollback",
}
SEVERITIES = ["P0"] * 1 + ["P1"] * 4 + ["P2"] * 7 + ["P3"] * 8
ROOT_CAUSES = [
    "O pool de conexões ficou pequeno para o pico de tráfego e nenhum alerta cobria a saturação.",
    "Uma migração longa travou a tabela principal; o pipeline não avisava sobre locks.",
    "O limite de requisições do provedor mudou e o cliente não fazia backoff.",
]


def _people() -> dict[str, Any]:
    return {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["ana", "bruno", "carla", "diego"])
    }


def load_demo_history() -> list[str]:
    people = _people()
    if len(people) < 4:
        return []
    attached = _attach_scenarios()
    if TimelineEvent.objects.filter(kind="declared", data__demo=MARK).exists():
        return [f"Demo history already there ({attached} scenarios attached now)."]
    with transaction.atomic():
        count = _write_history(people)
    return [f"Demo history: {count} past incidents over {WEEKS} weeks, with reviews."]


def _attach_scenarios() -> int:
    """Scenarios come from the playbook import (after the first load): attach them late."""
    scenarios = {s.number: s for s in Scenario.objects.filter(number__in=TITLES)}
    if not scenarios:
        return 0
    by_title = {title: number for number, title in TITLES.items()}
    demo_ids = TimelineEvent.objects.filter(kind="declared", data__demo=MARK).values("incident_id")
    missing = Incident.objects.filter(pk__in=demo_ids, runbook__isnull=True)
    rows = [
        IncidentRunbook(incident=i, scenario=scenarios[by_title[i.title]], attached_at=i.opened_at)
        for i in missing
        if by_title.get(i.title) in scenarios
    ]
    IncidentRunbook.objects.bulk_create(rows)
    return len(rows)


def _write_history(people: dict[str, Any]) -> int:
    rng = random.Random(13)
    now = timezone.now()
    policy = {p.severity: p for p in SeverityPolicy.objects.all()}
    responders = [people["ana"], people["bruno"]]
    made: list[Incident] = []
    for day in range(WEEKS * 7, 1, -1):
        for _n in range(rng.choice([0, 1, 1, 2])):
            made.append(
                _incident(
                    rng,
                    policy,
                    now - timedelta(days=day, hours=rng.uniform(0, 20)),
                    people,
                    responders,
                )
            )
    reviewed = [i for i in made if i.severity in ("P0", "P1")]
    for n, incident in enumerate(reviewed):
        _review(
            incident,
            people,
            state="published"
            if n < len(reviewed) - 3
            else ("in_review" if n < len(reviewed) - 1 else "draft"),
            rng=rng,
            now=now,
        )
    return len(made)


def _incident(
    rng: random.Random, policy: dict, opened: Any, people: dict, responders: list
) -> Incident:
    severity = rng.choice(SEVERITIES)
    sla = policy[severity].acknowledge_minutes
    ack_after = sla * rng.choice([0.1, 0.2, 0.3, 0.5, 0.8, 1.5, 2.5])
    acked = opened + timedelta(minutes=ack_after)
    resolved = acked + timedelta(minutes=rng.uniform(15, 300))
    number = rng.choice(list(TITLES))
    who = rng.choice(responders)
    incident = Incident.objects.create(
        title=TITLES[number],
        severity=severity,
        status="resolved",
        acknowledge_minutes=sla,
        engineer_after_minutes=policy[severity].engineer_minutes,
        commander_after_minutes=policy[severity].commander_minutes,
        opened_at=opened,
        opened_by=people["carla"],
        acknowledged_at=acked,
        acknowledged_by=who,
        resolved_at=resolved,
        resolved_by=people["carla"],
        mitigated_at=resolved - timedelta(minutes=5),
        mitigated_by=who,
    )
    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                incident=incident,
                kind="declared",
                actor=people["carla"],
                created_at=opened,
                data={
                    "title": incident.title,
                    "severity": severity,
                    "source": "manual",
                    "demo": MARK,
                },
            ),
            TimelineEvent(
                incident=incident, kind="acknowledged", actor=who, created_at=acked, data={}
            ),
            TimelineEvent(
                incident=incident,
                kind="mitigated",
                actor=who,
                created_at=resolved - timedelta(minutes=5),
                data={},
            ),
            TimelineEvent(
                incident=incident,
                kind="resolved",
                actor=people["carla"],
                created_at=resolved,
                data={},
            ),
        ]
    )
    engineer = policy[severity].engineer_minutes
    if engineer and ack_after > engineer:
        due = opened + timedelta(minutes=engineer)
        EscalationRecord.objects.create(
            incident=incident,
            level="escalation_engineer",
            due_at=due,
            fired_at=due,
            paged=people["bruno"],
            summary="Escalation Engineer paged",
        )
    return incident


def _review(incident: Incident, people: dict, *, state: str, rng: random.Random, now: Any) -> None:
    resolved = incident.resolved_at
    assert resolved is not None
    carla, diego, ana = people["carla"], people["diego"], people["ana"]
    submitted = resolved + timedelta(hours=rng.uniform(6, 20)) if state != "draft" else None
    meeting = (
        submitted + timedelta(hours=rng.uniform(20, 40))
        if submitted and state == "published"
        else None
    )
    review = Review.objects.create(
        incident=incident,
        status=state,
        cause="severity",
        owner=carla,
        language="pt-br",
        created_at=resolved,
        updated_at=submitted or resolved,
        updated_by=carla,
        timeline=[],
        users_affected=f"{rng.randint(5, 60)}%",
        downtime_minutes=round(
            ((incident.mitigated_at or resolved) - incident.opened_at).total_seconds() / 60
        ),
        data_loss="Não",
        root_cause=rng.choice(ROOT_CAUSES) if state != "draft" else "",
        resolution="Aumentamos o limite e fizemos o deploy da correção.",
        went_well="- O alerta chegou em menos de 2 minutos.\n- O rollback estava documentado.",
        went_wrong="- O painel não mostrava a saturação.\n- A escala demorou a chegar.",
        submitted_at=submitted,
        meeting_at=meeting,
        meeting_recorded_by=carla if meeting else None,
        approved_at=meeting + timedelta(hours=2) if meeting else None,
        approved_by=diego if meeting else None,
        published_at=meeting + timedelta(hours=3) if meeting else None,
        published_by=diego if meeting else None,
    )
    if meeting:
        review.meeting_attendees.set([carla, ana, people["bruno"]])
    _review_clocks(review, now)
    if state == "draft":
        return
    start = meeting or submitted
    assert start is not None
    for n, title in enumerate(
        ["Alerta de saturação do pool de conexões", "Runbook de rollback revisado"]
    ):
        due = (start + timedelta(days=7 + n * 3)).date()
        done = due < now.date() - timedelta(days=10) and n == 1
        ActionItem.objects.create(
            review=review,
            title=title,
            owner=ana if n == 0 else carla,
            due_date=due,
            priority="P1" if n == 0 else "P2",
            type="detective" if n == 0 else "preventive",
            status="done" if done else "open",
            created_at=start,
            created_by=carla,
            closed_at=start + timedelta(days=5) if done else None,
            closed_by=carla if done else None,
        )


def _review_clocks(review: Review, now: Any) -> None:
    """The review's three clocks as the sweep would have left them."""
    resolved = review.incident.resolved_at
    assert resolved is not None
    dues = [
        resolved + timedelta(hours=24),
        resolved + timedelta(hours=72),
        resolved + timedelta(days=10),
    ]
    done = [review.submitted_at is not None, review.meeting_at is not None, False]
    for kind, due, finished in zip(STEPS, dues, done, strict=True):
        fired = due if due <= now else None
        Deadline.objects.create(
            incident=review.incident,
            kind=kind,
            due_at=due,
            stops_on=StopsOn.NEVER,
            fired_at=fired,
            cancelled_at=(fired or due) if finished else None,
            data={"label": LABELS[kind], "review": review.pk},
        )
