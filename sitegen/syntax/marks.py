"""Highlights and comments: `==highlighted==`, `%%hidden%%` inline, and `%%` … `%%` block comments.

Comments never reach the output, and nothing inside them is parsed, so a
`[[link]]` or `#tag` in a comment is not recorded. `%%` inside code spans and
fences stays literal, and an unclosed `%%` is shown as written.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

COMMENT = "%%"
EQUALS = ord("=")


def _comment_end(state: StateBlock, start: int, line: int, end_line: int) -> tuple[int, int]:
    """(line, offset just past it) of the `%%` closing a comment opened at `start`, or (-1, -1).

    The first `%%` after the opener closes it, as in Obsidian, across blank lines
    but not out of the enclosing list item or quote.
    """
    at = state.src.find(COMMENT, start, state.eMarks[line])
    if at >= 0:
        return line, at + 2
    for nxt in range(line + 1, end_line):
        # A non-blank line indented less than the container (list item) leaves it.
        if state.sCount[nxt] < state.blkIndent and not state.isEmpty(nxt):
            break
        at = state.src.find(COMMENT, state.bMarks[nxt], state.eMarks[nxt])
        if at >= 0:
            return nxt, at + 2
    return -1, -1


def _block_comment(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith(COMMENT, pos):
        return False
    last, after = _comment_end(state, pos + 2, start_line, end_line)
    rest = state.src[after : state.eMarks[last]] if last >= 0 else ""
    if last < 0 or (last == start_line and rest.strip()):
        # Unclosed: shown as written. `%%a%% text` on one line: the paragraph's
        # inline rule hides just the comment and keeps the text.
        return False
    if silent:
        return True
    # No token, so the comment leaves no trace in the HTML or the facts; except a
    # separator between two lines of a tight list item, which render as bare text.
    # (blkIndent, not parentType: markdown-it's lheading rule leaves that at "paragraph".)
    if state.blkIndent and state.tokens and state.tokens[-1].type == "paragraph_close":
        state.push("comment_gap", "", 0).hidden = True  # hidden: a following block starts on a new line
    if not rest.strip():
        state.line = last + 1
        return True
    # Text after a closing `%%` on a later line stays: that line now starts after
    # the marker, the way the blockquote rule moves line starts past `>`.
    state.bMarks[last] = after
    state.tShift[last] = len(rest) - len(rest.lstrip(" \t"))
    state.sCount[last] = state.blkIndent
    state.line = last
    return True


def _inline_comment(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if not state.src.startswith(COMMENT, pos):
        return False
    end = state.src.find(COMMENT, pos + 2)
    if end < 0:
        return False  # unclosed: the `%` characters fall through to plain text
    end += 2
    # No stray space where the comment was at the start or the end of the text.
    if pos == 0 or state.src[pos - 1] == "\n":
        while end < state.posMax and state.src[end] in " \t":
            end += 1
    elif end >= state.posMax and not silent:
        state.pending = state.pending.rstrip(" \t")
    state.pos = end
    return True


def _render_gap(self, tokens, idx, options, env) -> str:
    between_bare_lines = (0 < idx < len(tokens) - 1 and tokens[idx - 1].hidden and tokens[idx + 1].hidden)
    return "\n" if between_bare_lines else ""


def _highlight_delimiters(state: StateInline, silent: bool) -> bool:
    """Push each `==` as a text token and a delimiter; balance_pairs pairs them later."""
    start = state.pos
    if silent or state.src[start] != "=":
        return False
    scanned = state.scanDelims(start, True)
    length = scanned.length
    if length < 2:
        return False
    if length % 2:
        # `===`: the odd `=` stays text in front; _highlight_tags moves it after a close.
        state.push("text", "", 0).content = "="
        length -= 1
    for _ in range(length // 2):
        state.push("text", "", 0).content = "=="
        # length=0 turns off emphasis' "rule of 3", which is about `*` runs only.
        state.delimiters.append(Delimiter(
            marker=EQUALS, length=0, token=len(state.tokens) - 1, end=-1,
            open=scanned.can_open, close=scanned.can_close,
        ))
    state.pos += scanned.length
    return True


def _pair_to_tags(state: StateInline, delimiters: list[Delimiter]) -> None:
    lone = []
    for delim in delimiters:
        if delim.marker != EQUALS or delim.end == -1:
            continue
        closer = delimiters[delim.end]
        for index, kind, nesting in ((delim.token, "mark_open", 1), (closer.token, "mark_close", -1)):
            token = state.tokens[index]
            token.type, token.tag, token.nesting = kind, "mark", nesting
            token.markup, token.content = "==", ""
        before = state.tokens[closer.token - 1]
        if before.type == "text" and before.content == "=":
            lone.append(closer.token - 1)
    # `====a===`-style runs leave one `=` right before a close; it belongs after it.
    while lone:
        i = lone.pop()
        j = i + 1
        while j < len(state.tokens) and state.tokens[j].type == "mark_close":
            j += 1
        j -= 1
        if i != j:
            state.tokens[i], state.tokens[j] = state.tokens[j], state.tokens[i]


def _highlight_tags(state: StateInline) -> None:
    _pair_to_tags(state, state.delimiters)
    for meta in state.tokens_meta:  # delimiters inside link text live here
        if meta and "delimiters" in meta:
            _pair_to_tags(state, meta["delimiters"])


def marks_plugin(md: MarkdownIt) -> None:
    # First of all block rules: a `%%` line must never start a table, fence, heading
    # or paragraph. It may also interrupt a paragraph, a list or a quote, so a
    # comment right under a line of text still hides headings and links inside it.
    md.block.ruler.before(
        "table", "comment_block", _block_comment, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.add_render_rule("comment_gap", _render_gap)
    # Before "escape" and every link, wikilink and tag rule, which record facts in env.
    md.inline.ruler.before("escape", "comment_inline", _inline_comment)
    md.inline.ruler.after("strikethrough", "highlight", _highlight_delimiters)
    # After balance_pairs has matched the delimiters, like strikethrough's own pass.
    md.inline.ruler2.after("strikethrough", "highlight", _highlight_tags)
