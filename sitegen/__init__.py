"""sitegen: publish an Obsidian-style Markdown vault as a static site."""

__version__ = "0.1.0"
