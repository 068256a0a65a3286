from typing import cast

from django import forms
from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .models import AudienceList, MessageTemplate, TemplateKind, label_of
from .rendering import PARTS, normalize_text

TEXTAREA = {"rows": 9, "class": "comms-text"}


def _part(name: str, widget: forms.Widget | None = None) -> forms.Field:
    """A message part as the template model defines it (label, length), optional here:
    the sender may leave a channel's text empty when nobody is sent on it."""
    model_field = cast(models.Field, MessageTemplate._meta.get_field(name))
    return cast(forms.Field, model_field.formfield(required=False, help_text="", widget=widget))


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
    # As long as the outbox's subject column (notifications.Notification.subject).
    email_subject = forms.CharField(
        label=label_of(MessageTemplate, "email_subject"), required=False, max_length=255
    )
    email_body = _part("email_body", forms.Textarea(attrs=TEXTAREA))
    slack_text = _part("slack_text", forms.Textarea(attrs={**TEXTAREA, "rows": 4}))
    sms_text = _part("sms_text", forms.Textarea(attrs={**TEXTAREA, "rows": 2}))
    public_text = _part("public_text", forms.Textarea(attrs={**TEXTAREA, "rows": 3}))
    audiences = forms.ModelMultipleChoiceField(
        label=_("Send to"),
        queryset=AudienceList.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_email_subject(self) -> str:
        # One line: a line break in a mail header is refused by every mail server.
        return " ".join((self.cleaned_data.get("email_subject") or "").split())

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
