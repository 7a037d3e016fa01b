"""Structure and accessibility rules every course notebook follows.

* exactly one H1, in the first cell; headings never skip a level;
* link texts say where they go (no "click here", "here", "link", ...);
* images carry alt text;
* every code cell that draws (calls ``show(``) sits next to a markdown cell
  that describes the figure in words;
* kernelspec metadata is present (no "Select Kernel" dialog);
* stored without outputs or widget state, except cells
  tagged ``nbval-check-output``, whose output nbval compares.

The checker is itself tested on small in-memory notebooks, so a rule that
silently stopped working would show.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

VAGUE_LINK_TEXTS = {
    "here", "click here", "click", "link", "this link", "this", "more", "read more",
    "go", "click this", "this page",
}
MIN_DESCRIPTION_WORDS = 8
KERNEL_NAME = "python3"
CHECK_TAG = "nbval-check-output"  # nbval compares the stored output of a cell so tagged

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^ {0,3}([#>|*+-]|\d+[.)]\s|$)")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_MD_LINK = re.compile(r"(?<!!)\[((?:[^\[\]]|\[[^\]]*\])*)\]\s*(?:\([^)]*\)|\[[^\]]*\])")
_HTML_LINK = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\s*[(\[]")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_SHOW_CALL = re.compile(r"(?<![\w.])show\(")
_TAGS = re.compile(r"<[^>]+>")


def _without_code(markdown: str) -> list[str]:
    """The lines of ``markdown`` outside fenced code blocks."""
    lines, fence = [], None
    for line in markdown.splitlines():
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0]
        elif fence is not None and match and match.group(1)[0] == fence:
            fence = None
        elif fence is None:
            lines.append(line)
    return lines


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of every ATX, setext and HTML heading, in order."""
    found: list[tuple[int, str]] = []
    previous = ""
    for line in _without_code(markdown):
        atx = _ATX.match(line)
        setext = _SETEXT.match(line)
        if atx:
            found.append((len(atx.group(1)), (atx.group(2) or "").strip()))
            line = ""  # a heading is not the paragraph of a following setext line
        elif setext and previous.strip() and not _NOT_PARAGRAPH.match(previous):
            found.append((1 if setext.group(1)[0] == "=" else 2, previous.strip()))
            line = ""
        else:
            for match in _HTML_HEADING.finditer(line):
                found.append((int(match.group(1)), _TAGS.sub("", match.group(2)).strip()))
        previous = line
    return found


def _plain(text: str) -> str:
    """Link text reduced to lower-case words."""
    text = _TAGS.sub("", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).lower().split())


def link_texts(markdown: str) -> list[str]:
    """Texts of markdown and HTML links (images excluded)."""
    body = "\n".join(_without_code(markdown))
    return [m.group(1) for m in _MD_LINK.finditer(body)] + [
        m.group(1) for m in _HTML_LINK.finditer(body)
    ]


def images_without_alt(markdown: str) -> list[str]:
    """Markdown and HTML images whose alt text is missing or blank."""
    body = "\n".join(_without_code(markdown))
    bad = [m.group(0) for m in _MD_IMAGE.finditer(body) if not m.group(1).strip()]
    for tag in _HTML_IMAGE.findall(body):
        alt = _ALT.search(tag)
        if not alt or not alt.group(2).strip():
            bad.append(tag)
    return bad


def prose_words(markdown: str) -> int:
    """Words of running text in ``markdown`` (headings and code left out)."""
    heading_lines = {text for _, text in headings(markdown)}
    words = 0
    for line in _without_code(markdown):
        if _ATX.match(line) or _SETEXT.match(line) or line.strip() in heading_lines:
            continue
        words += len(re.findall(r"[A-Za-z]{2,}", _TAGS.sub(" ", line)))
    return words


