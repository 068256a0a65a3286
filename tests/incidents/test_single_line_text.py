"""Titles and names are one line without control characters: the check is Unicode's Cc
category exactly, newlines and tabs allowed only where text may span lines."""

import sys
import unicodedata

from incidents.validators import has_control_characters


def test_control_characters_are_exactly_unicode_category_cc():
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        control = unicodedata.category(ch) == "Cc"
        assert has_control_characters(f"disk {ch} full") is control, hex(code)
        assert has_control_characters(ch, allow_newlines=True) is (control and ch not in "\n\r\t")


def test_ordinary_titles_pass_and_control_characters_anywhere_fail():
    assert not has_control_characters("Pagamentos fora do ar — checkout 500 (São Paulo) 🚨")
    assert has_control_characters("Checkout down\x00")
    assert has_control_characters("\x1b[31mred\x1b[0m")
    assert has_control_characters("line one\nline two")
    assert not has_control_characters("line one\r\nline two\tend", allow_newlines=True)
