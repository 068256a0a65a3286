from django import template

from ..models.messages import TemplateKind

register = template.Library()


@register.filter
def message_kind(value: str) -> str:
    """A stored message kind ("notification") as words, in the viewer's language."""
    try:
        return str(TemplateKind(value).label)
    except ValueError:
        return value
