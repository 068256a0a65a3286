"""The extension points (README, "Extending"): the settings lists through which apps plug
into each other (each app lists its own entries here; the incidents app never imports
them), and the product settings those apps read. Star-imported by config/settings.py."""

import environ

env = environ.Env()

# --- Extension points (README, "Extending"): each app lists its own entries here.
# Handlers of due deadlines: callables (deadlines, now) -> [Outcome], @deadline_handler(kind).
DEADLINE_HANDLERS = [
    "incidents.deferred_declare.finish_declarations",
    "escalation.actions.first_page.page_first_responder",
    "notifications.louder_page.page_louder",
    "escalation.actions.breach.sla_breached",
    "escalation.actions.roles.escalation_engineer",
    "escalation.actions.roles.incident_commander",
    "escalation.actions.roles.escalate",
    "escalation.actions.backlog.move_to_backlog",
    "runbooks.handlers.lgpd_deadlines_passed",
    "runbooks.handlers.while_rules_due",
    "communications.cadence.stakeholder_updates_overdue",
    "reviews.handlers.review_steps_overdue",
    "reviews.handlers.review_steps_overdue_managers",
    "reviews.handlers.action_items_overdue",
]
# Each app's grants to the shipped groups and its 403 texts: incidents.access.AppPermissions.
GROUP_PERMISSIONS = [
    "incidents.access.PERMISSIONS",
    "runbooks.access.PERMISSIONS",
    "communications.access.PERMISSIONS",
    "schedules.access.PERMISSIONS",
    "alerts.access.PERMISSIONS",
    "reviews.access.PERMISSIONS",
    "audit.access.PERMISSIONS",
]
# `manage.py load_defaults`: callables (*, demo: bool) -> [lines to print], run in order.
DEFAULTS_LOADERS = [
    "incidents.bootstrap.load_defaults",
    "escalation.bootstrap.load_defaults",
    "communications.bootstrap.load_defaults",
    "runbooks.bootstrap.load_defaults",
    "schedules.bootstrap.load_defaults",
    "reviews.bootstrap.load_defaults",
]
# The incident page's panels, in order: callables (request, incident) -> incidents.panels.Panel
# (template, context, slot "head" / "main" / "side") or None.
INCIDENT_PAGE_PANELS = [
    "escalation.panels.incident_markers",
    "alerts.panels.alerts",
    "reviews.panels.review_badge",
    "reviews.panels.review",
    "runbooks.panels.checklist",
    "communications.panels.composer",
    "escalation.panels.clocks",
    "incidents.panels.roles",
    "incidents.panels.severity",
    "incidents.panels.restriction",
    "notifications.panels.paging_log",
    "notifications.panels.my_page",
]
# The incident page's timeline filter: dicts {event kind: "paging" | "checklist"}.
TIMELINE_EVENT_GROUPS = [
    "escalation.events.TIMELINE_GROUPS",
    "notifications.events.TIMELINE_GROUPS",
    "runbooks.events.TIMELINE_GROUPS",
    "communications.events.TIMELINE_GROUPS",
]
# Dashboard row markers: callables (request, incidents) -> {incident pk: Panel}, once a page.
DASHBOARD_MARKERS = [
    "runbooks.panels.checklist_markers",
    "communications.panels.overdue_markers",
    "alerts.panels.alert_markers",
]
# The preferences page's panels, in order: callables (request) -> incidents.panels.Panel | None.
PREFERENCES_PANELS = ["notifications.panels.notification_rules"]
# Page reasons: dicts {reason slug: notifications.reasons.PageReason or words}.
NOTIFICATION_REASONS = [
    "notifications.messages.REASONS",
    "communications.events.PAGE_REASONS",
    "runbooks.events.PAGE_REASONS",
    "schedules.events.PAGE_REASONS",
    "reviews.events.PAGE_REASONS",
]
# Dashboard sections: callables (request) -> Panel | None; slot "head" above the open
# incidents, "foot" below them (a person's own follow-up work).
DASHBOARD_PANELS = [
    "schedules.panels.coverage_gaps_banner",
    "schedules.panels.my_on_call",
    "reviews.panels.my_action_items",
    "reviews.panels.overdue_reviews_panel",
]
# After an incident's status changed, in its transaction: callables (*, incident, action, by).
INCIDENT_TRANSITION_HOOKS = [
    "reviews.services.review_create_if_required",
    "notifications.answer.acknowledging_answers_pages",
]
# After a role on incidents changed hands, in its transaction, once for a batch: callables
# (*, changes: [incidents.batch_services.RoleChange], by, at); a change with user None took
# the role away from its holder (incidents.role_services.incident_unassign_role).
INCIDENT_ROLE_HOOKS = [
    "notifications.relief.relieved_stop_pages",
    "notifications.assigned.assigned_page_holders",
]
# How often an incident's problem occurred in a window: callables (incident, since) -> int|None.
REVIEW_RECURRENCE_COUNTERS = ["reviews.recurrence.same_scenario", "reviews.recurrence.same_alert"]
INCIDENT_DEADLINE_PROVIDERS = ["runbooks.deadlines.scenario_deadlines"]
# Called after commit when a service wrote a deadline already due (the page at open):
# callables () -> None. The escalation app sweeps at once instead of at its next beat.
DEADLINE_DUE_NOW_HOOKS = ["escalation.dispatch.sweep_soon"]
INCIDENT_TRANSITION_GUARDS = [
    "runbooks.guards.verification_gate",
    "communications.guards.resolved_notice_gate",
]
INCIDENT_DECLARE_HOOKS = ["runbooks.declare.attach", "communications.declare.start_update_clock"]
INCIDENT_DECLARE_FORM_EXTRAS = ["runbooks.declare.ScenarioPickerForm"]
# What `import_playbook` applies besides the scenarios: callables (playbook) -> [changes].
PLAYBOOK_IMPORTERS = [
    "runbooks.playbook_facts.import_severity_table",
    "runbooks.playbook_facts.import_roles",
    "communications.playbook_templates.import_templates",
]
# Scenarios whose incidents are restricted when attached (scenario 10: security breach).
RESTRICTED_SCENARIO_NUMBERS = env.list("RESTRICTED_SCENARIO_NUMBERS", cast=int, default=[10])
# Who takes part in an incident besides opener, acknowledger and role holders (they see it
# when it is restricted): callables (user) -> Q on Incident. See incidents/visibility.py.
INCIDENT_PARTICIPANT_FILTERS = ["notifications.selectors.paged_incidents"]
# Message templates people write are filled in within these bounds (communications.sandbox).
MESSAGE_TEMPLATE_MAX_OUTPUT_CHARS = env.int("MESSAGE_TEMPLATE_MAX_OUTPUT_CHARS", default=20_000)
MESSAGE_TEMPLATE_MAX_RENDER_SECONDS = env.float("MESSAGE_TEMPLATE_MAX_RENDER_SECONDS", default=0.5)
# Phone numbers typed without a country code are read as this region's (E.164 stored).
PHONE_DEFAULT_REGION = env("PHONE_DEFAULT_REGION", default="BR")
RUNBOOK_CHECK_TIMEOUT_SECONDS = env.float("RUNBOOK_CHECK_TIMEOUT_SECONDS", default=5.0)
RUNBOOK_DEFAULT_CHECK_SERVICE = env("RUNBOOK_DEFAULT_CHECK_SERVICE", default="backend")
RUNBOOK_LGPD_NOTICE_BUSINESS_DAYS = env.int("RUNBOOK_LGPD_NOTICE_BUSINESS_DAYS", default=3)

# Steps of the escalation sweep after the incidents' deadlines: callables (now) -> int.
SWEEP_STEPS = ["schedules.handoffs.sweep_handoffs", "schedules.gap_report.sweep_gap_report"]
# --- On-call schedules. THE lookup of who is on call for a role (escalation.selectors.
# on_call_user delegates to it): rotations and overrides, the admin roster below them.
ONCALL_LOOKUP = "schedules.selectors.on_call_user"
# Who is paged when nobody is on call for a role: callable (role key, at) -> [users].
ONCALL_FALLBACK = "schedules.selectors.fallback_contacts"
# Roles whose coverage gaps are warned about and whose people must be pageable.
SCHEDULE_PAGING_ROLES = env.list(
    "SCHEDULE_PAGING_ROLES",
    default=["first_responder", "escalation_engineer", "incident_commander", "security_specialist"],
)
