"""Login throttling (django-axes): lockout by username + IP, its message, cool-off, reset."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from .world import make_user


def _fail(client, url="/login/", username="sec-locked", times=1):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong"})
    return response


@pytest.mark.django_db
def test_security_lockout_message_cool_off_and_reset(settings, caplog):
    settings.AXES_FAILURE_LIMIT = 3
    make_user("sec-locked")
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert _fail(client, times=2).status_code == 200  # the form again, with its error
        locked = _fail(client)
        assert locked.status_code == 429
        text = locked.content.decode()
        assert 'data-testid="locked-out"' in text and "15" in text  # minutes to wait
        assert "login locked out" in caplog.text and "sec-locked" in caplog.text
        # Even the right password is refused while locked out.
        good = {"username": "sec-locked", "password": "pw-sec-locked"}
        assert client.post("/login/", good).status_code == 429
        # Another person on the same IP is not locked out.
        make_user("sec-other")
        other = {"username": "sec-other", "password": "pw-sec-other"}
        assert Client().post("/login/", other).status_code == 302
        # After the cool-off, the right password works.
        clock.shift(timedelta(minutes=16))
        assert client.post("/login/", good).status_code == 302


@pytest.mark.django_db
def test_security_lockout_admin_login_and_manual_reset(settings):
    settings.AXES_FAILURE_LIMIT = 2
    make_user("sec-boss", is_staff=True)
    client = Client()
    assert _fail(client, "/admin/login/", "sec-boss", times=2).status_code == 429
    good = {"username": "sec-boss", "password": "pw-sec-boss"}
    assert client.post("/admin/login/", good).status_code == 429
    call_command("axes_reset_username", "sec-boss")
    assert client.post("/admin/login/", good).status_code == 302
