"""Machine-readable companions of the site: sitemap.xml, an Atom feed of dated notes, robots.txt, nav.json."""

from __future__ import annotations

import datetime as dt
import json
from xml.sax.saxutils import escape, quoteattr

from ..collect.model import Model
from ..i18n import collation_key
from ..textsafe import xml_text
from ..collect.slugs import ascii_href, page_url

FEED_SIZE = 30


def absolute(model: Model, url: str) -> str:
    """An absolute URL when base_url is configured, else a root-relative one."""
    base = model.config.base_url.rstrip("/") if model.config.base_url else ""
    # Crawlers and feed readers get plain ASCII URLs; pages keep readable ones (encode_href).
    return (base or "") + "/" + ascii_href(url) if base else model.config.base_path + ascii_href(url)


def sitemap(model: Model, urls: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in sorted(set(urls)):
        lines.append(f"<url><loc>{escape(absolute(model, url))}</loc></url>")
    lines.append("</urlset>")
    return xml_text("\n".join(lines) + "\n")


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(model: Model) -> str | None:
    dated = sorted((n for n in model.notes.values() if n.meta.date),
                   key=lambda n: (-n.meta.date.timestamp(), n.src))[:FEED_SIZE]
    if not dated:
        return None
    updated = max(n.meta.date for n in dated)
    home = absolute(model, "")
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(model.config.language)}>',
           f"<title>{escape(model.config.title)}</title>",
           f"<id>{escape(home)}</id>",
           f'<link rel="alternate" type="text/html" href={quoteattr(home)}/>',
           f'<link rel="self" type="application/atom+xml" href={quoteattr(absolute(model, "feed.xml"))}/>',
           f"<updated>{_stamp(updated)}</updated>",
           f"<author><name>{escape(model.config.title)}</name></author>"]
    for note in dated:
        link = absolute(model, note.url)
        out += ["<entry>", f"<title>{escape(note.title)}</title>", f"<id>{escape(link)}</id>",
                f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>',
                f"<updated>{_stamp(note.meta.date)}</updated>"]
        if note.meta.description:
            out.append(f"<summary>{escape(note.meta.description)}</summary>")
        out += [f'<category term={quoteattr(model.tags[k].name)}/>' for k in note.tags]
        out.append("</entry>")
    out.append("</feed>")
    return xml_text("\n".join(out) + "\n")  # a title may hold a control character


def robots(model: Model) -> str:
    """robots.txt; its Sitemap line must be an absolute URL, so it is left out without base_url."""
    text = "User-agent: *\nAllow: /\n"
    return text + f"Sitemap: {absolute(model, 'sitemap.xml')}\n" if model.config.base_url else text


def nav_json(model: Model, folder_title) -> str:
    """Folders and notes for the explorer, in the site language's order."""
    lang = model.config.language
    folders = [{"path": f, "title": folder_title(f), "url": page_url(slug)}
               for f, slug in model.plan.folders.items()]
    folders.sort(key=lambda f: (collation_key(f["title"], lang), f["path"]))
    notes = [{"title": n.title, "url": n.url, "folder": n.folder}
             for n in model.notes.values() if n.src != model.config.home]
    notes.sort(key=lambda n: (collation_key(n["title"], lang), n["url"]))
    return json.dumps({"folders": folders, "notes": notes}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")) + "\n"
