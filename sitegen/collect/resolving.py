"""Resolve one note's links: where each leads, the anchor it lands on, and what is wrong with it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..faults import attempt
from ..syntax.markdown import LinkFact, NoteFacts
from .links import LinkTarget, NameIndex, find_heading, parse_target, resolve
from .notefile import NoteRecord

# Link problems reported per note: a real note has a handful; a generated or pasted one can
# have 100,000, and printing each would bury every other diagnostic. Past the cap, one
# summary per code says how many more there are (README, "What is refused, and why").
MAX_LINK_PROBLEMS = 1000


@dataclass(frozen=True)
class Link:
    """A link fact with where it leads: a vault path (note or attachment) or None."""

    fact: LinkFact
    target: str | None
    kind: str = ""  # "note" or "attachment"
    anchor: str = ""  # element id on the target page
    lost: str = ""  # the heading or `^block` asked for when the target has none: no anchor


def _link_problem(src: str, fact: LinkFact, code: str, message: str) -> Diagnostic:
    return Diagnostic(src, fact.line, fact.col, code, message)


def _did_you_mean(wanted: str, choices, prefix: str = "") -> str:
    close = difflib.get_close_matches(wanted, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{prefix}{close[0]}'?" if close else ""


def block_anchor(facts: NoteFacts, block: str) -> str:
    """The element id a `#^block` link lands on: the block's own id, or the heading it ends."""
    start = next((first for ident, first, _ in facts.block_lines if ident == block), None)
    heading = next((h for h in facts.headings if h.line == start), None)
    return heading.id if heading is not None else "^" + block


def _anchor(src: str, fact: LinkFact, target: LinkTarget, dest: str,
            facts: NoteFacts) -> tuple[str, Diagnostic | None]:
    """The anchor a link to a heading or block of note `dest` lands on; a missing one is reported."""
    if target.block:
        if target.block in facts.block_ids:
            return block_anchor(facts, target.block), None
        return "", _link_problem(src, fact, "missing-block", f"'{dest}' has no block ^{target.block}"
                                 + _did_you_mean(target.block, facts.block_ids, "^"))
    heads = [(h.level, h.text, h.id, h.source) for h in facts.headings]
    found = find_heading(heads, target.headings)
    if found:
        return found, None
    return "", _link_problem(src, fact, "missing-heading", f"'{dest}' has no heading '{target.headings[-1]}'"
                             + _did_you_mean(target.headings[-1], [h.text for h in facts.headings]))


def resolve_links(
    record: NoteRecord, index: NameIndex, hidden: NameIndex, records: dict[str, NoteRecord]
) -> tuple[list[Link], list[Diagnostic]]:
    """Resolve every link of one note; problems are reported at the link's position.

    A Markdown link or image with a relative destination is a link into the vault, like
    a wikilink: when it matches nothing it is unresolved and reported, never left as a
    dead relative URL. A link to a missing heading or block goes to the note itself.
    """
    links, diags = [], []
    memo: dict = {}  # a target written many times in one note is looked up once
    for fact in record.facts.links + record.meta.links:
        link, problems = resolve_fact(fact, record.src, index, hidden, records, memo)
        links.append(link)
        diags += problems
    return links, cap_problems(record.src, diags)


def cap_problems(src: str, diags: list[Diagnostic], cap: int = MAX_LINK_PROBLEMS) -> list[Diagnostic]:
    """The first `cap` problems in source order, then one summary per code of the rest,
    placed at the first one it stands for (so that `--strict` still fails on them)."""
    if len(diags) <= cap:
        return diags
    ordered = sorted(diags, key=lambda d: (d.line, d.col, d.code, d.message))
    rest: dict[str, list] = {}
    for d in ordered[cap:]:
        rest.setdefault(d.code, [d, 0])[1] += 1
    summaries = [Diagnostic(src, first.line, first.col, code,
                            f"{count:,} more {code} problems in this note are not listed "
                            f"(at most {cap:,} link problems are shown per note)")
                 for code, (first, count) in sorted(rest.items())]
    return ordered[:cap] + summaries


def resolve_fact(fact: LinkFact, src: str, index: NameIndex, hidden: NameIndex | None,
                 records: dict[str, NoteRecord], memo: dict | None = None) -> tuple[Link, list[Diagnostic]]:
    """One link written in `src` (a note, or a canvas card) resolved, with its anchor and problems.
    `memo` keeps the lookups of one note's targets (the answer depends on the text alone)."""
    what = "embed" if fact.kind == "embed" else "link"
    looked = memo.get(fact.target) if memo is not None else None
    if looked is None:
        target = parse_target(fact.target)  # Markdown destinations arrive percent-decoded
        looked = (target, resolve(target, src, index, hidden))
        if memo is not None:
            memo[fact.target] = looked
    target, found = looked
    if found.src is None:
        if found.problem == "outside":
            problem = _link_problem(src, fact, "link-outside-vault",
                                    f"{what} target '{fact.target}' is outside the vault; not followed")
        elif found.problem == "unpublished":
            problem = _link_problem(src, fact, "link-to-unpublished",
                                    f"{what} to '{found.candidates[0]}', which is not published")
        else:
            problem = _link_problem(src, fact, "broken-link",
                                    f"{what} target '{fact.target}' matches no note or file")
        return Link(fact, None), [problem]
    diags = []
    if found.problem == "ambiguous":
        names = ", ".join(found.candidates)
        diags.append(_link_problem(src, fact, "ambiguous-link",
                                   f"'{fact.target}' matches {names}; chose {found.src}"))
    anchor, lost = "", ""
    if found.kind == "note" and (target.block or target.headings):
        anchor, problem = _anchor(src, fact, target, found.src, records[found.src].facts)
        if problem is not None:
            lost = target.anchor_text
            diags.append(problem)
    return Link(fact, found.src, found.kind, anchor, lost), diags


def resolve_safely(record: NoteRecord, index: NameIndex, hidden: NameIndex,
                   records: dict[str, NoteRecord]) -> tuple[list[Link], list[Diagnostic]]:
    """resolve_links, or no links and an internal-error when it fails on this note."""
    failed: list[Diagnostic] = []
    links, diags = attempt(record.src, "resolving links", failed,
                           lambda: resolve_links(record, index, hidden, records), ([], []))
    return links, diags + failed
