from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import ActionItem, ActionItemStatus, Review
from .services import EDITABLE_FIELDS


def people() -> Any:
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "username")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class ReviewForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = Review
        fields = list(EDITABLE_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 6, "class": "md-input"})
            for name in ("root_cause", "resolution", "went_well", "went_wrong")
        }


class MeetingForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("Held at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    attendees = PeopleChoiceField(
        label=_("Attendees"), queryset=people(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = people()  # type: ignore[attr-defined]


class ActionItemForm(forms.ModelForm):
    owner = PersonChoiceField(label=_("Owner"), queryset=people())
    tracker_url = forms.URLField(
        label=_("Tracker link"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = ActionItem
        fields = ["title", "owner", "due_date", "priority", "type", "tracker_url"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people()  # type: ignore[attr-defined]
        self.fields["due_date"].required = False
        self.fields["due_date"].help_text = _("Empty: 7 days after the review meeting.")


class OwnerForm(forms.Form):
    owner = PersonChoiceField(label=_("Owner"), queryset=people())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people()  # type: ignore[attr-defined]


class CloseItemForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(ActionItemStatus.DONE, _("Done")), (ActionItemStatus.WONT_DO, _("Won't do"))]
    )
    reason = forms.CharField(label=_("Why not"), max_length=500, required=False)


class AmendmentForm(forms.Form):
    text = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(forms.Form):
    """The console's period: the last N days, or chosen dates."""

    days = forms.TypedChoiceField(
        label=_("Period"),
        required=False,
        coerce=int,
        choices=[
            (30, _("Last 30 days")),
            (90, _("Last 90 days")),
            (180, _("Last 6 months")),
            (365, _("Last 12 months")),
        ],
    )
    first = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
