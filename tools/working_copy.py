"""The learner's working copy of the course, used by ``make lab``, ``make present``
and ``make reset``.

JupyterLab saves (and autosaves) into the folder it serves. So that a learner's
session never writes into the tracked course, ``make lab`` serves a git-ignored
copy, ``my-course/``, laid out like the repository::

    my-course/notebooks/*.ipynb      the course notebooks (the learner's own copies)
    my-course/docs/teacher-guide.md  every file a notebook links to, at the same
    my-course/data/SOURCES.md        place relative to the notebooks as in the repo

so every relative link in a notebook (``../docs/teacher-guide.md``) opens the same
file in JupyterLab, in Voila and on GitHub. The library is installed in ``.venv``
and finds its data itself: nothing else is needed to run a notebook from there.

Rules that keep a learner's work safe:

* ``sync`` (every launch) copies only the files the copy does not have yet (a
  notebook added to the course later appears; an edited one is never
  overwritten) and lists the files that differ from the course.
* ``reset`` moves the whole copy to ``my-course.bak-<time>/`` first, prints that
  path, then makes a fresh copy. Nothing is deleted.

:func:`strip_widget_views` is the JupyterLab pre-save hook (see
``tools/jupyter/lab_config.py``): a saved notebook keeps no live-widget output,
only the widget's text fallback, so reopening it without a kernel explains
itself instead of showing "Error displaying widget: model not found".

Usage: ``python tools/working_copy.py sync|reset [--copy DIR]``
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = "notebooks"
DEFAULT_COPY = REPO / "my-course"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Text left in place of a live widget in a saved notebook that has no fallback of its own.
NEEDS_KERNEL = ("[Interactive output: it needs a running kernel. Run this cell "
                "(Shift+Enter) or Run > Run All Cells to bring it back.]")

# [text](target "title"), ![alt](target), <a href="target">, <img src="target">, [ref]: target
_LINKS = (
    re.compile(r"\]\(\s*(?:<([^>]+)>|([^)\s]+))(?:\s+[\"'(][^)]*)?\)"),
    re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE),
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE),
)


def markdown_links(text: str) -> list[str]:
    """Every link target in a markdown text (inline, reference-style and HTML)."""
    return [next(g for g in m.groups() if g is not None)
            for pattern in _LINKS for m in pattern.finditer(text)]


def relative_target(link: str) -> str | None:
    """The path part of a relative link (fragment, query and %-escapes removed), or
    None for an absolute URL, a ``mailto:``, an anchor in the same page or a
    server-absolute path."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return unquote(parts.path)


def notebook_links(path: Path) -> list[str]:
    """The relative link targets of the markdown cells of notebook ``path``."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    links = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            links += [t for t in map(relative_target, markdown_links(text)) if t]
    return links


def resolve(base: PurePosixPath, target: str) -> PurePosixPath | None:
    """``target`` (a relative link) seen from folder ``base`` (both relative to the
    course root), or None when it climbs out of the root."""
    parts: list[str] = list(base.parts)
    for part in PurePosixPath(target).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return PurePosixPath(*parts)


def course_files(repo: Path = REPO) -> list[PurePosixPath]:
    """Every file of the working copy, relative to the repository (and to the copy):
    the files of ``notebooks/`` (not hidden) and every repository file a notebook
    links to."""
    folder = repo / NOTEBOOKS
    files = {PurePosixPath(NOTEBOOKS, p.name) for p in folder.iterdir()
             if p.is_file() and not p.name.startswith(".")}
    for nb in sorted(folder.glob("*.ipynb")):
        for target in notebook_links(nb):
            rel = resolve(PurePosixPath(NOTEBOOKS), target)
            if rel is not None and (repo / rel).is_file():
                files.add(rel)
    return sorted(files)


def _cells(path: Path) -> list[tuple[str, str]]:
    """(type, source) of every cell: what a learner edits, not outputs or metadata."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        out.append((cell.get("cell_type", ""),
                    "".join(source) if isinstance(source, list) else source))
    return out


def same_content(course: Path, mine: Path) -> bool:
    """True when the learner's file says what the course's says (for a notebook: the
    same cells; outputs, execution counts and metadata do not count)."""
    if course.suffix == ".ipynb":
        try:
            return _cells(course) == _cells(mine)
        except (OSError, ValueError):
            return False
    return course.read_bytes() == mine.read_bytes()


