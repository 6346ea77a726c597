"""The link graph: published notes as nodes; links, embeds and property links as typed edges; graph.json."""

from __future__ import annotations

import json
from typing import Iterable


Edge = tuple[str, str, str, str]  # (source, target, kind, key): key is the property for kind "property"


class LinkGraph:
    """A directed graph over note sources, as plain dicts: `succ[u][v]` is the set of the
    (kind, key) pairs of the edge u→v, ("link", ""), ("embed", ""), ("property", "author");
    `pred[v]` the sources with an edge to v. (networkx made every edge a dict of dicts: building
    100,000 of them was a second of a resumed build, and importing it a fifth of start-up.)

    Embeds are also indexed on their own (`embedded_by`), so a graph can be
    updated for the next model while the previous model keeps answering
    "who embeds X" as it was (see `with_edges`).
    """

    def __init__(self) -> None:
        self.succ: dict[str, dict[str, set[tuple[str, str]]]] = {}
        self.pred: dict[str, set[str]] = {}
        self.embedded_by: dict[str, frozenset[str]] = {}

    @classmethod
    def build(cls, notes: Iterable[str], edges: Iterable[Edge]) -> "LinkGraph":
        graph = cls()
        for note in sorted(notes):
            graph.succ[note], graph.pred[note] = {}, set()
        graph._add(edges)
        return graph

    def _add(self, edges: Iterable[Edge]) -> None:
        succ, pred = self.succ, self.pred
        embeds: dict[str, set[str]] = {}
        for source, target, kind, key in edges:
            if source == target:
                continue  # a note linking to itself is not its own backlink
            for node in (source, target):  # an edge's ends are nodes, as in any graph
                if node not in succ:
                    succ[node], pred[node] = {}, set()
            succ[source].setdefault(target, set()).add((kind, key))
            pred[target].add(source)
            if kind == "embed":
                embeds.setdefault(target, set()).add(source)
        for target, sources in embeds.items():
            self.embedded_by[target] = self.embedded_by.get(target, frozenset()) | sources

    def with_edges(self, sources: set[str], edges: list[Edge]) -> "LinkGraph":
        """The graph with the outgoing edges of `sources` replaced by `edges` (same nodes).

        The dicts are updated in place (copying them costs more than a whole incremental
        rebuild may take); the returned object owns them from now on, and the old object
        keeps only its own embed index for `embedders()`.
        """
        new = LinkGraph()
        new.succ, new.pred = self.succ, self.pred
        new.embedded_by = {t: s - sources for t, s in self.embedded_by.items() if s - sources}
        for source in sources:
            for target in new.succ.get(source, ()):
                new.pred[target].discard(source)
            if source in new.succ:
                new.succ[source] = {}
        new._add(edges)
        return new

    def predecessors(self, src: str) -> set[str]:
        """The notes with an edge to `src` (unsorted; see backlinks)."""
        return self.pred.get(src, set())

    def backlinks(self, src: str) -> list[str]:
        return sorted(self.pred.get(src, ()))

    def outlinks(self, src: str) -> list[str]:
        return sorted(self.succ.get(src, ()))

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
        return len(self.pred.get(src, ()))

    def linked(self, src: str) -> bool:
        """Whether any edge starts or ends at `src`."""
        return bool(self.pred.get(src) or self.succ.get(src))

    def edges(self) -> list[Edge]:
        return sorted((u, v, k, key) for u, targets in self.succ.items()
                      for v, kinds in targets.items() for k, key in kinds)


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
