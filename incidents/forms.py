import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import IncidentSource, Profile, Role, Severity
from .selectors import display_name
from .validators import normalize_phone, validate_single_line, validate_slack_handle


class DeclareIncidentForm(forms.Form):
    title = forms.CharField(
        label=_("What is happening?"),
        max_length=200,
        min_length=5,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("e.g. Backend answers 500 on every endpoint"),
                "autofocus": True,
            }
        ),
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, widget=forms.RadioSelect
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=IncidentSource.choices, initial=IncidentSource.MANUAL
    )
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": _("Symptoms, who reported it, links to alerts…")}
        ),
    )

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        validate_single_line(title)
        if len(title) < 5:
            raise forms.ValidationError(_("Describe the incident in at least 5 characters."))
        return title


class SeverityForm(forms.Form):
    severity = forms.ChoiceField(label=_("New severity"), choices=Severity.choices)
    reason = forms.CharField(label=_("Why"), max_length=500, required=False)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return display_name(obj)


class AssignRoleForm(forms.Form):
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.order_by("order"))
    user = PersonChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("first_name", "username"),
    )


class UnassignRoleForm(forms.Form):
    """Which role to take away from whom: the role by its key, anyone who may hold it (a
    deactivated account too, so that its roles can be taken away)."""

    role = forms.ModelChoiceField(
        label=_("Role"),
        queryset=Role.objects.all(),
        to_field_name="key",
        error_messages={"required": _("Say which role."), "invalid_choice": _("Unknown role.")},
    )
    user = PersonChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.all(),
        error_messages={"required": _("Say who."), "invalid_choice": _("Unknown person.")},
    )
    reason = forms.CharField(
        label=_("Why (optional)"),
        max_length=500,
        required=False,
        validators=[validate_single_line],
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("What did you see or do?")}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=500)


def timezone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every IANA zone grouped by region ("America": [("America/Sao_Paulo", "Sao Paulo")...]),
    so the picker reads as a list of places; zones without a region go under "Other"."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(zoneinfo.available_timezones()):
        region, _sep, place = name.partition("/")
        if not place or region in ("Etc", "SystemV", "US", "Canada", "Brazil", "Mexico", "Chile"):
            region, place = "Other", name
        groups.setdefault(region, []).append((name, place.replace("_", " ")))
    return sorted(groups.items(), key=lambda item: (item[0] == "Other", item[0]))


class PreferencesForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Timezone"), choices=lambda: timezone_choices())
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = Profile
        fields = ["language", "timezone", "phone", "slack_handle"]

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean_slack_handle(self) -> str:
        handle = (self.cleaned_data.get("slack_handle") or "").strip()
        validate_slack_handle(handle)
        return handle
