"""Turn audience lists into the addresses a message goes to, without duplicates."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, prefetch_related_objects

from .models import AudienceList


@dataclass
class Recipients:
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    slack: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.emails or self.phones or self.slack)

    def as_dict(self) -> dict[str, list[str]]:
        return {"email": self.emails, "sms": self.phones, "slack": self.slack}

    def messages(self, texts: dict[str, str]) -> Iterator[tuple[str, str, str, str]]:
        """(channel, name, subject, body) for every message to queue."""
        for email in self.emails:
            yield "email", email, texts["email_subject"], texts["email_body"]
        for channel in self.slack:
            # The webhook posts to its own channel; no subject or mention is added, so
            # Slack shows exactly the previewed text. The channel name keys the message.
            yield "slack", channel, "", texts["slack_text"]
        for phone in self.phones:
            yield "sms", phone, "", texts["sms_text"]


def _add(target: list[str], value: str) -> None:
    key = value.strip().lower()
    if key and key not in {v.lower() for v in target}:
        target.append(value.strip())


def recipients_of(audiences: Iterable[AudienceList]) -> Recipients:
    """Every audience's addresses in two queries, whatever the number of lists and members."""
    audiences = list(audiences)
    members = get_user_model().objects.select_related("profile")
    prefetch_related_objects(audiences, Prefetch("members", queryset=members))
    found = Recipients()
    for audience in audiences:
        for email in audience.email_addresses():
            _add(found.emails, email)
        for phone in audience.phone_numbers():
            _add(found.phones, phone)
        if audience.slack_channel:
            _add(found.slack, audience.slack_channel)
    return found
