"""Provider errors are stored in English (they go to logs and the admin too); pages show the
known ones in the viewer's language. An unknown text (a provider's own answer) is shown as is."""

import re

from django import template
from django.utils.translation import gettext as _

register = template.Library()

_NOT_CONFIGURED = re.compile(r"^not configured \((?P<setting>[A-Z_]+) is empty\)$")
_NO_ADDRESS = re.compile(r"^no (?P<what>email address|phone number) to send to$")
_TIMEOUT = re.compile(r"^timeout \((?P<kind>connect|read) after (?P<s>[\d.]+) s\)$")
_CONNECTION = re.compile(r"^connection failed \((?P<name>\w+)\)$")


@register.filter
def provider_error(text: str) -> str:
    text = text or ""
    if found := _NOT_CONFIGURED.match(text):
        return _("not configured (%(setting)s is empty)") % found.groupdict()
    if found := _NO_ADDRESS.match(text):
        if found["what"] == "email address":
            return _("no email address to send to")
        return _("no phone number to send to")
    if found := _TIMEOUT.match(text):
        if found["kind"] == "connect":
            return _("no connection within %(s)s s") % found.groupdict()
        return _("no answer within %(s)s s") % found.groupdict()
    if found := _CONNECTION.match(text):
        return _("connection failed (%(name)s)") % found.groupdict()
    return text
