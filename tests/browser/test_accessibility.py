"""axe-core (from tests/browser/package.json) run in Chromium on each kind of page, in both themes:
no violation of impact serious or critical. Every violation found is written to
tests/artifacts/browser/axe-<page>-<theme>.json."""

from __future__ import annotations

import json

import pytest

from .conftest import AXE, MENTOR, TAG

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "note": MENTOR.lstrip("/"),
    "tag": TAG.lstrip("/"),
    "graph": "graph/",
    "404": "нет-такой-страницы/",  # served with the site's 404.html, as a static host does
}

SUMMARY = """() => axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
})))"""


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(browse, site, npm_tools, artifacts, name, theme):
    page = browse.page(theme=theme)
    page.goto(site.url(PAGES[name]))
    assert page.locator("html").get_attribute("data-theme") == theme  # chosen, as by the toggle
    page.wait_for_load_state("networkidle")  # explorer, graphs: everything that JavaScript adds
    if name in ("note", "graph", "home"):
        page.wait_for_function("[...document.querySelectorAll('.graph-caption')].every(c => c.textContent)")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(SUMMARY)
    (artifacts / f"axe-{name}-{theme}.json").write_text(
        json.dumps(violations, ensure_ascii=False, indent=1), encoding="utf-8")
    browse.shot(page, f"axe-{name}-{theme}")
    serious = [f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}"
               for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)
