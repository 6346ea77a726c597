"""Backlinks as the note page shows them: one plain list when short, grouped by folder when long."""

from __future__ import annotations

from typing import Callable

from ..i18n import collation_key

# Above this many backlinks a flat list is hard to scan: the page groups them by folder.
GROUP_ABOVE = 10


def folder_label(folder: str, folder_title: Callable[[str], str], home: str) -> str:
    """A folder named by the titles of its path, "Практики › Роли"; the vault root is `home`."""
    if not folder:
        return home
    parts = folder.split("/")
    return " › ".join(folder_title("/".join(parts[: i + 1])) for i in range(len(parts)))


def group_backlinks(backlinks: list[dict], folder_title: Callable[[str], str], home: str,
                    lang: str) -> list[dict]:
    """`backlinks` (already in reading order) as groups {"title", "links"}: a single untitled
    group up to GROUP_ABOVE entries, else one group per folder, the folders in collation order
    of their labels (the vault root first)."""
    if len(backlinks) <= GROUP_ABOVE:
        return [{"title": "", "links": backlinks}] if backlinks else []
    groups: dict[str, list[dict]] = {}
    for link in backlinks:
        groups.setdefault(link.get("folder", ""), []).append(link)
    labelled = [(folder, folder_label(folder, folder_title, home)) for folder in groups]
    labelled.sort(key=lambda fl: (fl[0] != "", collation_key(fl[1], lang), fl[0]))
    return [{"title": label, "links": groups[folder]} for folder, label in labelled]
