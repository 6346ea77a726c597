"""JSON Canvas 1.0: a `.canvas` file read into nodes and edges, with line:col diagnostics."""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic

BAD = "bad-canvas"
UNSUPPORTED = "canvas-unsupported"

NODE_TYPES = ("text", "file", "link", "group")
SIDES = ("top", "right", "bottom", "left")
ENDS = ("none", "arrow")
BACKGROUND_STYLES = ("cover", "ratio", "repeat")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_REQUIRED = {"text": ("text",), "file": ("file",), "link": ("url",), "group": ()}


@dataclass(frozen=True)
class Color:
    """A preset (1 red, 2 orange, 3 yellow, 4 green, 5 cyan, 6 purple) or a `#hex` colour."""

    preset: int | None = None
    hex: str | None = None


@dataclass(frozen=True)
class Node:
    id: str
    type: str
    x: float
    y: float
    width: float
    height: float
    index: int                     # position in the file: the z-order, lowest first
    line: int
    col: int
    color: Color | None = None
    text: str = ""                 # text nodes: Markdown
    file: str = ""                 # file nodes: vault path
    subpath: str = ""              # file nodes: `#Heading` or `#^block`
    url: str = ""                  # link nodes
    label: str = ""                # group nodes
    background: str = ""
    background_style: str = ""

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class Edge:
    id: str
    from_node: str
    to_node: str
    line: int
    col: int
    from_side: str | None = None   # None: chosen by the layout
    to_side: str | None = None
    from_end: str = "none"
    to_end: str = "arrow"
    color: Color | None = None
    label: str = ""


@dataclass
class Canvas:
    path: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    @property
    def files(self) -> list[str]:
        """The vault paths its file cards show, in board order (for graph edges, backlinks)."""
        return [n.file for n in self.nodes if n.type == "file"]


def parse_color(value: Any) -> Color | None:
    if isinstance(value, str) and value in ("1", "2", "3", "4", "5", "6"):
        return Color(preset=int(value))
    if isinstance(value, str) and _HEX.match(value):
        return Color(hex=value.lower())
    return None


def parse_canvas(text: str, path: str) -> Canvas:
    """Read a board. Bad JSON gives one diagnostic at its line:col and an empty board; a
    bad node or edge is reported at its own position and left out, the rest kept."""
    canvas = Canvas(path)
    text = text.lstrip("\ufeff")
    if not text.strip():
        return canvas  # Obsidian writes an empty file for a new board
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        canvas.diagnostics.append(Diagnostic(path, error.lineno, error.colno, BAD,
                                             f"the canvas is not valid JSON: {error.msg}"))
        return canvas
    except RecursionError:
        canvas.diagnostics.append(Diagnostic(path, 1, 1, BAD, "the canvas is nested too deeply"))
        return canvas
    places = _element_offsets(text)
    lines = _LineIndex(text)

    def report(offset: int, code: str, message: str) -> None:
        line, col = lines.at(offset)
        canvas.diagnostics.append(Diagnostic(path, line, col, code, message))

    if not isinstance(data, dict):
        report(0, BAD, "a canvas is a JSON object with `nodes` and `edges`")
        return canvas
    for key in ("nodes", "edges"):
        if key in data and not isinstance(data[key], list):
            report(places.get("@" + key, [0])[0], BAD, f"`{key}` must be a list")
    raw_nodes = data.get("nodes") if isinstance(data.get("nodes"), list) else []
    raw_edges = data.get("edges") if isinstance(data.get("edges"), list) else []
    seen: set[str] = set()
    for i, raw in enumerate(raw_nodes):
        offset = places["nodes"][i]
        node = _read_node(raw, i, lines.at(offset), lambda c, m: report(offset, c, m))
        if node is None:
            continue
        if node.id in seen:
            report(offset, BAD, f"node `{node.id}`: the id is used twice; this one is left out")
            continue
        seen.add(node.id)
        canvas.nodes.append(node)
    edge_ids: set[str] = set()
    for i, raw in enumerate(raw_edges):
        offset = places["edges"][i]
        edge = _read_edge(raw, seen, lines.at(offset), lambda c, m: report(offset, c, m))
        if edge is not None and edge.id and edge.id in edge_ids:
            report(offset, BAD, f"edge `{edge.id}`: the id is used twice; this one is left out")
        elif edge is not None:
            edge_ids.add(edge.id)
            canvas.edges.append(edge)
    return canvas


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value \
        and abs(value) != float("inf")


