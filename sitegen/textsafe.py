"""Text that reaches a terminal, a JSON report or an XML file: no character can forge or break it."""

from __future__ import annotations

import re

# C0 controls (newline and tab included: one diagnostic is one line), DEL, C1 controls,
# and the bidirectional overrides that reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# What JSON leaves raw with ensure_ascii=False (it escapes C0 itself).
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# Characters XML 1.0 does not allow anywhere, not even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 controls, DEL, C1 controls and the Unicode line separators: no meaning in a title, and a
# terminal or feed reader that gets them raw misbehaves (ESC, BEL) or rejects the file (NUL).
_C0_C1 = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BREAKS = re.compile("[\t\n\v\f\r\x85\u2028\u2029]")  # the ones that separate words


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control(text: str) -> str:
    """For a terminal line: every control character shown as an escape, never emitted."""
    return _CONTROL.sub(_escape, text)


def json_safe(dumped: str) -> str:
    """JSON text with the controls json.dumps leaves raw written as \\u escapes (same value)."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 forbids removed (a feed reader rejects the whole file)."""
    return _NOT_XML.sub("", text)


def plain_line(text: str) -> str:
    """A title or description as one clean line: a line break or tab becomes a space, any
    other control character (ESC, BEL, NUL from a quoted YAML escape) goes, runs of spaces
    then become one, and spaces at the ends are dropped."""
    if not _C0_C1.search(text):
        return text.strip()  # the common case: spaces written on purpose stay as written
    return re.sub(" {2,}", " ", _C0_C1.sub("", _BREAKS.sub(" ", text))).strip()
