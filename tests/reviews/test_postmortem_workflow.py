import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from reviews.action_items import action_item_add
from reviews.models import ActionItem, Review, ReviewAmendment, ReviewStatus
from reviews.services import review_save


@pytest.fixture
def review(resolved):
    return Review.objects.get(incident=resolved("P1"))


def _post(client, name, *args, data=None, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse(name, args=args), data or {}, **headers)


def test_postmortem_workflow_draft_review_published(review, commander, responder, manager, client):
    client.force_login(commander)
    # Submitting needs a root cause: the error is shown, nothing changes.
    response = _post(client, "reviews:workflow", review.pk, "submit")
    assert response.status_code == 400 and "causa raiz" in response.content.decode()
    review_save(review=review, by=commander, version=1, fields={"root_cause": "Disk full"})
    assert _post(client, "reviews:workflow", review.pk, "submit").status_code == 200
    # A writer cannot approve; a manager cannot write.
    assert _post(client, "reviews:workflow", review.pk, "approve").status_code == 403
    client.force_login(manager)
    assert (
        _post(client, "reviews:save", review.pk, data={"version": 2, "language": "en"}).status_code
        == 403
    )
    response = _post(client, "reviews:workflow", review.pk, "approve")
    assert "reunião" in response.content.decode()  # the meeting comes first
    client.force_login(commander)
    held = {"held_at": "2026-03-02T15:00", "attendees": [commander.pk, responder.pk]}
    assert _post(client, "reviews:meeting", review.pk, data=held).status_code == 200
    client.force_login(manager)
    assert (
        _post(client, "reviews:workflow", review.pk, "publish").status_code == 400
    )  # not approved
    assert _post(client, "reviews:workflow", review.pk, "approve").status_code == 200
    assert _post(client, "reviews:workflow", review.pk, "publish").status_code == 200
    review.refresh_from_db()
    assert review.status == ReviewStatus.PUBLISHED and review.approved_by == manager
    kinds = list(review.incident.timeline.values_list("kind", flat=True))
    for kind in (
        "review_submitted",
        "review_meeting_recorded",
        "review_approved",
        "review_published",
    ):
        assert kind in kinds
    # Published is read-only; a correction is recorded beside it.
    client.force_login(commander)
    response = _post(
        client, "reviews:save", review.pk, data={"version": 3, "language": "en", "root_cause": "x"}
    )
    assert response.status_code == 400
    assert Review.objects.get(pk=review.pk).root_cause == "Disk full"
    assert (
        _post(client, "reviews:amend", review.pk, data={"text": "It was disk 2."}).status_code
        == 200
    )
    assert ReviewAmendment.objects.filter(review=review).count() == 1


def test_postmortem_only_people_who_took_part_write(review, responder2, client):
    client.force_login(responder2)  # a responder who had nothing to do with it
    assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 200
    response = _post(client, "reviews:save", review.pk, data={"version": 1, "language": "en"})
    assert response.status_code == 403
    item = {
        "item-title": "x",
        "item-owner": responder2.pk,
        "item-priority": "P1",
        "item-type": "preventive",
    }
    assert _post(client, "reviews:item_add", review.pk, data=item).status_code == 403


def test_postmortem_action_items_add_edit_and_owner_closes_from_dashboard(
    review, commander, responder, client
):
    client.force_login(commander)
    item = {
        "item-title": "Alert on disk",
        "item-owner": responder.pk,
        "item-priority": "P1",
        "item-type": "detective",
        "item-tracker_url": "https://tracker.example.com/T-1",
    }
    assert _post(client, "reviews:item_add", review.pk, data=item).status_code == 200
    bad = {**item, "item-tracker_url": "not a url"}
    response = _post(client, "reviews:item_add", review.pk, data=bad)
    assert response.status_code == 400
    added = ActionItem.objects.get()
    edit = {
        "edit-title": "Alert on disk at 80%",
        "edit-owner": commander.pk,
        "edit-due_date": "2026-04-01",
        "edit-priority": "P0",
        "edit-type": "detective",
        "edit-tracker_url": "",
    }
    response = client.post(reverse("reviews:item_edit", args=[added.pk]), edit)
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.owner, str(added.due_date), added.priority) == (commander, "2026-04-01", "P0")
    other = action_item_add(review=review, by=commander, title="Rotate logs", owner=responder)
    client.force_login(responder)
    page = client.get(reverse("incidents:dashboard")).content.decode()
    assert "My action items" in page or "Meus itens de ação" in page
    assert "Rotate logs" in page and "Alert on disk at 80%" not in page
    response = client.post(
        reverse("reviews:item_close", args=[other.pk]),
        {"status": "done"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"my-item-{other.pk}",
    )
    assert response.status_code == 200 and f'id="my-item-{other.pk}"' in response.content.decode()
    other.refresh_from_db()
    assert other.status == "done" and other.closed_by == responder


def test_postmortem_incident_page_links_to_its_review(review, commander, client):
    client.force_login(commander)
    page = client.get(reverse("incidents:detail", args=[review.incident_id])).content.decode()
    assert reverse("reviews:detail", args=[review.pk]) in page
    assert 'data-testid="review-badge"' in page


def test_postmortem_published_review_offers_the_post_mortem_message(review, commander, client):
    from communications.bootstrap import load_comms_defaults

    load_comms_defaults()
    client.force_login(commander)
    url = reverse("communications:compose", args=[review.incident_id])
    page = client.get(url, {"kind": "post_mortem"}).content.decode()
    assert 'value="post_mortem" selected' in page
    assert "[Post-mortem]" in page


def test_postmortem_demo_history_gives_the_console_numbers(defaults, client):
    from escalation.bootstrap import load_demo_roster
    from reviews.demo import load_demo_history

    load_demo_roster("pw")
    assert "Demo history" in load_demo_history()[0]
    assert Review.objects.filter(status=ReviewStatus.PUBLISHED).exists()
    client.force_login(User.objects.get(username="diego"))
    response = client.get(reverse("reviews:reports"))
    assert response.status_code == 200
    by_severity = response.context["by_severity"]
    assert sum(row.incidents for row in by_severity) > 20
    assert any(row.escalations for row in by_severity)
    assert load_demo_history()[0].startswith("Demo history already there")


def test_postmortem_owner_handover_and_overdue_badge_on_the_owners_dashboard(
    review, commander, responder, client
):
    from datetime import timedelta

    from .conftest import sweep

    client.force_login(commander)
    response = _post(client, "reviews:owner", review.pk, data={"owner": responder.pk})
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.owner == responder
    assert review.incident.timeline.filter(kind="review_owner_changed").exists()
    sweep(review.incident.resolved_at + timedelta(hours=25))  # the draft is late
    client.force_login(responder)
    page = client.get(reverse("incidents:dashboard")).content.decode()
    assert 'id="overdue-reviews"' in page and review.incident.reference in page
    client.force_login(commander)  # not theirs any more: no badge
    assert 'id="overdue-reviews"' not in client.get(reverse("incidents:dashboard")).content.decode()
