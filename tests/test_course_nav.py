"""Every course notebook shows where the learner is and links its neighbours."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import course_nav  # noqa: E402

LINK = re.compile(r"\]\(([^)#\s]+\.ipynb)(#[^)]*)?\)")


def test_navigation_is_up_to_date() -> None:
    stale = course_nav.run(REPO / "notebooks", check=True)
    assert stale == [], f"run `python tools/course_nav.py`: out of date in {stale}"


def test_navigation_links_point_to_real_notebooks_in_order() -> None:
    paths = course_nav.course_notebooks(REPO / "notebooks")
    assert len(paths) >= 5
    for k, path in enumerate(paths):
        nb = nbformat.read(path, as_version=4)
        nav = [c for c in nb.cells if c.metadata.get("kickback") == "nav"]
        assert [c.metadata["kickback_nav"] for c in nav] == ["top", "bottom"], path.name
        assert f"Notebook {k + 1} of {len(paths)}" in nav[0].source
        targets = [m.group(1) for c in nav for m in LINK.finditer(c.source)]
        for target in targets:
            assert (REPO / "notebooks" / target).is_file(), f"{path.name}: {target}"
        if k > 0:
            assert paths[k - 1].name in nav[1].source
        if k < len(paths) - 1:
            assert paths[k + 1].name in nav[1].source
        assert course_nav.GLOSSARY in nav[0].source and course_nav.GLOSSARY in nav[1].source


def test_a_new_notebook_makes_the_navigation_stale(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks", folder)
    extra = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 99 · Extra")])
    nbformat.write(extra, folder / "99_extra.ipynb")
    stale = course_nav.run(folder, check=True)
    assert "99_extra.ipynb" in stale and len(stale) >= 2  # the new one and its predecessor
    course_nav.run(folder, check=False)
    assert course_nav.run(folder, check=True) == []
