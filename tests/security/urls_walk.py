"""Every named URL of the project, read from the URL configuration (not listed by hand)."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# The Django admin's own URLs are many and generated per model: the access table holds a
# row for each name listed here, and the admin checks staff status on every other one.
ADMIN_NAMESPACE = "admin"


@dataclass(frozen=True)
class NamedURL:
    name: str  # "namespace:name"
    route: str  # the pattern as written, for messages
    arguments: tuple[str, ...]  # the names of its URL arguments


def _walk(patterns, prefix: str, namespace: str):  # type: ignore[no-untyped-def]
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            arguments = tuple(entry.pattern.regex.groupindex)
            yield namespace, NamedURL(name=name, route=route, arguments=arguments)


def project_urls() -> list[NamedURL]:
    """Every URL outside the admin, in URL-configuration order (unnamed ones with name "")."""
    return [
        url
        for namespace, url in _walk(get_resolver().url_patterns, "/", "")
        if namespace.split(":")[0] != ADMIN_NAMESPACE
    ]
