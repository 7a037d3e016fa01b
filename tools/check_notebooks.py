"""Check that notebooks are committed without outputs, except nbval-checked cells.

The course notebooks are stored clean: no outputs, no execution counts, no
saved widget state. The one exception is a code cell whose output nbval
compares on every CI run (a taught key number). nbval recognises such a cell
by either marker, and so does this check:

- the tag ``nbval-check-output`` in the cell's ``metadata.tags``, or
- a line ``# NBVAL_CHECK_OUTPUT`` in the cell's source.

A checked cell must store at least one output and an integer execution count
(nbval has nothing to compare against otherwise). Every other code cell must
store ``outputs == []`` and ``execution_count == null``, and the notebook's
metadata must carry no ``widgets`` entry (saved widget state).

Used by ``make lint`` and by the pre-commit hook (``.pre-commit-config.yaml``).
Standard library only, so it runs before the course's environment exists.

Usage: ``python tools/check_notebooks.py [NOTEBOOK.ipynb ...]`` (default: every
``notebooks/*.ipynb``). Prints one line per problem and exits with 1 if there
is any, 0 otherwise.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

CHECK_TAG = "nbval-check-output"
CHECK_COMMENT = "# NBVAL_CHECK_OUTPUT"
REPO = Path(__file__).resolve().parents[1]
# Not "clear all outputs": that would also drop the outputs nbval compares.
CLEAR_HINT = "clear it (JupyterLab: select the cell, Edit > Clear Cell Output, then save)"


def _source(cell: dict[str, object]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def is_checked(cell: dict[str, object]) -> bool:
    """True if nbval compares this cell's output (tag or comment marker)."""
    metadata = cell.get("metadata")
    tags = metadata.get("tags", []) if isinstance(metadata, dict) else []
    if CHECK_TAG in tags:
        return True
    return any(line.strip() == CHECK_COMMENT for line in _source(cell).splitlines())


def notebook_problems(path: Path) -> list[str]:
    """Problems of one notebook, each a line ``path: cell N (id X): what is wrong``.

    Raises nothing for a broken file: an unreadable or non-JSON notebook is
    reported as a problem.
    """
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"{path}: cannot be read as a notebook ({exc})"]
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return [f"{path}: not a notebook (no list of cells)"]
    problems = []
    metadata = nb.get("metadata")
    if isinstance(metadata, dict) and "widgets" in metadata:
        problems.append(f"{path}: the notebook metadata stores widget state ('widgets'); "
                        "save without it (JupyterLab: Settings > Save Widget State "
                        "Automatically off)")
    for number, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        where = f"{path}: cell {number} (id {cell.get('id', '?')})"
        outputs = cell.get("outputs") or []
        count = cell.get("execution_count")
        if is_checked(cell):
            if not outputs:
                problems.append(f"{where}: is checked by nbval ({CHECK_TAG}) but stores "
                                "no output to compare against; run it and save")
            if not isinstance(count, int):
                problems.append(f"{where}: is checked by nbval but has no execution count; "
                                "run it and save")
        else:
            if outputs:
                problems.append(f"{where}: stores {len(outputs)} output(s); {CLEAR_HINT}, "
                                f"or tag the cell {CHECK_TAG} if nbval should compare it")
            if count is not None:
                problems.append(f"{where}: stores execution count {count!r}; {CLEAR_HINT}")
    return problems


def check(paths: Iterable[Path]) -> list[str]:
    """Problems of every notebook in ``paths`` (see :func:`notebook_problems`)."""
    return [problem for path in paths for problem in notebook_problems(path)]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: check the given notebooks (default ``notebooks/*.ipynb``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    paths = [Path(a) for a in args] or sorted((REPO / "notebooks").glob("*.ipynb"))
    problems = check(paths)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in committed notebooks", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
