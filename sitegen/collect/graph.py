"""The link graph: published notes as nodes; links, embeds and property links as typed edges; graph.json."""

from __future__ import annotations

import json
from typing import Iterable


Edge = tuple[str, str, str, str]  # (source, target, kind, key): key is the property for kind "property"


class LinkGraph:
    """A networkx DiGraph over note sources; an edge u→v carries the set of its (kind, key)
    pairs: ("link", ""), ("embed", ""), ("property", "author").

    Edges are gathered into plain sets first and handed to networkx in one call: adding
    100,000 of them one by one (a lookup, then an attribute dict each) was most of the cost.
    Embeds are also indexed on their own (`embedded_by`), so a graph can be
    updated for the next model while the previous model keeps answering
    "who embeds X" as it was (see `with_edges`).
    """

    def __init__(self) -> None:
        # Imported here: a build that finds nothing changed never makes a graph, and networkx
        # is a fifth of sitegen's start-up time.
        import networkx as nx

        self.g = nx.DiGraph()
        self.embedded_by: dict[str, frozenset[str]] = {}

    @classmethod
    def build(cls, notes: Iterable[str], edges: Iterable[Edge]) -> "LinkGraph":
        graph = cls()
        graph.g.add_nodes_from(sorted(notes))
        graph._add(edges)
        return graph

    def _add(self, edges: Iterable[Edge]) -> None:
        kinds: dict[tuple[str, str], set[tuple[str, str]]] = {}
        embeds: dict[str, set[str]] = {}
        for source, target, kind, key in edges:
            if source == target:
                continue  # a note linking to itself is not its own backlink
            kinds.setdefault((source, target), set()).add((kind, key))
            if kind == "embed":
                embeds.setdefault(target, set()).add(source)
        g = self.g
        # An edge already there (replaced sources' edges are removed first) keeps its kinds too.
        if g.number_of_edges():
            for (source, target), found in kinds.items():
                if g.has_edge(source, target):
                    found |= g[source][target]["kinds"]
        g.add_edges_from((source, target, {"kinds": found}) for (source, target), found in kinds.items())
        for target, sources in embeds.items():
            self.embedded_by[target] = self.embedded_by.get(target, frozenset()) | sources

    def with_edges(self, sources: set[str], edges: list[Edge]) -> "LinkGraph":
        """The graph with the outgoing edges of `sources` replaced by `edges` (same nodes).

        The networkx graph is updated in place (copying it costs more than a whole
        incremental rebuild may take); the returned object owns it from now on, and
        the old object keeps only its own embed index for `embedders()`.
        """
        new = LinkGraph()
        new.g = self.g
        new.embedded_by = {t: s - sources for t, s in self.embedded_by.items() if s - sources}
        new.g.remove_edges_from([(u, v) for u in sources if u in new.g for v in list(new.g.successors(u))])
        new._add(edges)
        return new

    def predecessors(self, src: str) -> set[str]:
        """The notes with an edge to `src` (unsorted; see backlinks)."""
        return set(self.g.predecessors(src)) if src in self.g else set()

    def backlinks(self, src: str) -> list[str]:
        return sorted(self.g.predecessors(src)) if src in self.g else []

    def outlinks(self, src: str) -> list[str]:
        return sorted(self.g.successors(src)) if src in self.g else []

    def embedders(self, src: str) -> set[str]:
        """Every note whose page shows `src` through embeds, however indirectly."""
        seen: set[str] = set()
        todo = [src]
        while todo:
            for pred in self.embedded_by.get(todo.pop(), ()):
                if pred not in seen:
                    seen.add(pred)
                    todo.append(pred)
        seen.discard(src)
        return seen

    def degree(self, src: str) -> int:
        """How many notes link to `src`."""
        return self.g.in_degree(src) if src in self.g else 0

    def linked(self, src: str) -> bool:
        """Whether any edge starts or ends at `src`."""
        return src in self.g and self.g.degree(src) > 0

    def edges(self) -> list[Edge]:
        return sorted((u, v, k, key) for u, v, data in self.g.edges(data=True) for k, key in data["kinds"])


def graph_json(nodes: list[dict], edges: list[Edge], unresolved: list[dict]) -> str:
    """graph.json: nodes, links and unresolved targets, sorted, so two builds are byte-identical.
    A property link carries its key: `{"kind": "property", "key": "author", …}`."""
    data = {
        "nodes": sorted(nodes, key=lambda n: n["id"]),
        "links": [dict({"source": s, "target": t, "kind": k}, **({"key": key} if key else {}))
                  for s, t, k, key in edges],
        "unresolved": sorted(unresolved, key=lambda u: (u["source"], u["line"], u["target"])),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
