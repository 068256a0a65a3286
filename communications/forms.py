from django import forms
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .models import AudienceList, MessageTemplate, TemplateKind
from .rendering import PARTS, normalize_text

TEXTAREA = {"rows": 9, "class": "comms-text"}


class ComposerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Message"), choices=TemplateKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    impact = forms.CharField(
        label=_("Impact"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": _("Who is affected and how, in plain words")}
        ),
    )
    forecast = forms.CharField(
        label=_("Forecast"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. back to normal by 16:00")}),
    )
    public = forms.BooleanField(label=_("Show on the public status page"), required=False)
    public_title = forms.CharField(label=_("Public title"), required=False, max_length=200)
    email_subject = forms.CharField(label=_("Email subject"), required=False, max_length=300)
    email_body = forms.CharField(
        label=_("Email body"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    slack_text = forms.CharField(
        label=_("Slack message"),
        required=False,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 4}),
    )
    sms_text = forms.CharField(
        label=_("SMS"), required=False, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2})
    )
    public_text = forms.CharField(
        label=_("Status page text"),
        required=False,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )
    audiences = forms.ModelMultipleChoiceField(
        label=_("Send to"),
        queryset=AudienceList.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def texts(self) -> dict[str, str]:
        return {part: normalize_text(self.cleaned_data.get(part)) for part in PARTS}

    def digest(self) -> str:
        """A fingerprint of exactly what would be sent, taken when it is previewed."""
        data = self.cleaned_data
        parts = [data["kind"], data["language"], str(bool(data.get("public")))]
        parts += [normalize_text(data.get(p)) for p in PARTS]
        parts += sorted(str(a.pk) for a in data.get("audiences") or [])
        return salted_hmac("communications.preview", "\x1f".join(parts)).hexdigest()


class TemplateEditForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = list(PARTS)
        widgets = {
            "email_body": forms.Textarea(attrs={"rows": 10, "class": "comms-text mono"}),
            "slack_text": forms.Textarea(attrs={"rows": 5, "class": "comms-text mono"}),
            "sms_text": forms.Textarea(attrs={"rows": 3, "class": "comms-text mono"}),
            "public_text": forms.Textarea(attrs={"rows": 3, "class": "comms-text mono"}),
            "email_subject": forms.TextInput(attrs={"class": "mono"}),
        }
