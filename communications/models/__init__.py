from .audience import AudienceList
from .messages import MessageTemplate, TemplateKind
from .state import CadencePolicy, IncidentComms, PublicUpdate, SentCommunication


def label_of(model: type, name: str) -> str:
    """A model field's translated label, for messages that name fields."""
    return str(model._meta.get_field(name).verbose_name)  # type: ignore[attr-defined]


__all__ = [
    "label_of",
    "AudienceList",
    "CadencePolicy",
    "IncidentComms",
    "MessageTemplate",
    "PublicUpdate",
    "SentCommunication",
    "TemplateKind",
]
