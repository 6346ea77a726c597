"""A canvas laid out for a static page: box, places, edge sides and curves, reading order."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .canvas import Canvas, Edge, Node

Point = tuple[float, float]

_NORMALS = {"top": (0.0, -1.0), "right": (1.0, 0.0), "bottom": (0.0, 1.0), "left": (-1.0, 0.0)}
ARROW_LENGTH = 14.0
ARROW_WIDTH = 10.0


@dataclass(frozen=True)
class Placed:
    """A node on the board. `box` is (left, top, width, height) in board units (canvas
    pixels from the board's top-left corner); `rel` is the same box in percent of the
    parent (the board, or the group holding the node), for a board that scales with the page."""

    node: Node
    box: tuple[float, float, float, float]
    rel: tuple[float, float, float, float]
    parent: str | None


@dataclass(frozen=True)
class PlacedEdge:
    edge: Edge
    from_side: str
    to_side: str
    path: str                      # SVG path data in board units
    arrows: tuple[str, ...]        # SVG polygon points, one per arrow end
    label_at: Point                # the curve's midpoint, where the label sits


@dataclass(frozen=True)
class Entry:
    """One card in reading order, with the cards of a group under it."""

    id: str
    children: tuple["Entry", ...] = ()


@dataclass
class Layout:
    width: float                   # board size in canvas pixels, padding included
    height: float
    scale: float                   # board pixels to page pixels for the content width
    nodes: dict[str, Placed] = field(default_factory=dict)
    edges: list[PlacedEdge] = field(default_factory=list)
    order: list[Entry] = field(default_factory=list)

    @property
    def page_size(self) -> tuple[float, float]:
        return self.width * self.scale, self.height * self.scale

    def reading_ids(self) -> list[str]:
        """Every node id in reading order, a group before its cards."""
        out: list[str] = []

        def walk(entries) -> None:
            for entry in entries:
                out.append(entry.id)
                walk(entry.children)
        walk(self.order)
        return out


def anchor(node: Node, side: str) -> Point:
    """The middle of a node's side, where edges attach."""
    return {"top": (node.x + node.width / 2, node.y),
            "right": (node.right, node.y + node.height / 2),
            "bottom": (node.x + node.width / 2, node.bottom),
            "left": (node.x, node.y + node.height / 2)}[side]


def facing_sides(a: Node, b: Node) -> tuple[str, str]:
    """The sides of `a` and `b` that face each other: along the axis where the gap between
    them is larger (by centres when they overlap on both axes)."""
    if a is b or a.id == b.id:
        return "right", "top"  # a loop leaves right and comes back on top
    gap_x = max(b.x - a.right, a.x - b.right)
    gap_y = max(b.y - a.bottom, a.y - b.bottom)
    dx = (b.x + b.width / 2) - (a.x + a.width / 2)
    dy = (b.y + b.height / 2) - (a.y + a.height / 2)
    horizontal = gap_x > gap_y if (gap_x > 0 or gap_y > 0) else abs(dx) >= abs(dy)
    if horizontal:
        return ("right", "left") if dx >= 0 else ("left", "right")
    return ("bottom", "top") if dy >= 0 else ("top", "bottom")


def choose_sides(edge: Edge, a: Node, b: Node) -> tuple[str, str]:
    """The sides as written, and for a missing one the side that faces the other end."""
    from_side, to_side = edge.from_side, edge.to_side
    if from_side is None and to_side is None:
        return facing_sides(a, b)
    if from_side is None:
        from_side = facing_sides(a, b)[0] if a.id == b.id else _side_towards(a, anchor(b, to_side))
    if to_side is None:
        to_side = facing_sides(a, b)[1] if a.id == b.id else _side_towards(b, anchor(a, from_side))
    return from_side, to_side


def _side_towards(node: Node, point: Point) -> str:
    """The side of `node` a point lies beyond (compared in the node's proportions)."""
    cx, cy = node.x + node.width / 2, node.y + node.height / 2
    dx, dy = (point[0] - cx) / node.width, (point[1] - cy) / node.height
    if abs(dx) >= abs(dy):
        return "right" if dx >= 0 else "left"
    return "bottom" if dy >= 0 else "top"


def _curve(start: Point, start_side: str, end: Point, end_side: str) -> tuple[Point, Point]:
    """Bezier control points: out of each side along its normal, further for longer edges."""
    distance = math.dist(start, end)
    reach = min(max(distance * 0.4, 24.0), 160.0)
    (nx1, ny1), (nx2, ny2) = _NORMALS[start_side], _NORMALS[end_side]
    return ((start[0] + nx1 * reach, start[1] + ny1 * reach),
            (end[0] + nx2 * reach, end[1] + ny2 * reach))


def _arrow(tip: Point, side: str) -> list[Point]:
    """A triangle pointing into the node at `tip`, its base outside the side."""
    nx, ny = _NORMALS[side]
    bx, by = tip[0] + nx * ARROW_LENGTH, tip[1] + ny * ARROW_LENGTH
    px, py = -ny * ARROW_WIDTH / 2, nx * ARROW_WIDTH / 2
    return [tip, (bx + px, by + py), (bx - px, by - py)]


def _midpoint(p0: Point, p1: Point, p2: Point, p3: Point) -> Point:
    return tuple(0.125 * a + 0.375 * b + 0.375 * c + 0.125 * d
                 for a, b, c, d in zip(p0, p1, p2, p3))  # type: ignore[return-value]


def num(value: float) -> str:
    """Short, stable number text for SVG and CSS: at most two decimals, no `-0`."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def parents(nodes: list[Node]) -> dict[str, str | None]:
    """Each node's group: the smallest group that holds the node's centre (and is larger)."""
    groups = [n for n in nodes if n.type == "group"]
    found: dict[str, str | None] = {}
    for node in nodes:
        cx, cy = node.x + node.width / 2, node.y + node.height / 2
        area = node.width * node.height
        holders = [g for g in groups if g.id != node.id and g.width * g.height > area
                   and g.x <= cx <= g.right and g.y <= cy <= g.bottom]
        best = min(holders, key=lambda g: (g.width * g.height, g.index), default=None)
        found[node.id] = best.id if best else None
    return found


def reading_order(nodes: list[Node], parent_of: dict[str, str | None]) -> list[Entry]:
    """Top-left to bottom-right: cards whose tops fall within the upper half of a row's
    first card share that row, left to right; a group comes first, then its cards."""
    by_parent: dict[str | None, list[Node]] = {}
    for node in nodes:
        by_parent.setdefault(parent_of[node.id], []).append(node)

    def ordered(siblings: list[Node]) -> list[Node]:
        rows: list[list[Node]] = []
        limit = -math.inf
        for node in sorted(siblings, key=lambda n: (n.y, n.x, n.type != "group", n.index)):
            if rows and node.y < limit:
                rows[-1].append(node)
            else:
                rows.append([node])
                limit = node.y + node.height / 2
        return [n for row in rows for n in sorted(row, key=lambda n: (n.x, n.type != "group",
                                                                       n.y, n.index))]

    def entries(parent: str | None) -> list[Entry]:
        return [Entry(n.id, tuple(entries(n.id)) if n.type == "group" else ())
                for n in ordered(by_parent.get(parent, []))]
    return entries(None)


def layout_canvas(canvas: Canvas, content_width: float = 760.0, max_scale: float = 1.0,
                  padding: float = 24.0) -> Layout:
    """Place the board to fit `content_width` page pixels (never enlarged past `max_scale`)."""
    nodes = canvas.nodes
    if not nodes:
        return Layout(0.0, 0.0, 1.0)
    by_id = {n.id: n for n in nodes}
    curves = []
    extent = [min(n.x for n in nodes), min(n.y for n in nodes),
              max(n.right for n in nodes), max(n.bottom for n in nodes)]
    for edge in canvas.edges:
        a, b = by_id[edge.from_node], by_id[edge.to_node]
        from_side, to_side = choose_sides(edge, a, b)
        start, end = anchor(a, from_side), anchor(b, to_side)
        c1, c2 = _curve(start, from_side, end, to_side)
        curves.append((edge, from_side, to_side, start, c1, c2, end))
        for x, y in (c1, c2):  # a curve stays inside its control points: keep them on the board
            extent = [min(extent[0], x), min(extent[1], y), max(extent[2], x), max(extent[3], y)]
    ox, oy = extent[0] - padding, extent[1] - padding
    width, height = extent[2] - extent[0] + 2 * padding, extent[3] - extent[1] + 2 * padding
    parent_of = parents(nodes)
    layout = Layout(width, height, min(max_scale, content_width / width))

    def shift(p: Point) -> Point:
        return p[0] - ox, p[1] - oy

    for node in nodes:
        box = (node.x - ox, node.y - oy, node.width, node.height)
        holder = by_id.get(parent_of[node.id]) if parent_of[node.id] else None
        if holder is None:
            frame = (0.0, 0.0, width, height)
        else:
            frame = (holder.x - ox, holder.y - oy, holder.width, holder.height)
        rel = ((box[0] - frame[0]) / frame[2] * 100, (box[1] - frame[1]) / frame[3] * 100,
               box[2] / frame[2] * 100, box[3] / frame[3] * 100)
        layout.nodes[node.id] = Placed(node, box, rel, parent_of[node.id])
    for edge, from_side, to_side, start, c1, c2, end in curves:
        s, p1, p2, e = shift(start), shift(c1), shift(c2), shift(end)
        path = (f"M{num(s[0])},{num(s[1])} C{num(p1[0])},{num(p1[1])} "
                f"{num(p2[0])},{num(p2[1])} {num(e[0])},{num(e[1])}")
        arrows = []
        if edge.from_end == "arrow":
            arrows.append(_points(_arrow(s, from_side)))
        if edge.to_end == "arrow":
            arrows.append(_points(_arrow(e, to_side)))
        layout.edges.append(PlacedEdge(edge, from_side, to_side, path, tuple(arrows),
                                       _midpoint(s, p1, p2, e)))
    layout.order = reading_order(nodes, parent_of)
    return layout


def _points(points: list[Point]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)
