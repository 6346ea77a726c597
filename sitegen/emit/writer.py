"""Phase 2, emit: render every planned page with the theme and write the site (staged, then swapped in)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..collect.model import Model
from ..diagnostics import Diagnostic
from .embedding import Embedder
from .canvas_page import CanvasRenderer
from .fallback import page_or_notice
from ..faults import attempt
from ..gcpause import collector_paused
from .feeds import atom_feed, nav_json, robots, sitemap
from ..i18n import strings as ui_strings
from ..syntax.markdown import RenderedBody
from .attachments import prepare
from ..config import is_url
from .manifest import PageManifest, input_hash, theme_salt
from .output import DirectOutput, StagedOutput
from ..search.documents import SearchDocument
from ..search.site_index import site_update
from ..search.state import IndexState
from .pages import Contexts, Page, plan_pages
from .graphfiles import graph_data, graph_view_data
from .view_pages import has_views, view_context, view_search_documents
from ..collect.slugs import output_file, root_prefix
from ..syntax import ROOT
from .theme import Theme, script_strings
from ..forked import fork_each


def _canonical(model: Model, url: str) -> str:
    base = model.config.base_url
    return (base.rstrip("/") + "/" + url) if base else ""


def mermaid_url(setting: str) -> str:
    """A URL as given, or the site path a vault file is copied to (see emit_site)."""
    if not setting or "://" in setting:
        return setting
    return "static/vendor/" + setting.replace("\\", "/").rsplit("/", 1)[-1]


def page_context(ctx: Contexts, page: Page) -> dict:
    """The template context of one page (see the contract in sitegen.theme)."""
    model = ctx.model
    config = model.config
    data: dict = {}
    title, description = config.title, config.description
    if page.kind == "note":
        data["note"] = ctx.note(page.key)
        title, description = data["note"]["title"], data["note"]["description"] or description
    elif page.kind == "home":
        data["note"] = ctx.note(page.key) if page.key else None
        data["overview"] = ctx.overview()
        if data["note"]:
            description = data["note"]["description"] or description
    elif page.kind == "folder":
        data["folder"] = ctx.folder(page.key, page.part)
        title = data["folder"]["title"]
    elif page.kind == "tags":
        data["tags"] = ctx.all_tags()
        title = ctx.strings["all_tags"]
    elif page.kind == "tag":
        data["tag"] = ctx.tag(page.key, page.part)
        title = "#" + data["tag"]["name"]
    elif page.kind == "missing":
        data["missing"], data["missing_more"] = ctx.missing()
        title = ctx.strings["missing_title"]
    elif page.kind == "404":
        title = ctx.strings["not_found_title"]
    elif page.kind == "graph":
        title = ctx.strings["graph"]
    elif page.kind in ("base", "canvas"):
        data["view"] = view_context(ctx, page.key, ctx.embedder.canvas_page)
        title = data["view"]["title"]
    elif page.kind == "redirect":
        target = model.notes[page.key]
        data["target"] = {"title": target.title, "url": target.url,
                          "canonical": _canonical(model, target.url)}
        title = target.title
    if page.part > 1:
        title += " · " + ctx.strings["page_number"].format(n=page.part)
    data["site"] = {
        "title": config.title, "description": config.description, "language": config.language,
        "base_url": config.base_url, "base_path": config.base_path,
        "mermaid_script": mermaid_url(config.mermaid_script),
        "search": config.search, "feed": ctx.has_feed, "has_missing": ctx.has_missing,
    }
    main = data.get("note") or data.get("view") or (data.get("folder") or {}).get("intro") or {}
    data["page"] = {"kind": page.kind, "url": page.url, "title": title,
                    "description": description, "canonical": _canonical(model, page.url),
                    "has_mermaid": '<pre class="mermaid">' in main.get("html", ""),
                    "has_code": '<pre class="highlight">' in main.get("html", ""),
                    "has_views": page.kind in ("base", "canvas") or has_views(main.get("html", ""))}
    data["t"] = ctx.strings
    return data


def render_page(theme: Theme, ctx: Contexts, page: Page, context: dict | None = None) -> str:
    with collector_paused():
        html = theme.render(page.template, context if context is not None else page_context(ctx, page))
    # The 404 page is served at any depth: its links are site-relative under <base href>.
    return html.replace(ROOT, "" if page.kind == "404" else root_prefix(page.url))


@dataclass
class Emitted:
    pages: int
    diagnostics: list[Diagnostic]
    search_seconds: float = 0.0
    search_state: IndexState | None = None  # what the next rebuild updates (sitegen.search.state)


# Pages a search engine or a feed reader should know about.
LISTED = {"home", "note", "folder", "tag", "tags", "base", "canvas"}


def data_files(model: Model, ctx: Contexts, pages: list[Page]) -> dict[str, str]:
    """The JSON, XML and text files beside the pages."""
    files = {
        "graph.json": graph_data(model),
        "graph-view.json": graph_view_data(model),
        "nav.json": nav_json(model, ctx.folder_title),
        "sitemap.xml": sitemap(model, [p.url for p in pages if p.kind in LISTED]),
        "robots.txt": robots(model),
        "static/js/strings.js": script_strings(ctx.strings),
    }
    feed = atom_feed(model)
    if feed:
        files["feed.xml"] = feed
    return files


def extra_search_documents(model: Model) -> list[SearchDocument]:
    """The search documents of pages that are not notes (see sitegen.search.documents)."""
    return view_search_documents(model)


def write_search(out: StagedOutput | DirectOutput, model: Model,
                 previous: IndexState | None = None) -> tuple[float, IndexState, set[str]]:
    """Write the search index, or only what changed since `previous`; returns the seconds it
    took, the index's new state and the files it no longer has (for the caller to remove)."""
    started = time.perf_counter()
    state, files, gone = site_update(previous, model, extra_search_documents(model), out.write_text)
    for rel in sorted(files):
        out.write_text(rel, files[rel])
    return time.perf_counter() - started, state, gone


