"""Email through Django's mail backend (SMTP from EMAIL_URL in production)."""

import time

from django.conf import settings
from django.core.mail import BadHeaderError, send_mail

from ..links import outgoing_body
from ..models import Notification
from .base import SendResult, no_address


def send(notification: Notification) -> SendResult:
    if not notification.address:
        return no_address("email address")
    started = time.monotonic()
    try:
        send_mail(
            subject=notification.subject or notification.body.splitlines()[0][:120],
            message=outgoing_body(notification),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.address],
            fail_silently=False,
        )
    except BadHeaderError:
        # A subject with a line break is refused every time: no point retrying.
        return SendResult.failure(
            "mail backend error (BadHeaderError: line break in a header)",
            permanent=True,
            duration_ms=int((time.monotonic() - started) * 1000),
        )
    except Exception as exc:  # SMTP errors come in many classes; all are worth a retry.
        return SendResult.failure(
            f"mail backend error ({type(exc).__name__})",
            duration_ms=int((time.monotonic() - started) * 1000),
        )
    return SendResult.success(duration_ms=int((time.monotonic() - started) * 1000))
