"""Repair mojibake: UTF-8 bytes that were decoded as Mac Roman or Windows-1252.

A repair is accepted only when it is lossless: the damaged text maps back to bytes
through the codec, those bytes are strict UTF-8, decoding the result again with the
codec gives the damaged text back, and the repair removes mojibake markers.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

CODECS = ("mac_roman", "cp1252")

# Bytes Windows-1252 leaves undefined. Damaging tools usually keep them as the C1
# control character of the same value (a latin-1 fallback); Python's
# "surrogateescape" keeps them as lone surrogates.
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


@cache
def _tables(codec: str) -> tuple[dict[str, int], tuple[str, ...]]:
    """(char -> byte, byte -> char) for a single-byte codec, with the C1 fallback."""
    to_byte: dict[str, int] = {}
    to_char: list[str] = []
    for value in range(256):
        try:
            char = bytes([value]).decode(codec)
        except UnicodeDecodeError:
            char = chr(value)
            to_byte[chr(0xDC00 + value)] = value
        to_byte[char] = value
        to_char.append(char)
    return to_byte, tuple(to_char)


def _encode(text: str, codec: str) -> bytes | None:
    to_byte, _ = _tables(codec)
    try:
        return bytes(to_byte[char] for char in text)
    except KeyError:
        return None


def _decode(data: bytes, codec: str) -> str:
    _, to_char = _tables(codec)
    return "".join(to_char[value] for value in data)


def _canonical(text: str) -> str:
    """Lone surrogates from surrogateescape stand for the C1 fallback characters."""
    if not any("\udc80" <= char <= "\udcff" for char in text):
        return text
    return "".join(
        chr(ord(char) - 0xDC00) if "\udc80" <= char <= "\udcff" else char for char in text
    )


def _marker_count(text: str, codec: str) -> int:
    """How many UTF-8 lead byte + continuation byte pairs, as the codec shows them."""
    to_byte, _ = _tables(codec)
    count = 0
    previous = None
    for char in text:
        value = to_byte.get(char)
        lead = previous is not None and 0xC2 <= previous <= 0xF4
        if lead and value is not None and 0x80 <= value <= 0xBF:
            count += 1
        previous = value
    return count


def _repair_with(text: str, codec: str) -> str | None:
    if text.isascii():
        return None
    data = _encode(text, codec)
    if data is None:
        return None
    try:
        repaired = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if repaired == text or _decode(repaired.encode("utf-8"), codec) != text:
        return None
    if _marker_count(repaired, codec) >= _marker_count(text, codec):
        return None
    return repaired


def _repair_whole(text: str) -> tuple[str, str] | None:
    candidates = []
    for codec in CODECS:
        repaired = _repair_with(text, codec)
        if repaired is not None:
            candidates.append((len(repaired), codec, repaired))
    if not candidates:
        return None
    _, codec, repaired = min(candidates)
    return repaired, codec


def _repair_lines(text: str) -> tuple[str, str] | None:
    """Each line repaired on its own: for files where lines were damaged differently."""
    used: Counter[str] = Counter()
    out = []
    for line in text.splitlines(keepends=True):
        if line.isascii():
            out.append(line)
            continue
        repaired = _repair_whole(line)
        if repaired is None:
            return None
        out.append(repaired[0])
        used[repaired[1]] += 1
    if not used:
        return None
    return "".join(out), used.most_common(1)[0][0]


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """Return (repaired text, codec it had been mis-decoded with) or (text, None)."""
    canonical = _canonical(text)
    result = _repair_whole(canonical) or _repair_lines(canonical)
    if result is None:
        return text, None
    return result
