"""The interface is in pt-BR by default: every message of the catalogue is translated, and
none is a fuzzy guess (gettext ignores those, so the page would show the English text)."""

import ast
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "locale/pt_BR/LC_MESSAGES/django.po"


def _parse(block: str) -> tuple[set[str], dict[str, str]]:
    """(flags, {"msgid": ..., "msgstr[0]": ...}) of one catalogue entry."""
    flags: set[str] = set()
    fields: dict[str, str] = {}
    key = ""
    for line in block.splitlines():
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#") or not line.strip():
            continue
        elif line.startswith('"'):
            fields[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            fields[key] = ast.literal_eval(value)
    return flags, fields


def test_every_pt_br_message_is_translated_and_none_is_fuzzy():
    entries = [_parse(b) for b in CATALOGUE.read_text(encoding="utf-8").split("\n\n")]
    messages = [(flags, fields) for flags, fields in entries if fields.get("msgid")]
    assert len(messages) > 500
    fuzzy = [fields["msgid"] for flags, fields in messages if "fuzzy" in flags]
    untranslated = [
        fields["msgid"]
        for _flags, fields in messages
        if not all(value for key, value in fields.items() if key.startswith("msgstr"))
    ]
    assert not fuzzy, fuzzy
    assert not untranslated, untranslated
