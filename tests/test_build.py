"""What CI and editors rely on: determinism, atomic output, diagnostics with positions, exit codes."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import build, codes, page, write_vault
from sitegen import cli
from sitegen.emit.output import OutputError

VAULT = {
    "index.md": "Главная: [[Наставник]], [[Проекты/Амал]], ![[Наставник#Обязанности]]\n",
    "Наставник.md": "---\ntags: [роль]\ndate: 2024-01-01 23:30:00 -05:00\n---\n## Обязанности\n- помогать\n\n"
                    "Абзац ^blk\n\n> [!tip] Совет\n> Текст с ==выделением== и %%скрытым%%.\n",
    "Проекты/Амал.md": "---\naliases: [Амал қоржыны]\n---\n[[Наставник#^blk]] [[нет]] ![[pic.png]]\n",
    "Проекты/pic.png": b"\x89PNG\r\n",
    ".obsidian/workspace.json": "{}",
    ".trash/old.md": "удалено",
    "private/secret.md": "секрет",
    "Шаблоны/шаблон.md": "{{title}}",
}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    build(vault, tmp_path / "a")
    build(vault, tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_parallel_build_equals_serial_build(tmp_path, monkeypatch):
    monkeypatch.setattr("sitegen.workers.MIN_NOTES_PER_WORKER", 1)
    files = dict(VAULT, **{f"many/n{i}.md": f"[[n{i + 1}]] #t{i % 3} ![[Наставник#Обязанности]]" for i in range(40)})
    vault = write_vault(tmp_path / "v", files)
    build(vault, tmp_path / "serial", jobs=1)
    build(vault, tmp_path / "parallel", jobs=2)
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")


def test_dates_do_not_depend_on_the_machine_time_zone(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    outputs = []
    for zone in ("UTC", "Asia/Almaty", "America/Los_Angeles"):
        env = dict(os.environ, TZ=zone)
        out = tmp_path / zone.replace("/", "-")
        subprocess.run([sys.executable, "-m", "sitegen", "build", str(vault), "-o", str(out), "-q"],
                       env=env, check=False, capture_output=True)
        outputs.append(tree(out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert "2 января 2024 04:30 UTC" in page(tmp_path / "UTC", "наставник/")


def test_dot_folders_and_excluded_folders_are_not_published(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    result = build(vault, tmp_path / "out")
    files = set(tree(tmp_path / "out"))
    assert not any("old" in f or "secret" in f or "шаблон" in f or "workspace" in f for f in files)
    assert result.notes == 3


def test_failed_build_leaves_previous_site_untouched(tmp_path, monkeypatch):
    vault = write_vault(tmp_path / "v", VAULT)
    out = tmp_path / "out"
    build(vault, out)
    before = tree(out)
    (vault / "Новая.md").write_text("новая заметка")

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("sitegen.emit.writer.graph_data", explode)  # fails after pages were written
    with pytest.raises(RuntimeError):
        build(vault, out)
    assert tree(out) == before
    assert not any(p.name.startswith(".out.") for p in tmp_path.iterdir())  # no half-built leftovers


def test_output_inside_vault_or_foreign_folder_is_refused(tmp_path):
    vault = write_vault(tmp_path / "v", VAULT)
    with pytest.raises(OutputError, match="inside the vault"):
        build(vault, vault / "public")
    with pytest.raises(OutputError, match="contains the vault"):
        build(vault, tmp_path)
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("precious")
    with pytest.raises(OutputError, match="not made by sitegen"):
        build(vault, foreign)
    assert (foreign / "thesis.docx").read_text() == "precious"


def test_diagnostics_name_file_line_and_column(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "a.md": "---\ntitle: A\n---\nПервая строка\n\nСсылка на [[Нет такой]] и [[b#Нет заголовка]].\n"
                "> цитата со ссылкой [[b#^нет]] и [[b#^nope]]\n",
        "b.md": "## Есть\n",
    })
    result = build(vault, None)
    found = [d.format() for d in result.diagnostics]
    assert "a.md:6:11: broken-link: link target 'Нет такой' matches no note or file" in found
    assert "a.md:6:27: missing-heading: 'b.md' has no heading 'Нет заголовка'" in found
    assert "a.md:7:34: missing-block: 'b.md' has no block ^nope" in found  # inside a quote


def test_bad_note_does_not_stop_the_others(tmp_path):
    vault = write_vault(tmp_path / "v", {
        "bad-yaml.md": "---\ntitle: Assignment 1: Some Title\n---\nТело остаётся.\n",
        "cp1251.md": "Привет".encode("cp1251"),
        "binary.md": b"\x89PNG\x00\x00",
        "good.md": "[[bad-yaml]] [[cp1251]]",
    })
    result = build(vault, tmp_path / "out")
    found = {d.format() for d in result.diagnostics}
    assert "bad-yaml.md:2:20: bad-front-matter: YAML: mapping values are not allowed here " \
           "(a value containing ': ' must be quoted)" in found
    assert "cp1251.md:1:1: bad-encoding: not valid UTF-8 at byte 0; save the file as UTF-8" in found
    assert any(d.startswith("binary.md:1:1: bad-encoding: binary content") for d in found)
    assert "Тело остаётся." in page(tmp_path / "out", "bad-yaml/")  # published with empty front matter
    assert not (tmp_path / "out" / "cp1251").exists()
    assert "good.md:1:14: broken-link" in " ".join(found)


def test_bom_and_crlf_give_the_same_page(tmp_path):
    text = "---\ntitle: Одна\ntags: [x]\n---\nСтрока\n\n- пункт\n"
    a = write_vault(tmp_path / "a", {"n.md": text})
    b = write_vault(tmp_path / "b", {"n.md": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()})
    build(a, tmp_path / "oa")
    build(b, tmp_path / "ob")
    assert tree(tmp_path / "oa") == tree(tmp_path / "ob")
    assert "<h1>Одна</h1>" in page(tmp_path / "ob", "n/")


def test_symlinks_leaving_the_vault_are_not_followed(tmp_path):
    outside = write_vault(tmp_path / "outside", {"secret.md": "пароль"})
    vault = write_vault(tmp_path / "v", {"a.md": "x"})
    (vault / "leak").symlink_to(outside, target_is_directory=True)
    (vault / "leak.md").symlink_to(outside / "secret.md")
    (vault / "loop").symlink_to(vault, target_is_directory=True)
    result = build(vault, tmp_path / "out")
    assert result.notes == 1
    assert "пароль" not in "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))
    assert codes(result).count("symlink-outside") == 2
    assert "symlink-loop" in codes(result)


def test_slug_collisions_get_distinct_urls_and_a_warning(tmp_path):
    vault = write_vault(tmp_path / "v", {"Hello World.md": "один", "hello-world.md": "два", "con.md": "c"})
    result = build(vault, tmp_path / "out")
    assert "один" in page(tmp_path / "out", "hello-world/")
    assert "два" in page(tmp_path / "out", "hello-world-2/")
    assert "con_" in os.listdir(tmp_path / "out")
    collision = next(d for d in result.diagnostics if d.code == "slug-collision")
    assert "Hello World.md" in collision.message and "hello-world.md" in collision.message


@pytest.mark.parametrize("strict,expected", [(False, 0), (True, 1)])
def test_exit_code_warnings_fail_only_with_strict(tmp_path, strict, expected):
    vault = write_vault(tmp_path / "v", {"a.md": "[[нет]]"})
    argv = ["build", str(vault), "-o", str(tmp_path / "out"), "-q"] + (["--strict"] if strict else [])
    assert cli.main(argv) == expected


def test_exit_code_errors_fail(tmp_path, capsys):
    vault = write_vault(tmp_path / "v", {"a.md": "---\n: : :\n---\n"})
    assert cli.main(["build", str(vault), "-o", str(tmp_path / "out"), "-q"]) == 1
    assert "a.md:2:1: bad-front-matter" in capsys.readouterr().err


def test_bad_usage_and_bad_config_exit_2(tmp_path, capsys):
    assert cli.main(["build", str(tmp_path / "nope")]) == 2
    vault = write_vault(tmp_path / "v", {"a.md": "x", "sitegen.toml": 'title = "x"\ncolour = "red"\n'})
    assert cli.main(["build", str(vault), "-o", str(tmp_path / "out")]) == 2
    assert "sitegen.toml:2:1: bad-config: unknown key 'colour'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main(["build", "--no-such-flag"])
    assert exc.value.code == 2


def test_summary_line(tmp_path, capsys):
    vault = write_vault(tmp_path / "v", {"a.md": "[[нет]]", "b.md": "[[a]]"})
    cli.main(["build", str(vault), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert "sitegen: built 2 notes, " in err and "broken-link 1" in err


def test_build_py_builds_the_repository_vault(tmp_path):
    """The README's build command, on the real vault, with no warnings."""
    root = Path(__file__).parent.parent
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sitegen", "build", "vault", "-o", str(tmp_path / "site"),
                           "--strict"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "index.html").exists()
    assert time.perf_counter() - started >= 0  # timing belongs to benchmarks/, not here


