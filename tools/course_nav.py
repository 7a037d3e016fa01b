"""Write the course navigation into every numbered notebook.

Each course notebook (``notebooks/NN_*.ipynb``) gets two markdown cells the
tool owns, marked ``"kickback": "nav"`` in their cell metadata:

* under the title: where the learner is ("Notebook 3 of 6"), with links to
  the course map in ``00_start_here`` and the glossary;
* at the end: previous / next links and the glossary link.

Titles come from each notebook's first level-1 heading. Run it after adding,
removing or renaming a notebook; ``--check`` exits non-zero when a notebook's
navigation is missing or out of date (a test runs it).

Usage: ``python tools/course_nav.py [--check] [--notebooks notebooks]``
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
NAV_KEY = "kickback"
GLOSSARY = "glossary.ipynb"
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_NUMBERED = re.compile(r"^\d\d_.+\.ipynb$")


def course_notebooks(folder: Path) -> list[Path]:
    """The numbered course notebooks of ``folder``, in course order."""
    return sorted(p for p in folder.glob("*.ipynb") if _NUMBERED.match(p.name))


def title(nb: nbformat.NotebookNode, fallback: str) -> str:
    """The notebook's first level-1 heading, without markup."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.metadata.get(NAV_KEY) != "nav":
            match = _H1.search(cell.source)
            if match:
                return re.sub(r"[*_`]", "", match.group(1)).strip()
    return fallback


def nav_cells(paths: list[Path], titles: list[str], k: int) -> tuple[str, str]:
    """The (top, bottom) navigation text of notebook ``k``."""
    n = len(paths)
    top = (
        f"*Notebook {k + 1} of {n} of the course* · "
        f"[course map]({paths[0].name}#What-the-course-covers) · [glossary]({GLOSSARY})"
    )
    parts = []
    if k > 0:
        parts.append(f"← Previous: [{titles[k - 1]}]({paths[k - 1].name})")
    if k < n - 1:
        parts.append(f"Next: [{titles[k + 1]}]({paths[k + 1].name}) →")
    else:
        parts.append("This is the last notebook of the course.")
    bottom = (
        "---\n\n"
        + "  \n".join(parts)
        + f"\n\nWords you met here are explained in the [glossary]({GLOSSARY})."
    )
    return top, bottom


def _nav(text: str, where: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata[NAV_KEY] = "nav"
    cell.metadata["kickback_nav"] = where
    return cell


def apply(nb: nbformat.NotebookNode, top: str, bottom: str) -> bool:
    """Put the navigation cells into ``nb``; True when anything changed."""
    old = [c for c in nb.cells if c.metadata.get(NAV_KEY) == "nav"]
    rest = [c for c in nb.cells if c.metadata.get(NAV_KEY) != "nav"]
    first_h1 = next((i for i, c in enumerate(rest)
                     if c.cell_type == "markdown" and _H1.search(c.source)), -1)
    tops = [c for c in old if c.metadata.get("kickback_nav") == "top"]
    bottoms = [c for c in old if c.metadata.get("kickback_nav") == "bottom"]
    top_cell = tops[0] if tops else _nav(top, "top")
    bottom_cell = bottoms[0] if bottoms else _nav(bottom, "bottom")
    changed = len(old) != 2 or top_cell.source != top or bottom_cell.source != bottom
    top_cell.source, bottom_cell.source = top, bottom
    cells = [*rest[: first_h1 + 1], top_cell, *rest[first_h1 + 1 :], bottom_cell]
    changed = changed or [id(c) for c in cells] != [id(c) for c in nb.cells]
    nb.cells = cells
    return changed


def run(folder: Path, check: bool) -> list[str]:
    """Update (or with ``check`` only report) every notebook; returns the stale ones."""
    paths = course_notebooks(folder)
    books = [nbformat.read(p, as_version=4) for p in paths]
    titles = [title(nb, p.stem) for nb, p in zip(books, paths, strict=True)]
    stale = []
    for k, (path, nb) in enumerate(zip(paths, books, strict=True)):
        top, bottom = nav_cells(paths, titles, k)
        if apply(nb, top, bottom):
            stale.append(path.name)
            if not check:
                nbformat.write(nb, path)
    return stale


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report notebooks whose navigation is out of date")
    parser.add_argument("--notebooks", type=Path, default=REPO / "notebooks")
    args = parser.parse_args(argv)
    stale = run(args.notebooks, args.check)
    if args.check and stale:
        print("navigation out of date in: " + ", ".join(stale)
              + "\nrun: python tools/course_nav.py", file=sys.stderr)
        return 1
    for name in stale:
        print(f"updated {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
