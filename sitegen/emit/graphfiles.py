"""The link graph as the site publishes it: graph.json for readers' tools, graph-view.json for the graph page."""

from __future__ import annotations

import json

from ..collect.graph import graph_json
from ..collect.model import Model
from .view_pages import graph_id, view_graph


def graph_view_data(model: Model) -> str:
    """The graph for the site's own graph view: indices instead of repeated ids (about a
    tenth of graph.json on a big vault). Links are undirected pairs, tags carry their URLs."""
    notes = list(model.notes.values())
    extra_nodes, extra_edges = view_graph(model)  # bases and canvases
    at = {n.src: i for i, n in enumerate(notes)} | {s: len(notes) + i for i, s in enumerate(model.views)}
    tags = sorted(model.tags)
    tag_at = {k: i for i, k in enumerate(tags)}
    pairs = sorted({(min(at[s], at[t]), max(at[s], at[t])) for s, t, *_ in model.graph.edges() + extra_edges})
    data = {
        "ids": [n.id for n in notes] + [n["id"] for n in extra_nodes],
        "titles": [n.title for n in notes] + [n["title"] for n in extra_nodes],
        "urls": [n.url for n in notes] + [n["url"] for n in extra_nodes],
        "tags": [[tag_at[k] for k in n.tags] for n in notes] + [[] for _ in extra_nodes],
        "tagNames": [model.tags[k].name for k in tags], "tagUrls": [model.tags[k].url for k in tags],
        "links": [i for pair in pairs for i in pair],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def graph_data(model: Model) -> str:
    nodes = [{"id": n.id, "title": n.title, "url": n.url,
              "tags": [model.tags[k].name for k in n.tags]} for n in model.notes.values()]
    extra_nodes, extra_edges = view_graph(model)  # bases and canvases
    nodes += extra_nodes
    edges = [(graph_id(model, s), graph_id(model, t), k, key)
             for s, t, k, key in sorted(set(model.graph.edges() + extra_edges))]
    unresolved = [{"source": model.notes[src].id, "target": l.fact.target, "line": l.fact.line}
                  for src, links in model.links.items() for l in links if l.target is None]
    return graph_json(nodes, edges, unresolved)
