from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.models import Severity
from runbooks.models import Scenario

from .models import Integration, IntegrationKind, RoutingRule
from .models.integration import DEFAULT_SEVERITY_MAP
from .services.integrations import EDITABLE


class IntegrationCreateForm(forms.Form):
    name = forms.SlugField(label=_("Name"), max_length=60, help_text=_("e.g. prometheus-prod"))
    kind = forms.ChoiceField(label=_("Kind"), choices=IntegrationKind.choices)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if Integration.objects.filter(name=name).exists():
            raise forms.ValidationError(_("An integration with this name exists."))
        return name


class IntegrationSettingsForm(forms.ModelForm):
    """The settings; the severity label map is four choices, one per label value."""

    map_critical = forms.ChoiceField(label="critical →", choices=Severity.choices)
    map_error = forms.ChoiceField(label="error →", choices=Severity.choices)
    map_warning = forms.ChoiceField(label="warning →", choices=Severity.choices)
    map_info = forms.ChoiceField(label="info →", choices=Severity.choices)
    clear_hmac_secret = forms.BooleanField(label=_("Remove the HMAC secret"), required=False)

    class Meta:
        model = Integration
        fields = [name for name in EDITABLE if name != "severity_map"]
        # The secret is never sent back to the browser: blank keeps the one set.
        widgets = {"hmac_secret": forms.PasswordInput(render_value=False)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {**DEFAULT_SEVERITY_MAP, **(self.instance.severity_map or {})}
        for label in DEFAULT_SEVERITY_MAP:
            self.fields[f"map_{label}"].initial = current[label]
        self.fields["default_scenario"].queryset = Scenario.objects.order_by("number")  # type: ignore[attr-defined]
        if self.instance.kind != IntegrationKind.GRAFANA:
            for name in (
                "hmac_secret",
                "hmac_signature_header",
                "hmac_timestamp_header",
                "clear_hmac_secret",
            ):
                del self.fields[name]
        else:
            secret = self.fields["hmac_secret"]
            secret.required = False
            secret.help_text = (
                _("Set: leave blank to keep it.") if self.instance.hmac_secret else _("Not set.")
            )
        if self.instance.kind == IntegrationKind.EVENTS:
            del self.fields["group_by"]

    def clean_rate_limit_per_minute(self) -> int:
        value: int = self.cleaned_data["rate_limit_per_minute"]
        if value < 1:
            raise forms.ValidationError(_("At least 1."))
        return value

    def changes(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        if "hmac_secret" in data:
            if self.cleaned_data.get("clear_hmac_secret"):
                data["hmac_secret"] = ""
            elif not data["hmac_secret"]:
                del data["hmac_secret"]  # blank keeps the secret already set
        data["severity_map"] = {
            label: self.cleaned_data[f"map_{label}"] for label in DEFAULT_SEVERITY_MAP
        }
        return data


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["label", "operator", "value", "severity", "scenario", "service"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].queryset = Scenario.objects.order_by("number")  # type: ignore[attr-defined]