def _read_node(raw: Any, index: int, at: tuple[int, int], report) -> Node | None:
    if not isinstance(raw, dict):
        report(BAD, f"node {index + 1} is not a JSON object; it is left out")
        return None
    node_id = raw.get("id")
    name = f"node `{node_id}`" if isinstance(node_id, str) else f"node {index + 1}"
    kind = raw.get("type")
    if not isinstance(node_id, str) or not node_id:
        report(BAD, f"{name} has no `id`; it is left out")
        return None
    if kind not in NODE_TYPES:
        report(UNSUPPORTED, f"{name}: the node type `{kind}` is not supported; it is left out")
        return None
    missing = [k for k in ("x", "y", "width", "height") if not _number(raw.get(k))]
    missing += [k for k in _REQUIRED[kind] if not isinstance(raw.get(k), str)]
    if missing:
        report(BAD, f"{name} ({kind}) lacks " + ", ".join(f"`{k}`" for k in missing)
               + "; it is left out")
        return None
    if raw["width"] <= 0 or raw["height"] <= 0:
        report(BAD, f"{name} has no area (width and height must be positive); it is left out")
        return None
    color = parse_color(raw.get("color"))
    if "color" in raw and color is None:
        report(BAD, f"{name}: `{raw['color']}` is not a colour (1–6 or #rrggbb); none is used")
    style = raw.get("backgroundStyle", "")
    if style and style not in BACKGROUND_STYLES:
        report(BAD, f"{name}: background style `{style}` is not cover, ratio or repeat")
        style = ""

    def text(key: str) -> str:
        value = raw.get(key, "")
        return value if isinstance(value, str) else ""

    subpath = text("subpath")
    return Node(node_id, kind, float(raw["x"]), float(raw["y"]), float(raw["width"]),
                float(raw["height"]), index, at[0], at[1], color, text("text"), text("file"),
                subpath if subpath.startswith("#") or not subpath else "#" + subpath,
                text("url"), text("label"), text("background"), style)


def _read_edge(raw: Any, nodes: set[str], at: tuple[int, int], report) -> Edge | None:
    if not isinstance(raw, dict):
        report(BAD, "an edge is not a JSON object; it is left out")
        return None
    edge_id = raw.get("id") if isinstance(raw.get("id"), str) else ""
    name = f"edge `{edge_id}`" if edge_id else "an edge"
    ends = {}
    for key in ("fromNode", "toNode"):
        value = raw.get(key)
        if not isinstance(value, str):
            report(BAD, f"{name} lacks `{key}`; it is left out")
            return None
        if value not in nodes:
            report(BAD, f"{name}: `{key}` names no node on the board (`{value}`); it is left out")
            return None
        ends[key] = value
    if not edge_id:
        report(BAD, "an edge has no `id`; it is kept")
    sides = {}
    for key in ("fromSide", "toSide"):
        value = raw.get(key)
        if value is not None and value not in SIDES:
            report(BAD, f"{name}: `{key}` is `{value}`, not top, right, bottom or left")
            value = None
        sides[key] = value
    shapes = {}
    for key, default in (("fromEnd", "none"), ("toEnd", "arrow")):
        value = raw.get(key, default)
        if value not in ENDS:
            report(BAD, f"{name}: `{key}` is `{value}`, not none or arrow")
            value = default
        shapes[key] = value
    color = parse_color(raw.get("color"))
    if "color" in raw and color is None:
        report(BAD, f"{name}: `{raw['color']}` is not a colour (1–6 or #rrggbb); none is used")
    label = raw.get("label") if isinstance(raw.get("label"), str) else ""
    return Edge(edge_id, ends["fromNode"], ends["toNode"], at[0], at[1], sides["fromSide"],
                sides["toSide"], shapes["fromEnd"], shapes["toEnd"], color, label)


class _LineIndex:
    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


_WS = re.compile(r"[ \t\n\r]*")


def _element_offsets(text: str) -> dict[str, list[int]]:
    """Offsets of each element of the top-level `nodes` and `edges` arrays (and of the
    arrays themselves, as `@nodes`), found with json's own scanner on valid JSON."""
    decoder = json.JSONDecoder()
    found: dict[str, list[int]] = {"nodes": [], "edges": []}
    i = _WS.match(text, 0).end()
    if text[i:i + 1] != "{":
        return found
    i += 1
    while True:
        i = _WS.match(text, i).end()
        if text[i] == "}":
            return found
        key, i = json.decoder.scanstring(text, i + 1)
        i = _WS.match(text, i).end() + 1  # past the colon
        i = _WS.match(text, i).end()
        found["@" + key] = [i]
        if key in ("nodes", "edges") and text[i] == "[":
            offsets, i = [], i + 1
            while True:
                i = _WS.match(text, i).end()
                if text[i] == "]":
                    i += 1
                    break
                offsets.append(i)
                _, i = decoder.raw_decode(text, i)
                i = _WS.match(text, i).end()
                if text[i] == ",":
                    i += 1
            found[key] = offsets
        else:
            _, i = decoder.raw_decode(text, i)
        i = _WS.match(text, i).end()
        if text[i] == ",":
            i += 1