def copied_files(model: Model, theme: Theme, vault: Path, attachments: dict[str, Path]) -> dict[str, Path]:
    """Site path → source file: theme assets, used attachments, a configured mermaid script."""
    files = {"static/" + rel: path for rel, path in theme.static_files().items()}
    files.update((url, attachments[src]) for src, url in model.files.items())
    script = model.config.mermaid_script
    if script and not is_url(script):
        files[mermaid_url(script)] = (vault / script).resolve()  # inside the vault: see sitegen.config
    return files


def write_copies(out: StagedOutput | DirectOutput, model: Model, files: dict[str, Path]) -> list[Diagnostic]:
    """Copy files into the site; attachments go through the attachment policy (sitegen.emit.attachments)."""
    sources = {url: src for src, url in model.files.items()}
    found: list[Diagnostic] = []
    for rel, path in files.items():
        if rel in sources:
            data, said = attempt(sources[rel], "preparing the attachment", found,
                                 lambda: prepare(sources[rel], path, model.config.trust_html), (None, []))
            found += said
            if data is not None:
                out.write_bytes(rel, data)
            continue
        try:
            out.copy(rel, path)
        except OSError as exc:  # a theme or script file that is a symlink or cannot be read
            found.append(Diagnostic(str(path), 1, 1, "unsafe-attachment",
                                    f"not published as {rel}: {exc.strerror or exc}"))
    return found


