"""Celery is configured the way the SLA engine needs it."""

from django.conf import settings

from config.celery import app


def _declared_queues() -> set[str]:
    return set(app.amqp.queues.keys())


def test_every_registered_task_is_routed_to_a_declared_queue():
    app.loader.import_default_modules()  # what a worker imports: every app's tasks.py
    ours = sorted(name for name in app.tasks if not name.startswith("celery."))
    assert "escalation.tasks.sweep" in ours
    declared = _declared_queues()
    unrouted = {}
    for name in ours:
        route = app.amqp.router.route({}, name)
        queue = route["queue"].name
        if queue not in declared:
            unrouted[name] = queue
    assert not unrouted, f"tasks routed to undeclared queues: {unrouted}"


def test_the_sweep_has_its_own_queue_and_one_static_beat_entry():
    assert {"sweep", "notifications", "default"} <= _declared_queues()
    assert app.amqp.router.route({}, "escalation.tasks.sweep")["queue"].name == "sweep"
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert [entry["task"] for entry in schedule.values()] == ["escalation.tasks.sweep"]
    assert next(iter(schedule.values()))["schedule"] == settings.ESCALATION_SWEEP_SECONDS


def test_tasks_run_as_idempotent_tasks_should():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_soft_time_limit and conf.task_time_limit > conf.task_soft_time_limit
    assert not conf.task_always_eager
