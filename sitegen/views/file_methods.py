"""Bases methods of dates, links and files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import dates
from .registry import MANY, method, need_text
from .values import Date, FileRecord, Link, as_file, link_key, to_text

if TYPE_CHECKING:
    from .evaluate import Scope


# --- Dates ----------------------------------------------------------------------------

@method("date", "date")
def _date_only(receiver, args, scope, pos):
    value = receiver.value
    return Date(value.replace(hour=0, minute=0, second=0, microsecond=0), False)


@method("date", args=(1, 1))
def format_(receiver, args, scope, pos):
    return dates.format_moment(receiver, need_text(args[0], "the format", pos), scope.env.language)


@method("date")
def time(receiver, args, scope, pos):
    return receiver.value.strftime("%H:%M:%S")


@method("date")
def relative(receiver, args, scope, pos):
    return dates.relative(receiver, scope.env.clock, scope.env.language)


# --- Links and files ------------------------------------------------------------------

def _file_of(link: Link, scope: "Scope") -> FileRecord | None:
    return scope.env.files.get(link.resolved) if link.resolved else None


@method("link")
def asFile(receiver, args, scope, pos):  # noqa: N802
    return _file_of(receiver, scope)


@method("link", args=(1, 1))
def linksTo(receiver, args, scope, pos):  # noqa: N802
    source = _file_of(receiver, scope)
    return source is not None and hasLink(source, args, scope, pos)


@method("file", args=(0, 1))
def asLink(receiver, args, scope, pos):  # noqa: N802
    display = to_text(args[0]) if args and args[0] is not None else None
    return Link(receiver.path, receiver.path, display)


def _target_key(value: Any, scope: "Scope") -> tuple[str, str] | None:
    if isinstance(value, str):
        link = scope.env.make_link(value)
        return ("path", link.resolved) if link.resolved else ("text", link.target)
    return link_key(value)


@method("file", args=(1, 1))
def hasLink(receiver, args, scope, pos):  # noqa: N802
    wanted = _target_key(as_file(args[0]), scope)
    if wanted is None:
        return False
    # Embeds link too: Obsidian's backlinks and graph count them.
    return wanted in receiver.link_keys


@method("file", args=(1, 1))
def hasProperty(receiver, args, scope, pos):  # noqa: N802
    folded = need_text(args[0], "the property name", pos).casefold()
    return any(key.casefold() == folded for key in receiver.properties)


@method("file", args=MANY)
def hasTag(receiver, args, scope, pos):  # noqa: N802
    tags = [tag.casefold() for tag in receiver.tags]
    for arg in args:
        wanted = need_text(arg, "a tag", pos).lstrip("#").casefold()
        if any(tag == wanted or tag.startswith(wanted + "/") for tag in tags):
            return True
    return False


@method("file", args=(1, 1))
def inFolder(receiver, args, scope, pos):  # noqa: N802
    folder = need_text(args[0], "the folder", pos).strip("/")
    return not folder or receiver.folder == folder or receiver.folder.startswith(folder + "/")
