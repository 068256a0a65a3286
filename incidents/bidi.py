"""Names people typed, isolated for bidirectional text in messages written in Python, as
the templates' |bdi filter does: a right-to-left name cannot reorder the words around it."""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def naming(message: str, **names: object) -> SafeString:
    """`message` (with %(key)s placeholders) escaped, each name escaped and in <bdi>."""
    isolated = {key: format_html("<bdi>{}</bdi>", value) for key, value in names.items()}
    return mark_safe(conditional_escape(message) % isolated)  # noqa: S308 - all escaped here