def check_notebook(nb: NotebookNode) -> list[str]:
    """Every rule broken by ``nb``, one message each ([] when it is fine)."""
    problems: list[str] = []
    cells = nb.cells

    # Headings: one H1, in the first cell; no skipped level.
    level_before = 0
    h1_cells = []
    for index, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        for level, text in headings(cell.source):
            if level == 1:
                h1_cells.append(index)
            if level > level_before + 1:
                problems.append(
                    f"cell {index}: heading {'#' * level} {text!r} skips a level "
                    f"(previous heading level: {level_before})"
                )
            level_before = level
    if len(h1_cells) != 1:
        problems.append(f"the notebook needs exactly one H1 (title); found {len(h1_cells)}")
    if not cells or cells[0].cell_type != "markdown" or 0 not in h1_cells:
        problems.append("cell 0: the first cell must be markdown holding the H1 title")

    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            for text in link_texts(cell.source):
                if _plain(text) in VAGUE_LINK_TEXTS or not _plain(text):
                    problems.append(
                        f"cell {index}: link text {text!r} does not say where it goes"
                    )
            for image in images_without_alt(cell.source):
                problems.append(f"cell {index}: image without alt text: {image[:60]!r}")
        elif cell.cell_type == "code":
            source = cell.source
            if _SHOW_CALL.search(source):
                neighbours = [cells[i] for i in (index - 1, index + 1) if 0 <= i < len(cells)]
                described = any(
                    n.cell_type == "markdown" and prose_words(n.source) >= MIN_DESCRIPTION_WORDS
                    for n in neighbours
                )
                if not described:
                    problems.append(
                        f"cell {index}: draws a figure (show(...)) but no markdown cell "
                        f"right before or after describes it (>= {MIN_DESCRIPTION_WORDS} words)"
                    )
            if CHECK_TAG not in cell.metadata.get("tags", []):
                if cell.get("outputs"):
                    problems.append(f"cell {index}: outputs are stored (strip them)")
                if cell.get("execution_count") is not None:
                    problems.append(f"cell {index}: execution_count is stored (strip it)")

    kernelspec = nb.metadata.get("kernelspec") or {}
    if kernelspec.get("name") != KERNEL_NAME or not kernelspec.get("display_name"):
        problems.append(
            f"metadata.kernelspec must name the {KERNEL_NAME!r} kernel with a display_name "
            f"(found {dict(kernelspec)!r})"
        )
    if "widgets" in nb.metadata:
        problems.append("metadata.widgets (saved widget state) is stored: strip it")
    return problems


# ------------------------------------------------------------------ the course


def _course() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.parametrize(
    "path",
    _course() or [pytest.param(None, marks=pytest.mark.skip(reason="no notebooks yet"))],
    ids=lambda p: p.stem if isinstance(p, Path) else "none",
)
def test_course_notebook_structure(path: Path) -> None:
    problems = check_notebook(nbformat.read(path, as_version=4))
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


# ------------------------------------------------------------ the checker


def _nb(*cells: NotebookNode, kernelspec: bool = True) -> NotebookNode:
    nb = new_notebook(cells=list(cells))
    if kernelspec:
        nb.metadata["kernelspec"] = {
            "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python",
        }
    return nb


DESCRIPTION = "The figure plots the hip torque against the lift angle of the working leg."


def _good() -> NotebookNode:
    return _nb(
        new_markdown_cell("# The glute kickback\n\nWhat this notebook teaches."),
        new_markdown_cell("## Torque\n\n" + DESCRIPTION),
        new_code_cell("show(TorqueExplorer())"),
        new_markdown_cell("### Details\n\nSee [the torque reference table](refs.md)."),
        new_code_cell("x = 1"),
        new_markdown_cell("## Summary\n\n![Leg at the top of the lift](leg.png)"),
    )


def test_checker_accepts_a_good_notebook() -> None:
    assert check_notebook(_good()) == []


