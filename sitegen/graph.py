"""The link graph: published notes as nodes, links and embeds as typed edges, exported as graph.json."""

from __future__ import annotations

import json
from typing import Iterable

import networkx as nx


class LinkGraph:
    """A networkx DiGraph over note sources; an edge u→v carries the set of kinds ("link", "embed")."""

    def __init__(self) -> None:
        self.g = nx.DiGraph()

    @classmethod
    def build(cls, notes: Iterable[str], edges: Iterable[tuple[str, str, str]]) -> "LinkGraph":
        graph = cls()
        graph.g.add_nodes_from(sorted(notes))
        for source, target, kind in edges:
            if source == target:
                continue  # a note linking to itself is not its own backlink
            if graph.g.has_edge(source, target):
                graph.g[source][target]["kinds"].add(kind)
            else:
                graph.g.add_edge(source, target, kinds={kind})
        return graph

    def backlinks(self, src: str) -> list[str]:
        return sorted(self.g.predecessors(src)) if src in self.g else []

    def outlinks(self, src: str) -> list[str]:
        return sorted(self.g.successors(src)) if src in self.g else []

    def embedders(self, src: str) -> set[str]:
        """Every note whose page shows `src` through embeds, however indirectly."""
        seen: set[str] = set()
        todo = [src]
        while todo:
            node = todo.pop()
            for pred in self.g.predecessors(node):
                if pred not in seen and "embed" in self.g.edges[pred, node]["kinds"]:
                    seen.add(pred)
                    todo.append(pred)
        seen.discard(src)
        return seen

    def degree(self, src: str) -> int:
        return self.g.in_degree(src) if src in self.g else 0

    def edges(self) -> list[tuple[str, str, str]]:
        return sorted((u, v, k) for u, v, data in self.g.edges(data=True) for k in data["kinds"])


def graph_json(nodes: list[dict], edges: list[tuple[str, str, str]], unresolved: list[dict]) -> str:
    """graph.json: nodes, links and unresolved targets, sorted, so two builds are byte-identical."""
    data = {
        "nodes": sorted(nodes, key=lambda n: n["id"]),
        "links": [{"source": s, "target": t, "kind": k} for s, t, k in edges],
        "unresolved": sorted(unresolved, key=lambda u: (u["source"], u["line"], u["target"])),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
