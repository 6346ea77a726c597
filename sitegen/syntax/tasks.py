"""Task lists: `- [ ] open`, `- [x] done`; any other character in the brackets (`[?]`, `[-]`, `[>]`) also means done.

The character is kept in `data-task` for themes; the checkbox is disabled (a
static site cannot save it) and has an accessible name in the site's language.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

LABELS = {"ru": ("Выполнено", "Не выполнено"), "en": ("Done", "Not done")}
_LISTS = ("bullet_list_open", "ordered_list_open")
_LIST_ENDS = ("bullet_list_close", "ordered_list_close")


def task_marker(content: str) -> str | None:
    """The character in a leading `[c]`, or None when the text does not start a task."""
    if len(content) < 3 or content[0] != "[" or content[2] != "]" or content[1] == "\n":
        return None
    if len(content) > 3 and content[3] not in " \t\n":
        return None  # `[x](url)`, `[x]y`: a link or plain text
    return content[1]


def _mark_tasks(state: StateCore) -> None:
    tokens = state.tokens
    lists: list[Token] = []
    for i, tok in enumerate(tokens):
        if tok.type in _LISTS:
            lists.append(tok)
        elif tok.type in _LIST_ENDS:
            lists.pop()
        elif (tok.type == "list_item_open" and i + 2 < len(tokens)
              and tokens[i + 1].type == "paragraph_open" and tokens[i + 2].type == "inline"):
            inline = tokens[i + 2]
            char = task_marker(inline.content)
            if char is None:
                continue
            # Cut the marker before the inline rules run, so `[*]` or `[[]` cannot start
            # emphasis or a link. Newlines stay: they count lines for link positions.
            inline.content = inline.content[3:].lstrip(" \t")
            box = Token("task_checkbox", "input", 0, meta={"done": char != " "})
            inline.children = [box]  # the inline rule appends the parsed text after it
            tok.attrJoin("class", "task-list-item")
            tok.attrSet("data-task", char)
            if lists and "contains-task-list" not in str(lists[-1].attrGet("class") or ""):
                lists[-1].attrJoin("class", "contains-task-list")


def tasks_plugin(md: MarkdownIt, language: str = "ru") -> None:
    done, not_done = LABELS.get(language, LABELS["en"])

    def render_checkbox(self, tokens, idx, options, env) -> str:
        checked = " checked" if tokens[idx].meta["done"] else ""
        label = done if checked else not_done
        text_follows = idx + 1 < len(tokens) and tokens[idx + 1].type not in ("softbreak", "hardbreak")
        space = " " if text_follows else ""
        return (f'<input type="checkbox" class="task-list-item-checkbox" disabled{checked} '
                f'aria-label="{label}">{space}')

    # Before "inline" (see _mark_tasks) and after block ids, which strip a trailing
    # `^id` from the same text first.
    md.core.ruler.before("inline", "tasks", _mark_tasks)
    md.add_render_rule("task_checkbox", render_checkbox)
