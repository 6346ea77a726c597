"""Related notes: the notes nearest to one note by shared tags and links (two hops), ranked (pure)."""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

from ..collect.model import tag_family

TAG_POINTS = 2  # each tag the two notes share
LINK_POINTS = 2  # a link between them, either way
HOP_POINTS = 1  # each note both link with (two hops)
# A tag or a note that nearly everything shares says nothing about any pair (and would cost
# notes × notes on a big vault): beyond this many members it does not count.
CROWD = 200


def related_notes(src: str, tags: Mapping[str, Iterable[str]], members: Mapping[str, Iterable[str]],
                  neighbours: Callable[[str], Iterable[str]], exclude: Iterable[str] = (),
                  limit: int = 5) -> list[str]:
    """Up to `limit` notes related to `src`, best first (ties by source path).

    `tags`: note → its tag keys; `members`: tag key → its notes; `neighbours(note)`: the notes it
    links to or is linked from. Notes in `exclude` (shown elsewhere on the page) are left out."""
    scores: dict[str, int] = {}

    def add(note: str, points: int) -> None:
        scores[note] = scores.get(note, 0) + points

    for key in tags.get(src, ()):
        crowd = list(members.get(key, ()))
        if len(crowd) <= CROWD:
            for note in crowd:
                add(note, TAG_POINTS)
    near = set(neighbours(src))
    for note in near:
        add(note, LINK_POINTS)
        hops = set(neighbours(note))
        if len(hops) <= CROWD:
            for hop in hops:
                add(hop, HOP_POINTS)
    left_out = set(exclude) | {src}
    ranked = sorted((item for item in scores.items() if item[0] not in left_out), key=lambda i: (-i[1], i[0]))
    return [note for note, _ in ranked[:limit]]


SHOW_BELOW = 5  # a note with fewer backlinks than this gets a related-notes block


class LinkIndex:
    """Who links with whom in one site model, read from its links (not its graph, which a live
    rebuild updates in place, so that the previous model could not answer any more)."""

    def __init__(self, model) -> None:
        self.links = model.links  # what it was made from (see link_index)
        self.out: dict[str, frozenset[str]] = {}
        linked_from: dict[str, set[str]] = {}
        for src, links in model.links.items():
            targets = _targets(src, links)
            if targets:
                self.out[src] = targets
                for target in targets:
                    linked_from.setdefault(target, set()).add(src)
        self.linked_from = {t: frozenset(s) for t, s in linked_from.items()}

    def neighbours(self, src: str) -> frozenset[str]:
        """The notes `src` links to or is linked from."""
        return self.out.get(src, frozenset()) | self.linked_from.get(src, frozenset())

    def derived(self, model) -> "LinkIndex | None":
        """The index of a model whose links are this one's with a few notes' lists replaced
        (a live or resumed rebuild keeps every other list as the same object), made from this
        one without walking 100,000 links again; None when too much changed. Sets are never
        changed in place, so this index keeps answering for its own model."""
        links = model.links
        changed = [s for s in set(self.links) | set(links) if self.links.get(s) is not links.get(s)]
        if len(changed) > max(64, len(links) // 8):
            return None
        new = object.__new__(LinkIndex)
        new.links, new.out, new.linked_from = links, dict(self.out), dict(self.linked_from)
        for src in changed:
            for target in self.out.get(src, ()):
                new.linked_from[target] = new.linked_from[target] - {src}
            targets = _targets(src, links.get(src, ()))
            if targets:
                new.out[src] = targets
            else:
                new.out.pop(src, None)
            for target in targets:
                new.linked_from[target] = new.linked_from.get(target, frozenset()) | {src}
        return new


def _targets(src: str, links) -> frozenset[str]:
    return frozenset(link.target for link in links
                     if link.kind == "note" and link.target and link.target != src)


# The index made last: the next model (a live rebuild's, a resumed build's) is mostly the same
# links, and deriving its index from this one is what keeps an edit's first page quick.
_last: list[LinkIndex] = []


def link_index(model) -> LinkIndex:
    """The model's LinkIndex, made once: a model's links are never changed in place (a live
    rebuild makes a new model), and a resumed build asked for each model's twice."""
    index = getattr(model, "_link_index", None)
    if index is None or index.links is not model.links:
        index = _last[0].derived(model) if _last else None
        if index is None:
            index = LinkIndex(model)
        model._link_index = index
        _last[:] = [index]
    return index


def model_related(model, src: str, index: LinkIndex) -> list[str]:
    """The related notes a note's page shows: none when SHOW_BELOW notes or more link to it;
    the notes it links with directly are on the page already, and left out."""
    if len(index.linked_from.get(src, ())) >= SHOW_BELOW:
        return []
    note = model.notes[src]
    members = {key: model.tags[key].notes for key in note.tags if key in model.tags}
    found = related_notes(src, {src: note.tags}, members, index.neighbours, exclude=index.neighbours(src))
    return [s for s in found if s in model.notes]


def related_changes(old, new, changed: set[str]) -> set[str]:
    """Notes of `new` whose related-notes block differs from `old`'s, given the notes whose tags,
    links or card (title, URL, description) changed: only their tag-mates and the notes within
    two links of them can be affected, and of those only the ones whose list really differs."""
    pairs = [(old, link_index(old)), (new, link_index(new))]
    candidates: set[str] = set()
    for model, index in pairs:
        near = index.neighbours
        for src in changed:
            if src not in model.notes:
                continue
            one = near(src)
            candidates |= {src} | one
            for note in one:
                candidates |= near(note)
            for key in tag_family(model.notes[src].tags):
                if key in model.tags:
                    candidates.update(model.tags[key].notes)

    def cards(pair, src: str) -> list[tuple]:
        model, index = pair
        return [(model.notes[s].title, model.notes[s].url, model.notes[s].meta.description)
                for s in model_related(model, src, index)]

    return {src for src in candidates if src in new.notes
            and (src not in old.notes or cards(pairs[0], src) != cards(pairs[1], src))}
