"""The diagnostic codes of Bases and Canvas and when each is reported (severities: sitegen/diagnostics.py)."""

from __future__ import annotations

from ..diagnostics import CODES as ALL_CODES

WHEN = {
    # The .base YAML cannot be read, a section has the wrong shape, or an expression does
    # not parse: like bad-front-matter, what it says is lost.
    "bad-base": "the YAML or an expression cannot be read",
    # Valid Bases syntax sitegen does not implement (a function, a method, a view type);
    # the view shows what it can and says what is missing.
    "base-unsupported": "valid syntax sitegen does not implement",
    # An expression gives no value: it names a formula, summary or file field that does not
    # exist, a formula refers to itself, or it failed on a note's values (`number("abc")`,
    # `lower()` of a number); reported once per expression, naming the first note.
    "base-error": "an expression gives no value",
    # The .canvas JSON cannot be read, or a node or edge lacks a required field or has a
    # bad value; the rest of the board is kept.
    "bad-canvas": "the JSON or a node or edge is bad",
    # A node type JSON Canvas 1.0 does not define; that node is left out.
    "canvas-unsupported": "a node type JSON Canvas 1.0 does not define",
}
CODES: dict[str, str] = {code: ALL_CODES[code] for code in WHEN}
