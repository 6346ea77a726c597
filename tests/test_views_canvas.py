"""JSON Canvas: parsing with positioned diagnostics, the static layout (box, places, edge
sides and curves), the reading order, and the HTML with stub card renderers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen.views.canvas import Color, parse_canvas
from sitegen.views.canvas_html import node_title, render_canvas
from sitegen.views.canvas_layout import choose_sides, facing_sides, layout_canvas

SAMPLE = Path("/work/vaults/jsoncanvas/sample.canvas")


def board(nodes: list[dict], edges: list[dict] = ()) -> str:
    return json.dumps({"nodes": nodes, "edges": list(edges)}, indent=1)


def text(node_id: str, x: float, y: float, w: float = 200, h: float = 100, **extra) -> dict:
    return {"id": node_id, "type": "text", "text": node_id, "x": x, "y": y, "width": w,
            "height": h, **extra}


def group(node_id: str, x: float, y: float, w: float, h: float, **extra) -> dict:
    return {"id": node_id, "type": "group", "x": x, "y": y, "width": w, "height": h, **extra}


def problems(canvas) -> list[tuple[int, int, str]]:
    return [(d.line, d.col, d.code) for d in canvas.diagnostics]


# --- parsing ---------------------------------------------------------------------------

SMALL_SAMPLE = """{
\t"nodes":[
\t\t{"id":"g","type":"group","x":-300,"y":-460,"width":610,"height":200,"label":"JSON Canvas"},
\t\t{"id":"r","type":"file","file":"readme.md","x":-280,"y":-200,"width":570,"height":560,"color":"6"},
\t\t{"id":"l","type":"file","file":"_site/logo.svg","x":-280,"y":-440,"width":217,"height":80},
\t\t{"id":"t","type":"text","text":"Learn more:\\n\\n- [Spec](spec/1.0.md)","x":40,"y":-440,"width":250,"height":160},
\t\t{"id":"s","type":"file","file":"spec/1.0.md","subpath":"#Nodes","x":360,"y":-400,"width":400,"height":400}
\t],
\t"edges":[
\t\t{"id":"e","fromNode":"l","fromSide":"right","toNode":"t","toSide":"left"}
\t]
}"""


def test_a_board_like_the_spec_sample() -> None:
    canvas = parse_canvas(SMALL_SAMPLE, "sample.canvas")
    assert canvas.diagnostics == []
    assert [(n.id, n.type) for n in canvas.nodes] == [
        ("g", "group"), ("r", "file"), ("l", "file"), ("t", "text"), ("s", "file")]
    assert canvas.node("g").label == "JSON Canvas"
    assert canvas.node("r").color == Color(preset=6)
    assert canvas.node("s").subpath == "#Nodes"
    assert canvas.files == ["readme.md", "_site/logo.svg", "spec/1.0.md"]
    edge = canvas.edges[0]
    assert (edge.from_side, edge.to_side, edge.from_end, edge.to_end) == ("right", "left", "none",
                                                                          "arrow")
    layout = layout_canvas(canvas)
    assert layout.reading_ids() == ["g", "l", "t", "s", "r"]
    assert layout.nodes["l"].parent == "g" and layout.nodes["s"].parent is None


@pytest.mark.skipif(not SAMPLE.exists(), reason="the JSON Canvas repository is not checked out")
def test_the_jsoncanvas_sample_file() -> None:
    canvas = parse_canvas(SAMPLE.read_text(), "sample.canvas")
    assert canvas.diagnostics == []
    assert len(canvas.nodes) == 5 and len(canvas.edges) == 1
    layout = layout_canvas(canvas, content_width=760)
    assert (layout.width, layout.height) == (1108, 868)  # 1060×820 of cards, 24 around
    assert layout.page_size[0] == pytest.approx(760)
    html = render_canvas(canvas, layout, render_text=lambda t, n: "<p>text</p>",
                         render_file=lambda n: f"<p>{n.file}</p>")
    assert html.count('class="canvas-node ') == 5


def test_bad_json_has_a_line_and_column() -> None:
    canvas = parse_canvas('{\n  "nodes": [\n    {"id": "a",}\n  ]\n}', "b.canvas")
    assert problems(canvas) == [(3, 16, "bad-canvas")]
    assert canvas.nodes == []
    assert "not valid JSON" in canvas.diagnostics[0].message


def test_unknown_types_and_missing_fields_keep_the_rest() -> None:
    source = board([text("a", 0, 0), {"id": "w", "type": "widget", "x": 0, "y": 0, "width": 1,
                                       "height": 1},
                    {"id": "b", "type": "text", "x": 0, "y": 0, "height": 5, "text": "x"},
                    {"id": "f", "type": "file", "x": 0, "y": 0, "width": 5, "height": 5},
                    text("a", 5, 5), text("z", 0, -10, w=0)],
                   [{"id": "e1", "fromNode": "a", "toNode": "b"},
                    {"id": "e2", "fromNode": "a", "toNode": "a", "toSide": "middle",
                     "toEnd": "diamond", "color": "blue"}])
    canvas = parse_canvas(source, "b.canvas")
    assert [n.id for n in canvas.nodes] == ["a"]
    lines = source.splitlines()
    starts = [i + 1 for i, line in enumerate(lines) if line == "  {"]
    assert problems(canvas) == [
        (starts[1], 3, "canvas-unsupported"),  # the widget
        (starts[2], 3, "bad-canvas"),          # no width
        (starts[3], 3, "bad-canvas"),          # a file card without `file`
        (starts[4], 3, "bad-canvas"),          # the id `a` again
        (starts[5], 3, "bad-canvas"),          # no area
        (starts[6], 3, "bad-canvas"),          # edge to the dropped `b`
        (starts[7], 3, "bad-canvas"), (starts[7], 3, "bad-canvas"),
        (starts[7], 3, "bad-canvas"),          # side, end and colour of e2
    ]
    messages = [d.message for d in canvas.diagnostics]
    assert "node `w`: the node type `widget` is not supported; it is left out" in messages
    assert "node `f` (file) lacks `file`; it is left out" in messages
    loop = canvas.edges[0]
    assert (loop.id, loop.to_side, loop.to_end, loop.color) == ("e2", None, "arrow", None)


def test_colours_presets_and_hex() -> None:
    canvas = parse_canvas(board([text("a", 0, 0, color="3"), text("b", 0, 200, color="#A0B1C2"),
                                 text("c", 0, 400, color="7")]), "b.canvas")
    assert [n.color for n in canvas.nodes] == [Color(preset=3), Color(hex="#a0b1c2"), None]
    assert [d.code for d in canvas.diagnostics] == ["bad-canvas"]


def test_empty_and_odd_files() -> None:
    assert parse_canvas("", "e.canvas").diagnostics == []
    assert parse_canvas("\ufeff{}", "e.canvas").nodes == []
    assert problems(parse_canvas("[1, 2]", "e.canvas")) == [(1, 1, "bad-canvas")]
    assert problems(parse_canvas('{"nodes": {"a": 1}}', "e.canvas")) == [(1, 11, "bad-canvas")]
    assert layout_canvas(parse_canvas("{}", "e.canvas")).nodes == {}


# --- layout ----------------------------------------------------------------------------

def two_cards(edge: dict | None = None):
    edges = [edge or {"id": "e", "fromNode": "a", "toNode": "b"}]
    return parse_canvas(board([text("a", 0, 0), text("b", 400, 0)], edges), "b.canvas")


def test_box_places_and_scale() -> None:
    layout = layout_canvas(two_cards(), content_width=324)
    assert (layout.width, layout.height) == (648, 148)   # 600×100 of cards, padding 24
    assert layout.scale == 0.5 and layout.page_size == (324, 74)
    a, b = layout.nodes["a"], layout.nodes["b"]
    assert a.box == (24, 24, 200, 100) and b.box == (424, 24, 200, 100)
    assert [round(v, 3) for v in a.rel] == [3.704, 16.216, 30.864, 67.568]
    assert layout_canvas(two_cards(), content_width=5000).scale == 1.0  # never enlarged


def test_edge_curve_arrow_and_label() -> None:
    edge = layout_canvas(two_cards()).edges[0]
    assert (edge.from_side, edge.to_side) == ("right", "left")
    assert edge.path == "M224,74 C304,74 344,74 424,74"
    assert edge.arrows == ("424,74 410,69 410,79",)
    assert edge.label_at == (324, 74)
    both = layout_canvas(two_cards({"id": "e", "fromNode": "a", "toNode": "b", "fromEnd": "arrow",
                                    "toEnd": "none"})).edges[0]
    assert both.arrows == ("224,74 238,79 238,69",)


def test_group_members_are_placed_inside_their_group() -> None:
    canvas = parse_canvas(board([group("g", 0, 0, 500, 300), text("c", 50, 100, 100, 50)]), "g")
    placed = layout_canvas(canvas).nodes["c"]
    assert placed.parent == "g"
    assert [round(v, 2) for v in placed.rel] == [10.0, 33.33, 20.0, 16.67]


@pytest.mark.parametrize("b,sides", [
    ((400, 0), ("right", "left")),      # beside, to the right
    ((-400, 0), ("left", "right")),     # beside, to the left
    ((0, 300), ("bottom", "top")),      # below
    ((0, -300), ("top", "bottom")),     # above
    ((300, 150), ("right", "left")),    # the horizontal gap is larger
    ((220, 400), ("bottom", "top")),    # the vertical gap is larger
    ((50, 20), ("right", "left")),      # overlapping: by the centres
])
def test_sides_face_each_other(b, sides) -> None:
    canvas = parse_canvas(board([text("a", 0, 0), text("b", *b)]), "s")
    assert facing_sides(*canvas.nodes) == sides


def test_one_side_given_and_loops() -> None:
    canvas = parse_canvas(board([text("a", 0, 0, 100, 100), text("b", 300, 0, 100, 100)],
                                [{"id": "e", "fromNode": "a", "fromSide": "bottom", "toNode": "b"},
                                 {"id": "f", "fromNode": "a", "toNode": "a"}]), "s")
    a, b = canvas.nodes
    assert choose_sides(canvas.edges[0], a, b) == ("bottom", "left")
    assert choose_sides(canvas.edges[1], a, a) == ("right", "top")


def test_reading_order_rows_groups_and_nesting() -> None:
    canvas = parse_canvas(board([
        text("n", 800, 90), group("g2", 400, 110, 300, 300, label="Done"),
        text("m3", 420, 150, 260, 80), text("t", 0, 0, 400, 60), text("z", 0, 500, 200, 50),
        group("g1", 0, 100, 300, 300, label="To read"), text("m2", 20, 260, 260, 80),
        text("m1", 20, 140, 260, 80),
    ]), "r")
    layout = layout_canvas(canvas)
    assert layout.reading_ids() == ["t", "g1", "m1", "m2", "g2", "m3", "n", "z"]
    assert [(e.id, [c.id for c in e.children]) for e in layout.order] == [
        ("t", []), ("g1", ["m1", "m2"]), ("g2", ["m3"]), ("n", []), ("z", [])]


def test_nested_groups_list_their_cards_under_them() -> None:
    canvas = parse_canvas(board([text("k", 100, 100, 100, 100), group("H", 100, 100, 400, 400),
                                 group("G", 0, 0, 1000, 1000)]), "n")
    layout = layout_canvas(canvas)
    assert layout.reading_ids() == ["G", "H", "k"]
    assert layout.nodes["k"].parent == "H" and layout.nodes["H"].parent == "G"


# --- HTML ------------------------------------------------------------------------------

def test_html_of_a_small_board() -> None:
    canvas = parse_canvas(board(
        [text("a", 0, 0, color="1"), {"id": "b", "type": "link", "url": "javascript:alert(1)",
                                      "x": 400, "y": 0, "width": 200, "height": 100,
                                      "color": "#FF0000"}],
        [{"id": "e", "fromNode": "a", "toNode": "b", "label": "x < y"}]), "b.canvas")
    html = render_canvas(canvas, layout_canvas(canvas), id_prefix="b", label="Board",
                         render_text=lambda t, n: f"<p>{t}</p>", render_file=lambda n: "")
    assert html == (
        '<div class="canvas" role="group" aria-label="Board" style="--canvas-w:648px;'
        '--canvas-h:148px;--canvas-ratio:648/148;--canvas-scale:1.0000">'
        '<svg class="canvas-edges" viewBox="0 0 648 148" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false"><g class="canvas-edge">'
        '<path d="M224,74 C304,74 344,74 424,74"/><polygon points="424,74 410,69 410,79"/></g>'
        '</svg><span class="canvas-edge-label" aria-hidden="true" style="--x:50%;--y:50%">'
        'x &lt; y</span><ol class="canvas-cards">'
        '<li class="canvas-node canvas-text canvas-color-1" id="b-1" style="--x:3.7%;'
        '--y:16.22%;--w:30.86%;--h:67.57%;--z:0;"><div class="canvas-card-body"><p>a</p></div>'
        '<ul class="canvas-links"><li>→ <a href="#b-2">javascript:alert(1)</a>: x &lt; y</li>'
        '</ul></li><li class="canvas-node canvas-link canvas-color-custom" id="b-2" '
        'style="--x:65.43%;--y:16.22%;--w:30.86%;--h:67.57%;--z:1;--canvas-color:#ff0000;">'
        '<div class="canvas-card-body"><span class="canvas-url">javascript:alert(1)</span>'
        '</div></li></ol></div>')


def test_html_groups_nest_their_cards_and_files_use_the_callback() -> None:
    canvas = parse_canvas(board([
        group("g", 0, 0, 500, 300, label="<To read>", background="img/bg.png",
              backgroundStyle="repeat"),
        {"id": "f", "type": "file", "file": "Books/Dune.md", "subpath": "#Plot", "x": 50,
         "y": 100, "width": 100, "height": 50},
        {"id": "u", "type": "link", "url": "https://example.org/?a=1&b=2", "x": 600, "y": 0,
         "width": 100, "height": 50}]), "g.canvas")
    seen = []
    html = render_canvas(canvas, layout_canvas(canvas), render_text=lambda t, n: "",
                         render_file=lambda n: seen.append((n.file, n.subpath)) or "<p>Dune</p>",
                         resolve_url=lambda path: "/" + path)
    assert seen == [("Books/Dune.md", "#Plot")]
    assert '<p class="canvas-group-label">&lt;To read&gt;</p><ol class="canvas-cards">' \
           '<li class="canvas-node canvas-file"' in html
    assert "--canvas-bg:url('/img/bg.png');" in html and "canvas-bg-repeat" in html
    assert '<a class="canvas-url" href="https://example.org/?a=1&amp;b=2">' in html
    assert html == render_canvas(canvas, layout_canvas(canvas), render_text=lambda t, n: "",
                                 render_file=lambda n: "<p>Dune</p>",
                                 resolve_url=lambda path: "/" + path)  # deterministic


def test_card_titles_for_connection_lists() -> None:
    canvas = parse_canvas(board([
        text("a", 0, 0) | {"text": "## Plan for **June**\nmore"},
        text("b", 0, 0) | {"text": "- [[Dune|the book]] first"},
        {"id": "f", "type": "file", "file": "Books/Dune.md", "x": 0, "y": 0, "width": 1,
         "height": 1},
        group("g", 0, 0, 10, 10)]), "t")
    assert [node_title(n) for n in canvas.nodes] == ["Plan for June", "the book first", "Dune", "…"]


def test_empty_board_html() -> None:
    canvas = parse_canvas("{}", "e.canvas")
    assert render_canvas(canvas, layout_canvas(canvas), render_text=lambda t, n: "",
                         render_file=lambda n: "", label="E") == \
        '<div class="canvas canvas-empty" aria-label="E"></div>'


def test_no_python_error_escapes_from_damaged_boards() -> None:
    """Boards with values swapped for wrong types, and text cut at random, still lay out."""
    import random
    rng = random.Random(3)
    odd = [None, -5, 0, 1e12, "x", "", [], {}, True, "#zz", "3", "top", "arrow", "g"]
    stub = dict(render_text=lambda t, n: "", render_file=lambda n: "")
    for _ in range(300):
        data = json.loads(SMALL_SAMPLE)
        for _ in range(rng.randint(1, 4)):
            items = data["nodes"] + data["edges"]
            item = rng.choice(items)
            item[rng.choice(list(item) + ["color", "fromSide", "toEnd"])] = rng.choice(odd)
        canvas = parse_canvas(json.dumps(data), "d.canvas")
        render_canvas(canvas, layout_canvas(canvas), **stub)
        cut = rng.randrange(len(SMALL_SAMPLE))
        canvas = parse_canvas(SMALL_SAMPLE[:cut] + SMALL_SAMPLE[cut + rng.randint(1, 9):], "d")
        render_canvas(canvas, layout_canvas(canvas), **stub)
