"""Obsidian-flavoured Markdown for markdown-it-py: one plugin per construct, bundled by obsidian_plugin.

The parser itself (`markdown.py`: parse to tokens and facts, render to HTML blocks) and the
raw-HTML sanitizer (`sanitize.py`, applied per raw tag by `rawhtml.py`) live here too.

Contract shared by every plugin here:

- A plugin is `xxx_plugin(md, **options)`; it adds parse rules and render rules
  and never touches the file system or the site.
- Parse rules record what they find in `token.meta` (and, where useful, in
  `env`); `sitegen.markdown.collect_facts` reads those tokens afterwards.
- Render rules that need the rest of the vault ask `env` (see sitegen.markdown.RenderEnv):
  `env["resolve_link"](raw_target, markdown=False)` → dict or None,
  `env["tag_href"](tag)` → href. Internal hrefs start with ROOT, a marker that
  the page writer replaces with the relative path back to the site root.
- Nothing is ever matched with a regex over the raw Markdown: code spans and
  fences stay literal because the rules run inside markdown-it's tokenizer.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

# Internal hrefs are written as ROOT + site-relative URL; the page writer turns
# ROOT into "../" * depth. A private-use character cannot come from the vault:
# sitegen.vault strips these characters from note text on read.
ROOT = "\ue000"
EMBED_OPEN = "\ue002"
EMBED_CLOSE = "\ue003"
PRIVATE_MARKERS = (ROOT, EMBED_OPEN, EMBED_CLOSE)


def obsidian_plugin(md: MarkdownIt, language: str = "ru") -> None:
    """Enable every Obsidian construct. Order matters where noted."""
    from .baseblocks import baseblocks_plugin
    from .blockids import blockids_plugin
    from .callouts import callouts_plugin
    from .code import code_plugin
    from .embeds import embeds_plugin
    from .headings import headings_plugin
    from .marks import marks_plugin
    from .mathblocks import math_plugin
    from .mdlinks import mdlinks_plugin
    from .rawhtml import rawhtml_plugin
    from .tags import tags_plugin
    from .tasks import tasks_plugin
    from .wikilinks import wikilinks_plugin

    marks_plugin(md)  # comments first: nothing inside %%…%% may be parsed
    embeds_plugin(md)  # `![[` must win over `!` + `[[`
    wikilinks_plugin(md)
    tags_plugin(md)
    math_plugin(md)
    code_plugin(md)
    baseblocks_plugin(md)  # after code: it wraps the fence renderer
    callouts_plugin(md)  # rewrites blockquotes before block ids look at them
    blockids_plugin(md)
    tasks_plugin(md, language=language)
    headings_plugin(md, language=language)
    mdlinks_plugin(md)
    rawhtml_plugin(md)