def test_checker_allows_a_description_after_the_figure() -> None:
    nb = _nb(
        new_markdown_cell("# Title"),
        new_code_cell("show(fig)"),
        new_markdown_cell(DESCRIPTION),
    )
    assert check_notebook(nb) == []


def test_checker_keeps_checked_outputs() -> None:
    nb = _good()
    cell = new_code_cell("round(torque, 1)", execution_count=3,
                         metadata={"tags": [CHECK_TAG]})
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "12.3"},
                                           execution_count=3)]
    nb.cells.append(cell)
    assert check_notebook(nb) == []


def test_checker_ignores_headings_in_code_fences() -> None:
    nb = _good()
    nb.cells[1].source += "\n\n```python\n# not a heading\n```"
    assert check_notebook(nb) == []


def _mutate(kind: str) -> NotebookNode:
    nb = _good()
    md = nb.cells
    if kind == "no-h1":
        md[0].source = "## Not a title\n\nText."
    elif kind == "two-h1":
        md[3].source = "# Second title"
    elif kind == "h1-not-first":
        nb.cells.insert(0, new_markdown_cell("Some text before the title."))
    elif kind == "code-first":
        nb.cells.insert(0, new_code_cell("import x"))
    elif kind == "skip-level":
        md[3].source = "#### Too deep\n\nText."
    elif kind == "html-skip-level":
        md[3].source = "<h4>Too deep</h4>"
    elif kind == "setext-second-h1":
        md[3].source = "Another title\n=====\n\nText."
    elif kind == "click-here":
        md[3].source = "### Details\n\nFor the table, [click here](refs.md)."
    elif kind == "here":
        md[3].source = "### Details\n\nThe table is [here](refs.md)."
    elif kind == "html-link":
        md[3].source = '### Details\n\nThe <a href="refs.md">link</a> to the table.'
    elif kind == "bold-here":
        md[3].source = "### Details\n\nThe table is [**Here!**](refs.md)."
    elif kind == "no-alt":
        md[5].source = "## Summary\n\n![](leg.png)"
    elif kind == "html-no-alt":
        md[5].source = '## Summary\n\n<img src="leg.png">'
    elif kind == "undescribed-figure":
        md[1].source = "## Torque"
    elif kind == "figure-next-to-code":
        nb.cells[1] = new_code_cell("y = 2")
    elif kind == "no-kernelspec":
        del nb.metadata["kernelspec"]
    elif kind == "outputs":
        md[4].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    elif kind == "execution-count":
        md[4].execution_count = 7
    elif kind == "widget-state":
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    else:  # pragma: no cover
        raise ValueError(kind)
    return nb


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("no-h1", "exactly one H1"),
        ("two-h1", "exactly one H1"),
        ("h1-not-first", "first cell must be markdown holding the H1"),
        ("code-first", "first cell must be markdown holding the H1"),
        ("skip-level", "skips a level"),
        ("html-skip-level", "skips a level"),
        ("setext-second-h1", "exactly one H1"),
        ("click-here", "'click here'"),
        ("here", "'here'"),
        ("html-link", "'link'"),
        ("bold-here", "'**Here!**'"),
        ("no-alt", "image without alt text"),
        ("html-no-alt", "image without alt text"),
        ("undescribed-figure", "no markdown cell"),
        ("figure-next-to-code", "no markdown cell"),
        ("no-kernelspec", "metadata.kernelspec"),
        ("outputs", "outputs are stored"),
        ("execution-count", "execution_count is stored"),
        ("widget-state", "metadata.widgets"),
    ],
)
def test_checker_rejects(kind: str, expected: str) -> None:
    problems = check_notebook(_mutate(kind))
    assert any(expected in p for p in problems), problems


def test_checker_reads_headings() -> None:
    text = "# A\n\nB\n---\n\n<h3>C</h3>\n\n```\n# no\n```\n\n- item\n---"
    assert headings(text) == [(1, "A"), (2, "B"), (3, "C")]
