import re

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

_LABELS = {
    "generatorURL": _("Source"),
    "silenceURL": _("Silence"),
    "dashboardURL": _("Dashboard"),
    "panelURL": _("Panel"),
    "imageURL": _("Image"),
    "client_url": _("Monitor"),
}


@register.filter
def is_web_link(value: object) -> bool:
    """Only http(s) URLs become links; anything else (javascript:...) is shown as text."""
    return isinstance(value, str) and re.match(r"https?://[^\s]+$", value) is not None


@register.filter
def link_label(name: str) -> str:
    return str(_LABELS.get(name, name))
