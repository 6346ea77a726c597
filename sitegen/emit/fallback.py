"""A page whose template fails is still written: a plain page saying so, and a diagnostic."""

from __future__ import annotations

from html import escape
from typing import Callable

from ..diagnostics import Diagnostic
from ..faults import internal_error


def notice_page(title: str) -> str:
    """A minimal, valid page: the reader sees the note exists and that its page failed."""
    return ("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title)
            + "</title></head><body><main><h1>" + escape(title) + "</h1>"
            "<p>This page could not be rendered; the site's build log says why.</p>"
            "</main></body></html>\n")


def page_or_notice(render: Callable[[], str], where: str, title: str) -> tuple[str, Diagnostic | None]:
    """The rendered page, or the notice page and an internal-error at `where`."""
    try:
        return render(), None
    except Exception as exc:  # noqa: BLE001 - one page's failure must not stop the site
        return notice_page(title), internal_error(where, "rendering the page", exc)
