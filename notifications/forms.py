"""The notification rules form of the preferences page: one row per severity, one number
of minutes per channel (empty: not on that channel)."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from incidents.models import Severity

from .models import Channel
from .rules import Rules, rules_for

MAX_MINUTES = 240


def field_name(severity: str, channel: str) -> str:
    return f"{severity.lower()}_{channel}"


class NotificationRulesForm(forms.Form):
    severity_errors: dict[str, list[str]]

    def __init__(self, data: Any = None, *, own: dict[str, Rules]) -> None:
        initial = {
            field_name(severity, channel): minutes
            for severity in Severity.values
            for channel, minutes in rules_for(own, severity).items()
        }
        super().__init__(data, initial=initial)
        self.severity_errors = {}
        self.channel_labels = [label for _value, label in Channel.choices]
        for severity in Severity.values:
            for channel, label in Channel.choices:
                self.fields[field_name(severity, channel)] = forms.IntegerField(
                    label=f"{severity} · {label}",
                    required=False,
                    min_value=0,
                    max_value=MAX_MINUTES,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "minutes"}),
                )

    def rows(self) -> list[dict[str, Any]]:
        """For the template: each severity with its fields, in channel order, and its errors."""
        return [
            {
                "severity": severity,
                "label": label,
                "fields": [self[field_name(severity, channel)] for channel in Channel.values],
                "errors": self.severity_errors.get(severity, []),
            }
            for severity, label in Severity.choices
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.severity_errors = {}
        for severity in Severity.values:
            minutes = [
                value
                for channel in Channel.values
                if (value := cleaned.get(field_name(severity, channel))) is not None
            ]
            if not minutes:
                problem = _("Choose at least one channel.")
            elif min(minutes) != 0:
                problem = _("The first channel is paged at once: put 0 minutes on one.")
            else:
                continue
            self.severity_errors[severity] = [problem]
            self.add_error(None, f"{severity}: {problem}")
        return cleaned

    def rules(self) -> dict[str, Rules]:
        """{severity: {channel: minutes}} of a valid form."""
        return {
            severity: {
                channel: int(self.cleaned_data[field_name(severity, channel)])
                for channel in Channel.values
                if self.cleaned_data.get(field_name(severity, channel)) is not None
            }
            for severity in Severity.values
        }
