"""Watch mode for bases and canvases: which pages to re-render when notes change (bases read every note's properties)."""

from __future__ import annotations

from ..collect.model import Model


def _host_key(model: Model, src: str) -> tuple[str, str] | None:
    if src in model.views:
        return (model.views[src].kind, src)
    if src not in model.notes:
        return None
    if src == model.config.home:
        return ("home", "")
    intro_of = {intro: folder for folder, intro in model.plan.intros.items()}
    return ("folder", intro_of[src]) if src in intro_of else ("note", src)


def view_pages_affected(old: Model, new: Model, bodies: set[str], named: set[str]) -> set[tuple[str, str]]:
    """Page keys to re-render: every page showing a base whose rows or cells changed (or that
    names a retitled note), every canvas page and preview when a body it may show changed,
    and the notes whose base/canvas backlinks changed."""
    before = old.view_facts.results if old.view_facts else {}
    after = new.view_facts.results if new.view_facts else {}
    hosts = {host for (host, key), result in after.items()
             if named or before.get((host, key)) != result}
    hosts |= {host for host, key in before.keys() - after.keys()}
    if bodies or named:
        for model in (old, new):
            canvases = {s for s, d in model.views.items() if d.kind == "canvas"}
            hosts |= canvases
            hosts |= {s for s, links in model.links.items() for l in links if l.target in canvases}
    for src in old.views.keys() | new.views.keys():  # an edited .base or .canvas file
        if old.views.get(src) != new.views.get(src):
            hosts.add(src)
            hosts |= {s for model in (old, new) for s, links in model.links.items()
                      for l in links if l.target == src}
    old_edges = set(old.view_facts.edges) if old.view_facts else set()
    new_edges = set(new.view_facts.edges) if new.view_facts else set()
    hosts |= {target for _, target, _, _ in old_edges ^ new_edges}
    return {k for k in (_host_key(new, h) for h in hosts) if k is not None}
