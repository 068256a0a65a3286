"""Every string of a delivery is made safe to store (PostgreSQL refuses NUL in text and lone
surrogates in UTF-8) however the body spells it: escaped, as raw bytes, in UTF-16; a body
that cannot hold either is taken as it is, without walking its strings."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alerts.payloads import SchemaError, _clean, parse_json

texts = st.text(alphabet=st.characters(codec=None), max_size=20)  # surrogates and NUL included
documents = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


@given(document=documents, ascii_only=st.booleans())
def test_ingest_any_document_comes_back_safe_to_store(document, ascii_only):
    body = json.dumps(document, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    parsed = parse_json(body)
    assert parsed == _clean(document)
    text = json.dumps(parsed, ensure_ascii=False)
    assert "\x00" not in text
    text.encode("utf-8")  # no lone surrogate left


@pytest.mark.parametrize(
    "body",
    [
        b'{"summary": "disk \\u0000 full"}',  # escaped NUL
        b'{"summary": "disk \\ud800 full"}',  # escaped lone surrogate
        b'{"summary": "disk \xed\xa0\x80 full"}',  # a surrogate's raw UTF-8 bytes
        '{"summary": "disk \\u0000 full"}'.encode("utf-16"),  # another encoding
    ],
)
def test_ingest_nul_and_lone_surrogates_are_dropped_or_replaced(body):
    summary = parse_json(body)["summary"]
    assert summary.startswith("disk ") and summary.endswith(" full")
    assert "\x00" not in summary
    summary.encode("utf-8")


def test_ingest_ordinary_unicode_is_kept_as_sent():
    body = '{"summary": "Pagamentos em São Paulo: 한국 서버 \\"down\\" 🚨"}'.encode()
    assert parse_json(body)["summary"] == 'Pagamentos em São Paulo: 한국 서버 "down" 🚨'


def test_ingest_body_that_is_not_json_is_a_schema_error_at_the_root():
    with pytest.raises(SchemaError) as error:
        parse_json(b'{"summary": "\x00"}')
    assert error.value.path == "$"
