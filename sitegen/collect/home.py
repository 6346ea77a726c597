"""Which published note is the home page when `sitegen.toml` names none."""

from __future__ import annotations

from .notefile import NoteRecord

HOME_NAMES = ("index.md", "home.md", "readme.md")  # by preference, any letter case, at the root


def choose_home(published: list[str], records: dict[str, NoteRecord]) -> str:
    """The home page when none is configured: index.md, else Home.md, else README.md,
    else the note whose permalink is `/`; "" when there is none."""
    for name in HOME_NAMES:
        found = [s for s in published if s.casefold() == name]
        if found:
            return min(found)  # Home.md before home.md when a case-sensitive disk has both
    return next((s for s in published if records[s].meta.permalink.strip() == "/"), "")
