"""The fields of the forms the pages show, by the URL name each form posts to."""

from html.parser import HTMLParser

from django.test import Client
from django.urls import Resolver404, resolve


class _Forms(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.action: str | None = None
        self.found: dict[str, set[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and (values.get("method") or "").lower() == "post":
            self.action = values.get("action") or values.get("hx-post") or self.page_path
        elif tag in ("input", "select", "textarea", "button") and self.action:
            name = values.get("name")
            if name and name != "csrfmiddlewaretoken":
                self.found.setdefault(self.action, set()).add(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.action = None


def form_fields(client: Client, page_paths: list[str]) -> dict[str, set[str]]:
    """{url name: field names} over the forms of these pages (as this client sees them)."""
    fields: dict[str, set[str]] = {}
    for path in page_paths:
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms(path)
        parser.feed(response.content.decode())
        for action, names in parser.found.items():
            try:
                name = resolve(action.split("?")[0]).view_name
            except Resolver404:
                continue
            fields.setdefault(name, set()).update(names)
    return fields
