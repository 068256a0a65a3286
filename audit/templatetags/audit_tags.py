from typing import Any

from django import template

from ..selectors import field_changes

register = template.Library()


@register.filter
def changes(entry: Any) -> list[Any]:
    return field_changes(entry)
