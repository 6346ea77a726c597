"""The diagnostic codes of Bases and Canvas, with their severities (for sitegen/diagnostics.py)."""

from __future__ import annotations

from ..diagnostics import ERROR, WARNING

CODES: dict[str, str] = {
    # The .base YAML cannot be read, a section has the wrong shape, or an expression does
    # not parse: like bad-front-matter, what it says is lost.
    "bad-base": ERROR,
    # Valid Bases syntax sitegen does not implement (a function, a method, a view type);
    # the view shows what it can and says what is missing.
    "base-unsupported": WARNING,
    # An expression gives no value: it names a formula, summary or file field that does not
    # exist, a formula refers to itself, or it failed on a note's values (`number("abc")`,
    # `lower()` of a number); reported once per expression, naming the first note.
    "base-error": WARNING,
    # The .canvas JSON cannot be read, or a node or edge lacks a required field or has a
    # bad value; the rest of the board is kept.
    "bad-canvas": ERROR,
    # A node type JSON Canvas 1.0 does not define; that node is left out.
    "canvas-unsupported": WARNING,
}
