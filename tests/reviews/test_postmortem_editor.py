import pytest
from django.urls import reverse

from reviews.blameless import check_text
from reviews.errors import ReviewConflict
from reviews.models import Review
from reviews.services import review_save

HOSTILE = (
    "<script>alert('x')</script>\n\n"
    "[click](javascript:alert(1)) <img src=x onerror=alert(2)>\n\n"
    '<div style="color:red" onclick="steal()">raw html</div> <iframe src=//evil></iframe>\n\n'
    "[ok](https://status.example.com)"
)


def _inert(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script", "javascript:", "onerror", "onclick", "<iframe", "style=", "<img"):
        assert bad not in lowered, bad


@pytest.fixture
def review(resolved):
    return Review.objects.get(incident=resolved("P1"))


def test_postmortem_second_editor_is_told_and_loses_nothing(review, commander, responder, client):
    mine = review_save(
        review=review, by=commander, version=1, fields={"root_cause": "Carla's text"}
    )
    assert mine.version == 2
    with pytest.raises(ReviewConflict) as conflict:
        review_save(review=review, by=responder, version=1, fields={"root_cause": "Ana's text"})
    assert "Carla Mendes" in str(conflict.value.messages[0])
    assert Review.objects.get(pk=review.pk).root_cause == "Carla's text"
    # Through the autosave: 409 with both texts.
    client.force_login(commander)
    url = reverse("reviews:save", args=[review.pk])
    data = {"version": 1, "language": "en", "root_cause": "An older tab's text"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    body = response.content.decode()
    assert "Carla&#x27;s text" in body and "An older tab&#x27;s text" in body
    response = client.post(url, {**data, "force_version": 2}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Review.objects.get(pk=review.pk).root_cause == "An older tab's text"


def test_postmortem_hostile_markdown_is_inert_in_preview_page_and_export(
    review, commander, manager, client
):
    client.force_login(commander)
    preview = client.post(
        reverse("reviews:preview", args=[review.pk]),
        {"root_cause": HOSTILE},
        HTTP_HX_REQUEST="true",
    )
    assert preview.status_code == 200
    _inert(preview.content.decode())
    assert 'href="https://status.example.com" rel="noopener noreferrer"' in preview.content.decode()
    review_save(
        review=review, by=commander, version=1, fields={"root_cause": HOSTILE, "went_well": HOSTILE}
    )
    client.force_login(manager)  # reads the document (not the editor)
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    document = page[page.index('id="review-document"') :]
    _inert(document)
    export = client.get(reverse("reviews:export", args=[review.pk])).content.decode()
    assert "<script" not in export and "javascript:" not in export and "<img" not in export
    assert "[ok](https://status.example.com)" in export


def test_postmortem_markdown_export_follows_the_template(review, commander, client):
    from reviews.action_items import action_item_add

    review_save(
        review=review,
        by=commander,
        version=1,
        fields={"root_cause": "Disk full on **db-1**", "users_affected": "40%", "language": "en"},
        language="en",
    )
    action_item_add(review=review, by=commander, title="Alert at 80% disk", owner=commander)
    client.force_login(commander)
    response = client.get(reverse("reviews:export", args=[review.pk]))
    assert response["Content-Type"].startswith("text/markdown")
    text = response.content.decode()
    for heading in (
        "# Post-mortem: ",
        "## Timeline",
        "## Impact",
        "## Root cause",
        "## Resolution",
        "## What went well",
        "## What went wrong",
        "## Action items",
    ):
        assert heading in text, heading
    assert "- Users affected: 40%" in text
    assert "Disk full on **db-1**" in text
    assert "- [ ] Alert at 80% disk - Owner: Carla Mendes - Due: " in text
    assert "**Severity:** P1" in text


BLAMING = [
    "Ana broke the deploy pipeline.",
    "It was Bob's fault.",
    "Marcos forgot to renew the certificate.",
    "The outage happened because of Pedro.",
    "Foi culpa do Pedro.",
    "Pedro esqueceu de rodar a migração.",
    "Foi erro do João ao configurar o banco.",
    "Diego derrubou o banco de produção.",
]
NEUTRAL = [
    "The deploy broke the login page.",
    "Redis failed to restart after the upgrade.",
    "O Redis caiu às 10h.",
    "Carla restarted the database at 10:42.",
    "Ana acknowledged the alert within 3 minutes.",
    "O deploy quebrou o login.",
    "Erro do servidor ao salvar o documento.",
    "Falha do Redis às 3h.",
    "The monitoring didn't alert on disk usage.",
    "Monitoring ignored the spike because the threshold was too high.",
    "We forgot to update the runbook after the migration.",
    "Nós esquecemos de atualizar o runbook.",
    "A equipe não verificou o backup antes do deploy.",
    "The migration caused a table lock.",
    "A migração causou um lock na tabela.",
    "Postgres dropped connections under load.",
    "O alerta foi ignorado porque chegou fora do horário.",
    "Railway deleted the old volume as scheduled.",
]


@pytest.mark.parametrize("sentence", BLAMING)
def test_postmortem_blame_wording_is_flagged(sentence):
    [(flagged, suggestion)] = check_text(sentence)
    assert flagged == sentence and suggestion


def test_postmortem_blame_wording_keeps_false_positives_low():
    flagged = [s for s in NEUTRAL if check_text(s)]
    assert flagged == []


def test_postmortem_blame_warning_shows_but_never_blocks(review, commander, client):
    client.force_login(commander)
    url = reverse("reviews:save", args=[review.pk])
    data = {"version": 1, "language": "pt-br", "root_cause": "Foi culpa do Pedro."}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Foi culpa do Pedro." in response.content.decode()
    assert 'data-testid="blame-warnings"' in response.content.decode()
    assert Review.objects.get(pk=review.pk).root_cause == "Foi culpa do Pedro."


@pytest.mark.skipif(
    not __import__("os").environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="row locks need PostgreSQL; .ci/run runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_postmortem_two_saves_of_one_version_at_once_give_one_outcome(
    resolved, commander, responder
):
    import threading

    from django.db import connections
    from django.utils import translation

    review = Review.objects.get(incident=resolved("P1"))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(user, text):
        translation.activate("en")
        try:
            barrier.wait()
            review_save(review=review, by=user, version=1, fields={"root_cause": text})
            outcomes.append("saved")
        except ReviewConflict as conflict:
            outcomes.append(str(conflict.messages[0]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=a) for a in ((commander, "A"), (responder, "B"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "saved" and sorted(outcomes)[0].startswith("Changed by")
    assert Review.objects.get(pk=review.pk).version == 2
