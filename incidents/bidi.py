"""Text people typed, isolated for bidirectional text (<bdi>, escaped): a right-to-left name
cannot reorder the words around it. The templates' |bdi filters and messages written in
Python both use this."""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def isolate(value: object) -> SafeString:
    return format_html("<bdi>{}</bdi>", value)


def naming(message: str, **names: object) -> SafeString:
    """`message` (with %(key)s placeholders) escaped, each name escaped and in <bdi>."""
    isolated = {key: isolate(value) for key, value in names.items()}
    return mark_safe(conditional_escape(message) % isolated)  # noqa: S308 - all escaped here
