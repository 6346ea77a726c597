"""`sitegen init`: a starter vault, a commented sitegen.toml and a publishing workflow, ready to push."""

from __future__ import annotations

import sys
from pathlib import Path

FILES = {
    "vault/index.md": """---
title: Моя база знаний
tags: [навигация]
---
Добро пожаловать! Это главная страница. Начните с заметки [[Первая заметка]]
или посмотрите, [[Вторая заметка#Как связаны заметки|как связаны заметки]].

> [!tip] Как публиковать
> Сохраните изменения, отправьте их в `main` — сайт соберётся и опубликуется сам.
""",
    "vault/Заметки/Первая заметка.md": """---
aliases: [Первая]
tags: [пример/заметка]
description: Образец заметки со свойствами, ссылками и тегами.
---
Это заметка с ==выделением==, тегом #пример и ссылкой на [[Вторая заметка]].

## Что попробовать
- [x] открыть сайт командой `sitegen serve vault`
- [ ] изменить этот текст и сохранить файл — страница в браузере обновится сама
""",
    "vault/Заметки/Вторая заметка.md": """---
tags: [пример/заметка]
---
## Как связаны заметки
Ссылка `[[Первая заметка]]` ведёт сюда же: [[Первая заметка]]. Под каждой заметкой
сайт показывает обратные ссылки — кто на неё ссылается.

![[Первая заметка#Что попробовать]]
""",
    "vault/sitegen.toml": """# sitegen configuration. Every key is optional; an unknown key is an error.

title = "Моя база знаний"
description = "Заметки, опубликованные с помощью sitegen."

# The address the site is published at; canonical URLs, the feed and the sitemap use it.
# The publishing workflow passes it with --base-url, so it can stay commented out.
# base_url = "https://example.github.io/my-notes/"

language = "ru"          # "ru" or "en": interface strings, dates and sorting (default: from the notes)
# exclude = ["templates", "Templates", "Шаблоны", "private"]   # folder names never published, at any depth
# url_style = "unicode"  # "ascii" transliterates URLs (Заметка → zametka)
# home = "index.md"      # the home page (default: index.md, else Home.md, else README.md)
# publish = "all"        # "opt-in": only notes with `publish: true` or `dg-publish: true`
# trust_html = false     # true: raw HTML and HTML/SVG attachments are published as written
# iframe_hosts = ["www.youtube.com"]   # hosts raw-HTML iframes may load (default: none)
# line_breaks = "obsidian"  # a single newline is a line break; "strict": CommonMark soft breaks
# search = true          # build a search index (Pagefind)
# git_dates = true       # created/modified dates from git when front matter has none
""",
    ".github/workflows/publish.yml": """# Publish vault/ to GitHub Pages on every push to main.
# In the repository settings, set Pages → Source to "GitHub Actions".
name: Publish

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  # Where pip finds sitegen: a package name, or "sitegen @ git+https://…" for a Git checkout.
  SITEGEN: sitegen

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      # The whole history: note dates and bases' file times come from Git.
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - id: pages
        uses: actions/configure-pages@v5
      - uses: actions/cache@v4
        with:
          path: .sitegen-cache
          key: sitegen-${{ github.sha }}
          restore-keys: sitegen-
      - run: pip install "$SITEGEN"
      - run: sitegen build vault -o site --strict --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
""",
    ".gitignore": "site/\n.sitegen-cache/\n",
}


def init_vault(folder: Path) -> int:
    """Write the starter files; existing files are kept, never overwritten."""
    made, kept = [], []
    for rel, text in FILES.items():
        path = folder / rel
        if path.exists():
            kept.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        made.append(rel)
    for rel in made:
        print(f"created {folder / rel}")
    for rel in kept:
        print(f"kept    {folder / rel} (already exists)", file=sys.stderr)
    print(f"\nNext: cd {folder} && sitegen serve vault   (then open http://127.0.0.1:8000/)")
    return 0
