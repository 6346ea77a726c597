"""What of a vault's attachments may be published as is: markup that would run on the site's origin is not.

- SVG (and gzip-compressed `.svgz`) is rebuilt by sitegen.emit.svg; one that
  does not parse is replaced by an empty image.
- HTML, XHTML and XML documents are published as plain text under their name
  plus `.txt`: a static host serves them with a type no browser runs.
- `trust_html = true` publishes both kinds as they are.

Every attachment is read with sitegen.collect.vault.open_regular at copy time,
so a file replaced by a symlink during the build is not followed.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import TYPE_CHECKING

from ..collect.filetypes import ACTIVE_SUFFIXES, TEXT_SUFFIX, suffix
from ..collect.vault import read_regular, vanished
from ..diagnostics import Diagnostic
from .svg import SvgError, clean_svg, clean_svgz

if TYPE_CHECKING:
    from ..collect.model import Model

SVG_SUFFIXES = {".svg": clean_svg, ".svgz": clean_svgz}
# What a refused SVG is replaced by: pages keep a working image URL, and nothing of the file is shown.
EMPTY_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'


def prepare(src: str, path: Path, trust_html: bool) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes to publish for an attachment (None: not published), and what to say about it."""
    try:
        data = read_regular(path)
    except FileNotFoundError:
        return None, [vanished(src)]
    except OSError as exc:
        return None, [Diagnostic(src, 1, 1, "unsafe-attachment",
                                 f"not published: cannot read it safely ({exc.strerror or exc})")]
    kind = suffix(src)
    if trust_html:
        return data, []
    if kind in SVG_SUFFIXES:
        try:
            data, removed = SVG_SUFFIXES[kind](data)
        except SvgError as exc:
            data = EMPTY_SVG if kind == ".svg" else gzip.compress(EMPTY_SVG, mtime=0)
            return data, [Diagnostic(src, 1, 1, "unsafe-attachment",
                                     f"SVG not published (an empty image stands in for it): {exc}")]
        if removed:
            return data, [Diagnostic(src, 1, 1, "unsafe-attachment",
                                     "SVG published without " + ", ".join(removed))]
        return data, []
    if kind in ACTIVE_SUFFIXES:
        return data, [_as_text(src)]
    return data, []


def _as_text(src: str) -> Diagnostic:
    return Diagnostic(src, 1, 1, "unsafe-attachment",
                      f"a {suffix(src)} file would run as a page on the site; published as plain text "
                      f"({TEXT_SUFFIX}) instead (trust_html = true publishes it as is)")


def check_attachments(model: Model, attachments: dict[str, Path]) -> list[Diagnostic]:
    """What `prepare` would say about the used attachments, for `sitegen check`: SVGs are
    parsed, HTML is judged by its name, other files are not read."""
    if model.config.trust_html:
        return []
    found: list[Diagnostic] = []
    for src in sorted(model.files):
        kind = suffix(src)
        if kind in SVG_SUFFIXES:
            found += prepare(src, attachments[src], False)[1]
        elif kind in ACTIVE_SUFFIXES:
            found.append(_as_text(src))
    return found