@dataclass
class SyncReport:
    """What :func:`sync` did to a working copy."""

    copy: Path
    created: bool
    added: list[PurePosixPath] = field(default_factory=list)
    differ: list[PurePosixPath] = field(default_factory=list)

    def lines(self, repo: Path = REPO) -> list[str]:
        """The report for the learner, as printed by ``make lab``."""
        shown = _shown(self.copy, repo)
        if self.created:
            out = [f"Created your working copy of the course in {shown}/ "
                   f"({len(self.added)} files). JupyterLab saves your work there; the "
                   "course in notebooks/ stays as it is. `make reset` gives you a fresh "
                   "copy and keeps the old one as a backup."]
        else:
            out = [f"Your working copy: {shown}/"]
            if self.added:
                out.append(f"Added {len(self.added)} new course file(s) to it (your own "
                           "files were left as they are):")
                out += [f"  + {p}" for p in self.added]
        if self.differ:
            out.append(f"{len(self.differ)} file(s) of your copy differ from the course "
                       "(your edits, or a newer course version); they are kept as they are. "
                       "`make reset` replaces them with fresh copies (after a backup):")
            out += [f"  ~ {p}" for p in self.differ]
        return out


def _shown(path: Path, repo: Path) -> str:
    """``path`` relative to ``repo`` when inside it, else as it is."""
    try:
        return str(path.resolve().relative_to(repo.resolve()))
    except ValueError:
        return str(path)


def sync(copy: Path = DEFAULT_COPY, repo: Path = REPO) -> SyncReport:
    """Create the working copy ``copy`` if missing, add the course files it lacks, and
    list the ones that differ from the course. Never overwrites or deletes a file."""
    report = SyncReport(copy, created=not copy.exists())
    for rel in course_files(repo):
        source, target = repo / rel, copy / rel
        if target.exists():
            if not same_content(source, target):
                report.differ.append(rel)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        report.added.append(rel)
    return report


def backup_path(copy: Path, now: float | None = None) -> Path:
    """A free ``<copy>.bak-YYYYMMDD-HHMMSS`` next to ``copy``."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    candidate = copy.with_name(f"{copy.name}.bak-{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = copy.with_name(f"{copy.name}.bak-{stamp}-{n}")
    return candidate


def reset(copy: Path = DEFAULT_COPY, repo: Path = REPO,
          now: float | None = None) -> tuple[Path | None, SyncReport]:
    """Move ``copy`` (if it exists) to :func:`backup_path`, then make a fresh copy.
    Returns (the backup or None, the report of the fresh copy)."""
    backup = None
    if copy.exists():
        backup = backup_path(copy, now)
        copy.rename(backup)
    return backup, sync(copy, repo)


def strip_widget_views(model: dict[str, Any], **_: Any) -> None:
    """JupyterLab pre-save hook: drop live-widget views and saved widget state from a
    notebook being saved (in place).

    A live widget needs its kernel; saved, its view shows "Error displaying widget:
    model not found" (or, with stored state, stale values such as an old quiz
    verdict) once the kernel is gone. Each widget-view output keeps its other
    representations (the course's widgets give a text that says to run the cell);
    one without any gets :data:`NEEDS_KERNEL`. Other outputs are kept.
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    nb = model["content"]
    metadata = nb.get("metadata")
    if isinstance(metadata, dict):
        metadata.pop("widgets", None)
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data")
            if not isinstance(data, dict) or WIDGET_VIEW not in data:
                continue
            del data[WIDGET_VIEW]
            if "text/html" not in data and not _kept_text(data.get("text/plain")):
                data["text/plain"] = NEEDS_KERNEL


def _kept_text(text: Any) -> bool:
    """True when a widget's text/plain is a fallback written for people (the course's
    widgets say to run the cell), not ipywidgets' repr (``VBox(children=...)``)."""
    value = "".join(text) if isinstance(text, list) else text
    return isinstance(value, str) and "Run this cell" in value


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (``make lab``, ``make present``, ``make reset``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("sync", "reset"))
    parser.add_argument("--copy", type=Path, default=DEFAULT_COPY,
                        help="the working copy (default: my-course/ in the repository)")
    args = parser.parse_args(argv)
    copy = args.copy.absolute()
    if args.action == "reset":
        backup, report = reset(copy)
        if backup is None:
            print(f"No working copy at {_shown(copy, REPO)}/ yet: nothing to replace.")
        else:
            print(f"Your previous working copy is kept, unchanged, in {_shown(backup, REPO)}/ "
                  "(copy from it whatever you want to keep; delete it when you no longer "
                  "need it).")
        print(f"Fresh copy of the course in {_shown(copy, REPO)}/ "
              f"({len(report.added)} files).")
    else:
        print("\n".join(sync(copy).lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
