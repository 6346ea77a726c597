"""Embeds: `![[Note]]`, `![[Note#Heading]]`, `![[Note#^block]]`, `![[img.png|200]]`, audio, video, PDF.

Images, audio, video and PDF render here. Notes (and other files) render as a
placeholder EMBED_OPEN + n + EMBED_CLOSE that sitegen.embedding replaces once every
note is rendered, because the embedded note may be rendered in another process.
A paragraph is split around such a placeholder, so a block never sits in a `<p>`.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from . import EMBED_CLOSE, EMBED_OPEN
from .text import locate
from .wikilinks import default_label, render_unresolved, scan_brackets, split_wikilink

IMAGE = {"avif", "bmp", "gif", "jpeg", "jpg", "png", "svg", "webp"}
AUDIO = {"flac", "m4a", "mp3", "ogg", "wav", "3gp"}
VIDEO = {"mkv", "mov", "mp4", "ogv", "webm"}
MEDIA = IMAGE | AUDIO | VIDEO | {"pdf"}
_SIZE = re.compile(r"^(\d+)(?:x(\d+))?$")


def media_kind(target: str) -> str | None:
    """'image', 'audio', 'video', 'pdf' for media file names, None for notes and other files."""
    path = target.partition("#")[0].strip()
    ext = path.rpartition(".")[2].lower() if "." in path else ""
    if ext in IMAGE:
        return "image"
    if ext in AUDIO:
        return "audio"
    if ext in VIDEO:
        return "video"
    return "pdf" if ext == "pdf" else None


def _parse_embed(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if not state.src.startswith("![[", pos) or state.linkLevel > 0:
        return False
    end = scan_brackets(state, pos + 3)
    if end < 0:
        return False
    target, label = split_wikilink(state.src[pos + 3 : end])
    if not target:
        return False
    if not silent:
        token = state.push("embed", "div", 0)
        kind = media_kind(target)
        index = state.env.get("embed_count", 0)
        state.env["embed_count"] = index + 1
        token.content = label if label is not None else default_label(target)
        raw = state.src[pos : end + 2]
        token.meta = {"target": target, "label": label, "index": index, "media": kind,
                      "raw": raw, **locate(state.src, pos)}
        state.env.setdefault("embeds", []).append(token.meta)
    state.pos = end + 2
    return True


def image_size(label: str | None) -> tuple[str, str, str]:
    """Obsidian's image sizes at the end of a label: `200`, `640x480`, `alt|200` → (alt, width, height)."""
    if not label:
        return "", "", ""
    alt, _, last = label.rpartition("|")
    size = _SIZE.match(last.strip())
    if size is None:
        return label, "", ""
    return alt.strip(), size.group(1), size.group(2) or ""


def size_attrs(width: str, height: str) -> str:
    return (f' width="{width}"' if width else "") + (f' height="{height}"' if height else "")


def _render_media(kind: str, href: str, name: str, label: str | None, fragment: str) -> str:
    # An attachment has no headings: the link's anchor (`#page-3` from `#page=3`) is dropped.
    src = escapeHtml(href.partition("#")[0])
    if kind == "image":
        alt, width, height = image_size(label)
        return (f'<img class="embed-image" src="{src}" alt="{escapeHtml(alt or name)}"'
                f'{size_attrs(width, height)} loading="lazy">')
    if kind == "audio":
        return f'<audio class="embed-audio" controls preload="metadata" src="{src}"></audio>'
    if kind == "video":
        return f'<video class="embed-video" controls preload="metadata" src="{src}"></video>'
    # PDF keeps `#page=N` so the browser's viewer opens at that page.
    page = "#" + fragment if fragment.startswith("page=") else ""
    return (f'<iframe class="embed-pdf" src="{src}{escapeHtml(page)}" '
            f'title="{escapeHtml(name)}" loading="lazy"></iframe>')


def _render_embed(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    if meta["media"] is None:
        end = "\n" if tokens[idx].block else ""
        return f"{EMBED_OPEN}{meta['index']}{EMBED_CLOSE}{end}"
    resolve = env.get("resolve_link")
    found = resolve(meta["target"]) if resolve else None
    if found is None:
        return render_unresolved(tokens[idx].content, meta["target"])
    name = meta["target"].partition("#")[0].strip().rpartition("/")[2]
    return _render_media(meta["media"], found["href"], name, meta["label"],
                         meta["target"].partition("#")[2].strip())


def _is_block_embed(tok: Token) -> bool:
    return tok.type == "embed" and tok.meta.get("media") is None


def _blank(tok: Token) -> bool:
    return tok.type in ("softbreak", "hardbreak") or (tok.type == "text" and not tok.content.strip())


def _lift_embeds(state: StateCore) -> None:
    """Split paragraphs around note embeds: `<p>a</p><div class=embed>…</div><p>b</p>`."""
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (tok.type == "paragraph_open" and i + 2 < len(tokens)
                and any(_is_block_embed(c) for c in tokens[i + 1].children or ())):
            inline, close = tokens[i + 1], tokens[i + 2]
            run: list[Token] = []
            labelled = tok.attrGet("id") is not None
            if labelled:  # a block id stays on one element holding all the pieces
                out.append(Token("embed_group_open", "div", 1, attrs=dict(tok.attrs), map=tok.map,
                                 level=tok.level, block=True))
                tok = _copy(tok)
                tok.attrs = {}

            def flush() -> None:
                while run and _blank(run[0]):
                    run.pop(0)
                while run and _blank(run[-1]):
                    run.pop()
                if run and run[0].type == "text":
                    run[0] = _with_content(run[0], run[0].content.lstrip())
                if run and run[-1].type == "text":
                    run[-1] = _with_content(run[-1], run[-1].content.rstrip())
                if run:
                    piece = Token("inline", "", 0, children=list(run), map=inline.map,
                                  level=inline.level, block=True)
                    out.extend([_copy(tok), piece, _copy(close)])
                run.clear()

            for child in inline.children or ():
                if _is_block_embed(child):
                    flush()
                    child.block = True
                    child.level = tok.level
                    child.map = inline.map
                    out.append(child)
                else:
                    run.append(child)
            flush()
            if labelled:
                out.append(Token("embed_group_close", "div", -1, level=tok.level, block=True))
            i += 3
            continue
        out.append(tok)
        i += 1
    state.tokens[:] = out


def _copy(tok: Token) -> Token:
    return tok.copy()


def _with_content(tok: Token, content: str) -> Token:
    tok = tok.copy()
    tok.content = content
    return tok


def embeds_plugin(md: MarkdownIt) -> None:
    # Before "image" and before "wikilink": `![[` would otherwise read as `!` + `[[…]]`.
    md.inline.ruler.before("image", "embed", _parse_embed)
    md.add_render_rule("embed", _render_embed)
    md.core.ruler.after("inline", "lift_embeds", _lift_embeds)
