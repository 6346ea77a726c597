"""Template contexts of base and canvas pages, and what note pages learn from them (backlinks)."""

from __future__ import annotations

import posixpath

from ..collect.model import Model
from ..i18n import collation_key
from .backlinks import group_backlinks
from .bases_html import render_base, writer_for


def view_card(model: Model, src: str) -> dict:
    doc = model.views[src]
    return {"title": doc.title, "url": doc.url, "description": ""}


def view_backlinks(model: Model, src: str, seen: set[str]) -> list[dict]:
    """Bases and canvases that list or show the note `src` (and the notes embedding those bases),
    as backlink cards; `seen` holds the URLs already listed."""
    facts = model.view_facts
    if facts is None:
        return []
    out = []
    for source in facts.backlinks(src):
        note = model.notes.get(source)
        card = view_card(model, source) if note is None else \
            {"title": note.title, "url": note.url, "description": note.meta.description}
        if card["url"] not in seen:
            folder = note.folder if note is not None else posixpath.dirname(source)
            out.append(dict(card, context="", key="", folder=folder if folder in model.plan.folders else ""))
    return out


def view_context(ctx, src: str, canvas_html) -> dict:
    """The `view` of a base or canvas page: its HTML, breadcrumbs, and the notes that link to it."""
    model, strings = ctx.model, ctx.strings
    doc = model.views[src]
    if doc.kind == "base":
        result = model.view_facts.results.get((src, src)) if model.view_facts else None
        html = render_base(writer_for(model), result, strings, all_views=True) if result else ""
    else:
        html = canvas_html(src)
    backlinks = [dict(ctx.card(s), context="", key="", folder=model.notes[s].folder)
                 for s, links in sorted(model.links.items()) if any(l.target == src for l in links)]
    backlinks.sort(key=lambda b: (collation_key(b["title"], ctx.lang), b["url"]))
    folder = posixpath.dirname(src)
    return {"src": src, "id": doc.id, "title": doc.title, "url": doc.url, "kind": doc.kind,
            "html": html, "breadcrumbs": ctx.breadcrumbs(folder if folder in model.plan.folders else ""),
            "backlinks": backlinks, "description": "",
            "backlink_groups": group_backlinks(backlinks, ctx.folder_title, ctx.strings["root_folder"], ctx.lang)}


def graph_id(model: Model, src: str) -> str:
    """A node's id in graph.json: a note's path without `.md`, a base's or canvas's full path."""
    return model.notes[src].id if src in model.notes else model.views[src].id


def view_graph(model: Model) -> tuple[list[dict], list[tuple[str, str, str, str]]]:
    """The graph.json nodes of bases and canvases, and every `base`/`canvas` edge (by src).
    Links from notes to a base or canvas page are edges too (kind `link` or `embed`)."""
    nodes = [{"id": doc.id, "title": doc.title, "url": doc.url, "tags": [], "kind": doc.kind}
             for doc in model.views.values()]
    edges = list(model.view_facts.edges) if model.view_facts else []
    for src, links in model.links.items():
        edges += [(src, l.target, l.fact.kind, l.fact.key) for l in links if l.target in model.views]
    graphable = set(model.notes) | set(model.views)
    return nodes, sorted({e for e in edges if e[0] in graphable and e[1] in graphable and e[0] != e[1]})


def has_views(html: str) -> bool:
    """Whether a page body shows a base or a board (and so needs views.css)."""
    return '<div class="base' in html or '<div class="canvas' in html


def view_search_documents(model: Model) -> list:
    """Search documents of base pages (their views' cells, row by row) and canvas pages
    (card texts as rendered, card headings, file names, group and edge labels), in page order."""
    from ..search.documents import page_document
    from ..views.canvas_html import node_title
    from ..views.values import to_text
    docs = []
    for src, doc in model.views.items():
        headings, parts = [], []
        if doc.base is not None and model.view_facts is not None:
            result = model.view_facts.results.get((src, src))
            for view in result.views if result else []:
                headings.append(view.spec.name)
                parts += [c.name for c in view.columns]
                parts += [" ".join(to_text(v) for v in row.cells) for row in view.rows]
        elif doc.canvas is not None:
            for node in doc.canvas.nodes:
                if node.type == "text":  # as rendered: link labels, no markup
                    card = doc.cards.get(node.id)
                    headings += card.headings if card else ()
                    parts += card.body if card else ()
                else:
                    parts.append(node_title(node))
                if node.type == "group" and node.label:
                    headings.append(node.label)
            parts += [edge.label for edge in doc.canvas.edges if edge.label]
        docs.append(page_document(doc.url, doc.title, headings, "\n".join(p for p in parts if p)))
    return docs
