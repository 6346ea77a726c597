"""```base code blocks: recorded in env for the collect phase, rendered as a placeholder the emit phase fills."""

from __future__ import annotations

from markdown_it import MarkdownIt

from . import EMBED_CLOSE, EMBED_OPEN
from .code import fence_language

BASE_PREFIX = "base:"  # the placeholder is EMBED_OPEN + "base:" + n + EMBED_CLOSE


def base_placeholder(n: int) -> str:
    return f"{EMBED_OPEN}{BASE_PREFIX}{n}{EMBED_CLOSE}"


def _record_blocks(state) -> None:
    """Number the ```base fences in document order; env["base_blocks"] holds (YAML, first
    content line, 0-based within the body) for each."""
    found = state.env.setdefault("base_blocks", [])
    for token in state.tokens:
        if token.type == "fence" and fence_language(token.info).lower() == "base":
            token.meta = dict(token.meta or {}, base_block=len(found))
            found.append((token.content, (token.map[0] + 1) if token.map else 0))


def baseblocks_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("base_blocks", _record_blocks)
    previous = md.renderer.rules.get("fence")

    def render(self, tokens, idx, options, env) -> str:
        n = (tokens[idx].meta or {}).get("base_block")
        if n is not None:
            return base_placeholder(n) + "\n"
        if previous is not None:
            return previous(tokens, idx, options, env)  # already bound
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("fence", render)