def check_templates(theme: Theme, ctx: Contexts, pages: list[Page], tries: int = 3,
                    carried: Callable[[Page, dict], bool] = lambda page, context: False) -> dict[str, tuple]:
    """A template's own error shows here, once and in this process, not in every forked
    writer. It is the template's when its first few pages all fail; one failing page
    is that page's problem (see write_page). Returns page URL → (context, HTML or None) of
    the pages met here, so that none is rendered twice (the tags index of a vault of
    100,000 tags is one). A page the last build made from the same inputs (`carried`) is
    not rendered: its template is the one that worked then."""
    by_template: dict[str, list[Page]] = {}
    for page in pages:
        by_template.setdefault(page.template, []).append(page)
    done: dict[str, tuple] = {}
    for group in by_template.values():
        for n, page in enumerate(group[:tries]):
            try:
                context = page_context(ctx, page)
                done[page.url] = (context, None if carried(page, context)
                                  else render_page(theme, ctx, page, context))
                break
            except Exception:
                if n == min(tries, len(group)) - 1:
                    raise
    return done


def make_contexts(model: Model, bodies: dict[str, RenderedBody]) -> Contexts:
    strings = ui_strings(model.config.language)
    embedder = Embedder(model, bodies, strings)
    boards = CanvasRenderer(model, embedder, strings)
    embedder.canvas_preview, embedder.canvas_page = boards.preview, boards.page
    return Contexts(model, embedder, strings)


def emit_site(
    model: Model, bodies: dict[str, RenderedBody], theme: Theme, vault: Path, out: Path,
    attachments: dict[str, Path], tick: Callable[[], None] = lambda: None,
    cache_dir: Path | None = None,
) -> Emitted:
    """Render and write everything into a staging folder, index it, then swap it in.
    With a `cache_dir`, pages built from the same inputs as last time are carried over
    from the old site (sitegen.emit.manifest) instead of rendered."""
    ctx = make_contexts(model, bodies)
    pages = plan_pages(model)[0]
    diags: list[Diagnostic] = []
    staged = StagedOutput(out)
    manifest = PageManifest(cache_dir, out, staged.stage)
    salt = theme_salt(theme)
    search_seconds, search_state = 0.0, None

    checked: dict[str, tuple] = {}  # pages check_templates rendered already
    digests: dict[str, str | None] = {}  # of those pages

    def digest_of(page: Page, context: dict) -> str | None:
        """What the page is made from; nothing to compare with and no need to hash without
        a cache (a page of 100,000 tags is megabytes of JSON to hash)."""
        if cache_dir is None:
            return None
        if page.url not in digests:
            digests[page.url] = input_hash(salt, (page.kind, page.url, page.template), context)
        return digests[page.url]

    def write_page(page: Page) -> Diagnostic | None:
        rel = output_file(page.url)
        early = checked.get(page.url)
        try:
            context = early[0] if early else page_context(ctx, page)
            digest = digest_of(page, context)
        except Exception:  # noqa: BLE001 - rendered below, where the failure becomes a notice page
            context = digest = None
        if digest is not None and manifest.carry(rel, digest):
            return None
        if early and early[1] is not None:
            html, problem = early[1], None
        else:
            html, problem = page_or_notice(lambda: render_page(theme, ctx, page, context),
                                           page.key or page.url, page.url)
        staged.write_text(rel, html)
        if problem is None and digest is not None:
            manifest.record(rel, digest)  # a notice page is never carried: the next build says why again
        return problem

    try:
        checked = check_templates(theme, ctx, pages, carried=lambda page, context: manifest.unchanged(
            output_file(page.url), digest_of(page, context)))
        # Embeds expand here once, so the budget's warnings are seen; the forks inherit the bodies.
        diags += ctx.embedder.limit_problems(model.notes)
        # Rendering is pure and reads only memory: forked processes share the pages.
        diags += fork_each(pages, write_page, model.config.jobs, lambda n: [tick() for _ in range(n)])
        manifest.gather()
        others = data_files(model, ctx, pages)
        for rel, text in others.items():
            staged.write_text(rel, text)
        diags += write_copies(staged, model, copied_files(model, theme, vault, attachments))
        if model.config.search:
            search_seconds, search_state, _ = write_search(staged, model)
        manifest.save()
        staged.commit()
    except BaseException:
        manifest.discard()
        staged.abort()
        raise
    return Emitted(len(pages), diags, search_seconds, search_state)
