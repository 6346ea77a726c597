"""Which site an iframe's `src` loads, read the way a browser reads it, and whether the allow-list has it."""

from __future__ import annotations

import re
from urllib.parse import unquote

# WHATWG URL parsing: leading and trailing C0 controls and spaces are stripped,
# tabs and newlines anywhere are dropped, and for http(s) a backslash is a slash.
_EDGE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_DEFAULT_PORTS = ("", "80", "443")


class BadHost(ValueError):
    """Not a host name a browser and this module would read the same way."""


def normalize_host(host: str) -> str:
    """Lower-case ASCII (IDNA) form of a host name; raises BadHost when the browser might
    reach a different host than the one written (e.g. `ß` or full-width letters)."""
    host = unquote(host).lower()
    if host.endswith(".") and not host.endswith(".."):
        host = host[:-1]  # the fully qualified form names the same host
    if not host or any(c in host for c in " /\\?#@:%[]") or any(ord(c) < 0x21 for c in host):
        if not (host.startswith("[") and host.endswith("]") and ":" in host):
            raise BadHost(host)
        return host  # an IPv6 literal, compared as written
    if host.isascii():
        return host
    try:
        ascii_form = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise BadHost(host) from exc
    # Only names IDNA leaves unchanged: where IDNA 2003 (Python) and UTS 46 (browsers)
    # map a character differently, the mapped name is refused instead of guessed.
    if ascii_form.encode("ascii").decode("idna") != host:
        raise BadHost(host)
    return ascii_form


def frame_origin(src: str) -> tuple[str, str] | None:
    """("", "") for a same-site (relative) URL, (host, port) for another site, None when
    the URL is not http(s) at all or its host cannot be read safely."""
    url = _TAB_OR_NEWLINE.sub("", src.strip(_EDGE)).replace("\\", "/")
    scheme = _SCHEME.match(url)
    if scheme:
        if scheme.group(1).lower() not in ("http", "https"):
            return None
        # `https:host`, `https:/host` and `https:///host` all reach `host` from another scheme.
        rest = url[scheme.end():].lstrip("/")
    elif url.startswith("//"):
        rest = url.lstrip("/")
    else:
        return "", ""  # a path on this site
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    hostport = authority.rpartition("@")[2]  # userinfo ends at the last @
    if hostport.startswith("["):
        host, _, port = hostport.partition("]")
        host, port = host + "]", port[1:] if port.startswith(":") else port
    else:
        host, _, port = hostport.partition(":")
    try:
        return normalize_host(host), _port(port)
    except BadHost:
        return None


def _port(port: str) -> str:
    """"" for the default ports (80, 443 or none), else the number."""
    if port and not port.isdigit():
        raise BadHost(port)
    port = port.lstrip("0")
    return "" if port in _DEFAULT_PORTS else port


def parse_allowed(entry: str) -> tuple[str, str]:
    """An `iframe_hosts` entry, `host` or `host:port`, as (host, port); raises BadHost."""
    entry = entry.strip()
    host, _, port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
    return normalize_host(host), _port(port)


def frame_allowed(src: str, allowed: tuple[str, ...]) -> bool:
    """Whether an iframe may load `src`: a page of this site, or a host on the allow-list."""
    origin = frame_origin(src)
    if origin is None:
        return False
    if origin == ("", ""):
        return True
    for entry in allowed:
        try:
            if parse_allowed(entry) == origin:
                return True
        except BadHost:
            continue  # sitegen.config refuses such entries; a caller may still pass one
    return False
