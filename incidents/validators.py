"""Validators for what people type: one line of text, Slack handles, phone numbers."""

import re

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A Slack member id (U012AB3CD) or a display name: letters, digits, . _ - (as Slack allows).
SLACK_HANDLE = re.compile(r"^@?(?:[UW][A-Z0-9]{6,}|[\w.\-]{1,80})$")


# Unicode's Cc category, which is fixed: C0 (NUL included), DEL and C1. A regex, not a
# unicodedata lookup per character: alert intake checks every title and description.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_NEWLINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(value: str, *, allow_newlines: bool = False) -> bool:
    """Control characters (category Cc), NUL included; newlines and tabs when asked."""
    pattern = _CONTROL_BUT_NEWLINES if allow_newlines else _CONTROL
    return pattern.search(value) is not None


def validate_single_line(value: str) -> None:
    """A title or a name: one line, no control characters (they break mail headers)."""
    if has_control_characters(value or ""):
        raise ValidationError(
            _("Use a single line without control characters."), code="control_characters"
        )


def validate_slack_handle(value: str) -> None:
    if value and not SLACK_HANDLE.match(value):
        raise ValidationError(
            _("A Slack handle is a member id (U012AB3CD) or a name of letters, digits, . _ -."),
            code="slack_handle",
        )


def normalize_phone(value: str) -> str:
    """A phone number in E.164 (+5511990000000); numbers without a country code are read
    as PHONE_DEFAULT_REGION's. ValidationError when it is not a valid number."""
    value = (value or "").strip()
    if not value:
        return ""
    region = getattr(settings, "PHONE_DEFAULT_REGION", "BR")
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a valid phone number with its country code, e.g. +55 11 99000-0000."),
            code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
