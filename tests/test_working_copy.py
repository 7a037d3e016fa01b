"""The learner's working copy (``make lab``, ``make present``, ``make reset``): built from
the course, never overwriting a learner's file, every notebook link resolving inside
it, git-ignored; and the save hook that keeps live-widget views out of saved notebooks."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath
from types import ModuleType

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


wc = _load("working_copy", REPO / "tools" / "working_copy.py")


def _course(tmp_path: Path) -> Path:
    """A small course: two notebooks linking to a guide, a data list, each other."""
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    (repo / "docs").mkdir()
    (repo / "data").mkdir()
    (repo / "docs" / "guide.md").write_text("# Guide\n", encoding="utf-8")
    (repo / "data" / "SOURCES.md").write_text("# Sources\n", encoding="utf-8")
    (repo / "data" / "secret.csv").write_text("a\n1\n", encoding="utf-8")
    for name, text in (("00_a.ipynb", "See the [guide](../docs/guide.md#top) and "
                                      "[next](01_b.ipynb)."),
                       ("01_b.ipynb", "Sources: [list](../data/SOURCES.md), "
                                      "[web](https://example.org), [here](#x).")):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text),
                                             nbformat.v4.new_code_cell("1 + 1")])
        nbformat.write(nb, repo / "notebooks" / name)
    return repo


def test_the_copy_holds_the_notebooks_and_what_they_link_to(tmp_path: Path) -> None:
    repo = _course(tmp_path)
    assert [str(p) for p in wc.course_files(repo)] == [
        "data/SOURCES.md", "docs/guide.md", "notebooks/00_a.ipynb", "notebooks/01_b.ipynb"]
    report = wc.sync(tmp_path / "mine", repo)
    assert report.created and len(report.added) == 4 and report.differ == []
    assert (tmp_path / "mine" / "docs" / "guide.md").read_text() == "# Guide\n"
    assert not (tmp_path / "mine" / "data" / "secret.csv").exists()  # not linked


def test_sync_adds_new_course_files_and_never_overwrites(tmp_path: Path) -> None:
    repo = _course(tmp_path)
    mine = tmp_path / "mine"
    wc.sync(mine, repo)
    edited = mine / "notebooks" / "00_a.ipynb"
    nb = nbformat.read(edited, as_version=4)
    nb.cells[1].source = "2 + 2  # my own try"
    nbformat.write(nb, edited)
    before = edited.read_bytes()
    shutil.copy(repo / "notebooks" / "01_b.ipynb", repo / "notebooks" / "02_new.ipynb")

    report = wc.sync(mine, repo)
    assert not report.created
    assert [str(p) for p in report.added] == ["notebooks/02_new.ipynb"]
    assert [str(p) for p in report.differ] == ["notebooks/00_a.ipynb"]
    assert edited.read_bytes() == before
    text = "\n".join(report.lines(repo))
    assert "+ notebooks/02_new.ipynb" in text and "~ notebooks/00_a.ipynb" in text


def test_outputs_alone_do_not_count_as_a_difference(tmp_path: Path) -> None:
    repo = _course(tmp_path)
    mine = tmp_path / "mine"
    wc.sync(mine, repo)
    path = mine / "notebooks" / "01_b.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].execution_count = 1
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"},
                                                  execution_count=1)]
    nbformat.write(nb, path)
    assert wc.sync(mine, repo).differ == []


def test_reset_keeps_the_old_copy_and_says_where(tmp_path: Path) -> None:
    repo = _course(tmp_path)
    mine = tmp_path / "mine"
    wc.sync(mine, repo)
    (mine / "notebooks" / "notes.txt").write_text("my notes", encoding="utf-8")
    backup, report = wc.reset(mine, repo, now=0.0)
    assert backup is not None and backup.name.startswith("mine.bak-")
    assert (backup / "notebooks" / "notes.txt").read_text() == "my notes"
    assert not (mine / "notebooks" / "notes.txt").exists() and len(report.added) == 4
    second, _ = wc.reset(mine, repo, now=0.0)  # same second: a new name, nothing replaced
    assert second is not None and second != backup and backup.exists()


def test_reset_from_the_command_line_prints_the_backup(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    run = [sys.executable, str(REPO / "tools" / "working_copy.py")]
    first = subprocess.run([*run, "reset", "--copy", str(mine)], capture_output=True,
                           text=True, check=True)
    assert "nothing to replace" in first.stdout
    second = subprocess.run([*run, "reset", "--copy", str(mine)], capture_output=True,
                            text=True, check=True)
    backups = list(tmp_path.glob("mine.bak-*"))
    assert len(backups) == 1 and str(backups[0]) in second.stdout


def _server_files() -> set[PurePosixPath]:
    return set(wc.course_files(REPO))


@pytest.mark.parametrize("notebook", sorted((REPO / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.stem)
def test_every_notebook_link_resolves_under_the_labs_root(notebook: Path) -> None:
    """Every relative link of every markdown cell opens a file of the working copy
    (the root of ``make lab``): the teacher guide, the data sources, the other
    notebooks."""
    files = _server_files()
    base = PurePosixPath("notebooks")
    broken = []
    for target in wc.notebook_links(notebook):
        rel = wc.resolve(base, target)
        if rel is None or rel not in files:
            broken.append(target)
    assert broken == [], f"{notebook.name}: links to no file of the working copy: {broken}"


def test_the_teacher_guide_and_sources_are_in_the_copy() -> None:
    files = {str(p) for p in _server_files()}
    assert {"docs/teacher-guide.md", "data/SOURCES.md"} <= files


def test_links_are_found_in_every_markdown_form() -> None:
    text = ('[a](x.md) [b](<y z.md> "t") ![i](img.png) <a href="h.md">h</a> '
            '[c](https://e.org) [d](#top) [e](/abs)\n[ref]: r.md\n')
    targets = [t for t in map(wc.relative_target, wc.markdown_links(text)) if t]
    assert sorted(targets) == ["h.md", "img.png", "r.md", "x.md", "y z.md"]
    assert wc.resolve(PurePosixPath("notebooks"), "../../etc/passwd") is None


def test_the_working_copy_is_ignored_by_git() -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    for path in ("my-course/notebooks/00_start_here.ipynb",
                 "my-course.bak-20261130-120000/notebooks/00_start_here.ipynb"):
        result = subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO, check=False)
        assert result.returncode == 0, f"{path} is not ignored by git"


def _saved(outputs: list[dict]) -> dict:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("show(x)")])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.cells[0].outputs = outputs
    return {"type": "notebook", "content": json.loads(json.dumps(nb))}


def test_the_save_hook_keeps_the_text_fallback_not_the_live_view() -> None:
    view = {"version_major": 2, "version_minor": 0, "model_id": "abc"}
    ours = {"output_type": "display_data", "metadata": {}, "data": {
        wc.WIDGET_VIEW: view, "text/plain": "[Quiz: interactive. ... Run this cell ...]"}}
    stock = {"output_type": "display_data", "metadata": {}, "data": {
        wc.WIDGET_VIEW: view, "text/plain": "VBox(children=(HTML(value='✓ Correct.')"}}
    plain = {"output_type": "stream", "name": "stdout", "text": "12 N·m\n"}
    model = _saved([ours, stock, plain])
    wc.strip_widget_views(model, path="x.ipynb")
    nb = model["content"]
    assert "widgets" not in nb["metadata"]
    kept, replaced, same = nb["cells"][0]["outputs"]
    assert kept["data"] == {"text/plain": "[Quiz: interactive. ... Run this cell ...]"}
    assert replaced["data"] == {"text/plain": wc.NEEDS_KERNEL}  # no stale "Correct"
    assert same == plain
    nbformat.validate(nbformat.from_dict(nb))


def test_show_leaves_a_fallback_the_hook_keeps() -> None:
    from kickback_edu.display import live_fallback
    from kickback_edu.widgets.quiz import Quiz

    text = live_fallback(Quiz("start_here"))
    assert text.startswith("[Quiz: interactive.") and wc._kept_text(text)
    assert "Check yourself" in text  # what it shows, without a kernel
