"""What the syntax fixtures cannot show: facts and env entries, and output in another language."""

from __future__ import annotations

from markdown_it import MarkdownIt

from sitegen.syntax.markdown import parse_note, render_blocks
from sitegen.syntax.tasks import tasks_plugin


def _render(text: str, language: str) -> str:
    parsed = parse_note(text, 1, language=language)
    return render_blocks(parsed, lambda target, markdown=False: None, lambda tag: "#",
                         language=language).html


def test_comments_record_no_links_or_tags() -> None:
    for text in (
        "%% [[Note]] #tag %%",
        "Текст %% [[Note]] ![[Pic.png]] [x](Other.md) #tag %% дальше",
        "%%\n# Heading\n\n[[Note]] #tag\n%%",
        "Строка\n%%\n[[Note]]\n%%",
    ):
        facts = parse_note(text, 1).facts
        assert facts.links == () and facts.tags == () and facts.headings == (), text


def test_unclosed_comment_keeps_its_links() -> None:
    facts = parse_note("%% [[Note]] #tag", 1).facts
    assert [link.target for link in facts.links] == ["Note"]
    assert facts.tags == ("tag",)


def test_bad_math_is_listed_with_its_line() -> None:
    env = parse_note("Хорошо $x$\n\nПлохо $a_$\n\n$$\n\\begin{matrix}\n$$", 1).env
    errors = env["math_errors"]
    assert [(e["tex"], e["line"]) for e in errors] == [("a_", 2), ("\\begin{matrix}", 4)]
    assert all(e["error"] for e in errors)  # some latex2mathml errors carry no message


def test_good_math_leaves_no_error_list() -> None:
    assert "math_errors" not in parse_note("$x^2$ and $$y$$", 1).env


def test_callout_default_titles_are_the_type_as_written_in_every_language() -> None:
    for language in ("ru", "en"):
        html = _render("> [!warning]\n\n> [!hint]\n\n> [!HINT]\n\n> [!my-type]\n\n> [!заметка]", language)
        titles = [part.split("<", 1)[0] for part in html.split('"callout-title-inner">')[1:]]
        assert titles == ["Warning", "Hint", "HINT", "My-type", "Заметка"], language
        assert html.count('data-callout="tip"') == 2  # an alias is still styled as its type


def test_task_checkbox_labels_in_english() -> None:
    md = MarkdownIt("commonmark").use(tasks_plugin, language="en")
    html = md.render("- [x] done\n- [ ] open")
    assert 'checked aria-label="Done"' in html
    assert 'disabled aria-label="Not done"' in html


def test_links_in_a_callout_keep_their_lines() -> None:
    links = parse_note(">\n> [!note] See [[A]]\n> body [[B]]", 10).facts.links
    assert [(link.target, link.line, link.col) for link in links] == [("A", 11, 15), ("B", 12, 8)]
