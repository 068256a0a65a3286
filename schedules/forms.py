"""Forms of the schedule pages. They parse input; the services validate and write."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.selectors import display_name

from .models import Length, Restriction, Rotation
from .models.rotation import DEFAULT_ZONE

MIN_SLOTS, EXTRA_SLOTS = 6, 3


class PersonSelect(forms.Select):
    """Each option dir="auto": an option holds text only (no <bdi>) on a line of its own,
    so a right-to-left name needs only its own direction."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"] = {"dir": "auto", **option["attrs"]}
        return option


class PersonChoice(forms.ModelChoiceField):
    widget = PersonSelect

    def label_from_instance(self, obj: Any) -> str:
        return display_name(obj)


def people() -> Any:
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "username")


class RotationForm(forms.Form):
    """A layer: its settings and its people in order, one select per place (no JavaScript
    needed to order them)."""

    name = forms.CharField(label=_("Name"), max_length=80)
    layer = forms.IntegerField(label=_("Layer"), min_value=1, max_value=9, initial=1)
    length = forms.ChoiceField(label=_("Turn length"), choices=Length.choices)
    length_hours = forms.IntegerField(label=_("Hours per turn"), required=False, min_value=1)
    handoff_time = forms.TimeField(
        label=_("Hand-off time"),
        initial=dt.time(9, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    timezone = forms.ChoiceField(label=_("Time zone"), initial=DEFAULT_ZONE)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    restriction = forms.ChoiceField(label=_("On duty"), choices=Restriction.choices)

    def __init__(self, *args: Any, members: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = [(z, z) for z in sorted(zoneinfo.available_timezones())]
        self.fields["timezone"].choices = zones  # type: ignore[attr-defined]
        self.fields["start_date"].initial = timezone.localdate()
        data = self.data or {}
        filled = sum(1 for key in data if key.startswith("member_") and data.get(key))
        slots = max(MIN_SLOTS, max(members, filled) + EXTRA_SLOTS)
        everyone = people()
        for index in range(slots):
            self.fields[f"member_{index}"] = PersonChoice(
                queryset=everyone,
                required=False,
                label=_("Person %(n)s") % {"n": index + 1},
                empty_label="—",
            )

    @property
    def member_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("member_")]

    def members(self) -> list[Any]:
        return [
            self.cleaned_data[name]
            for name in self.fields
            if name.startswith("member_") and self.cleaned_data.get(name)
        ]

    @classmethod
    def for_rotation(cls, rotation: Rotation) -> "RotationForm":
        members = [m.user for m in rotation.members.select_related("user")]
        initial = {
            "name": rotation.name,
            "layer": rotation.layer,
            "length": rotation.length,
            "length_hours": rotation.length_hours,
            "handoff_time": rotation.handoff_time,
            "timezone": rotation.timezone,
            "start_date": rotation.start_date,
            "restriction": rotation.restriction,
            **{f"member_{i}": user.pk for i, user in enumerate(members)},
        }
        return cls(initial=initial, members=len(members))


class OverrideForm(forms.Form):
    user = PersonChoice(queryset=None, label=_("Who covers"), empty_label=None)
    starts_at = forms.DateTimeField(
        label=_("From"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people()  # type: ignore[attr-defined]

    def user_options(self, everyone: Iterable[Any]) -> list[tuple[str, str, bool]]:
        """The "who covers" options as (value, label, selected), `everyone` being people()
        as the page read it: the page writes them in one loop (the select widget renders
        each option through a template of its own and reads the people twice)."""
        field = self["user"]
        chosen = str(field.field.prepare_value(field.value()) or "")
        return [(str(p.pk), display_name(p), str(p.pk) == chosen) for p in everyone]