def test_progress_follows_parsing_rendering_and_writing(tmp_path):
    """The hooks the terminal progress bar draws from: each phase with its total, advanced to the end."""
    from sitegen.config import load_config
    from sitegen.site import Progress, build_site

    class Recorder(Progress):
        def __init__(self):
            self.totals, self.done = {}, {}

        def start(self, phase, total):
            self.totals[phase], self.done[phase] = total, 0

        def advance(self, phase, n=1):
            self.done[phase] += n

    vault = write_vault(tmp_path / "v", {f"n{i}.md": f"[[n{i + 1}]]" for i in range(12)})
    recorder = Recorder()
    build_site(vault, tmp_path / "out", load_config(vault, {"jobs": 1, "search": False, "cache": False}), recorder)
    assert recorder.totals["parse"] == recorder.done["parse"] == 12
    assert recorder.totals["render"] == recorder.done["render"] == 12
    assert recorder.done["write"] > 12  # every page: notes, tags, folders, site pages


def test_typos_in_headings_and_blocks_get_a_suggestion(tmp_path):
    vault = write_vault(tmp_path / "v", {"a.md": "[[b#Обязанностии]] [[b#^mentor-dutis]]",
                                         "b.md": "## Обязанности\n- помогать ^mentor-duties\n"})
    found = [d.message for d in build(vault, None).diagnostics]
    assert "'b.md' has no heading 'Обязанностии'; did you mean 'Обязанности'?" in found
    assert "'b.md' has no block ^mentor-dutis; did you mean '^mentor-duties'?" in found
