from .audience import AudienceList
from .messages import MessageTemplate, TemplateKind
from .state import CadencePolicy, IncidentComms, PublicUpdate, SentCommunication

__all__ = [
    "AudienceList",
    "CadencePolicy",
    "IncidentComms",
    "MessageTemplate",
    "PublicUpdate",
    "SentCommunication",
    "TemplateKind",
]
