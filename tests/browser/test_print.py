"""A printed handout (``make pdf``) keeps every figure whole on one page.

Handouts of notebooks 02 and 04 are printed by Chromium's print engine on
A4 and Letter (``tools/build_pdf.py``). Each PDF is read back with pypdf: each
figure's title, axis titles, last tick labels (what a clipped or split figure
loses first) and the caption under it must sit on the same page, inside the
paper, and no code may be printed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from browser_servers import REPO
from pypdf import PdfReader

sys.path.insert(0, str(REPO / "tools"))
import build_pdf

pytestmark = pytest.mark.browser

# The text plotly drew for each figure, read after the print relayout.
FIGURE_TEXTS = r"""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => {
  const text = sel => Array.from(el.querySelectorAll(sel)).map(t => t.textContent.trim())
      .filter(t => t);
  const first = sel => { const t = el.querySelector(sel); return t ? t.textContent.trim() : ''; };
  return {
    title: (el.querySelector('.gtitle tspan.line') || el.querySelector('.gtitle') || {})
        .textContent || '',
    xtitle: first('.g-xtitle'),
    ytitle: first('.g-ytitle'),
    lastx: text('.xaxislayer-above .xtick text').slice(-1)[0] || '',
    width: el._fullLayout.width,
    // The caption: the text output right after the figure's, in the same cell.
    caption: (() => {
      const child = el.closest('.jp-OutputArea-child');
      const next = child && child.nextElementSibling;
      return next ? next.textContent.trim().replace(/\s+/g, ' ').slice(0, 50) : '';
    })(),
  };
})"""


def _text_runs(pdf: Path) -> tuple[list[list[str]], list[tuple[int, float, float, str]], Any]:
    """Per page the text strings, every run with its position, and the page box."""
    reader = PdfReader(str(pdf))
    pages: list[list[str]] = []
    runs: list[tuple[int, float, float, str]] = []
    for n, page in enumerate(reader.pages):
        strings: list[str] = []

        def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any,
                  n: int = n, strings: list[str] = strings) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                strings.append(text.strip())
                runs.append((n, x, y, text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(strings)
    return pages, runs, reader.pages[0].mediabox


def _squeeze(text: str) -> str:
    """``text`` without whitespace, the PDF's ligatures (fi, fl) spelled out."""
    return "".join(text.replace("\ufb01", "fi").replace("\ufb02", "fl").split())


def _page_of(pages: list[list[str]], needle: str) -> list[int]:
    """One page index per occurrence of ``needle`` (whitespace-insensitive), in order."""
    return [n for n, strings in enumerate(pages)
            for _ in range(_squeeze("".join(strings)).count(_squeeze(needle)))]


def _handout(static_site: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The handout of the notebook named ``prefix...``, else the one with most figures."""
    pages = static_site["pages"]
    named = [p for p in pages if p["notebook"].startswith(prefix)]
    return named[0] if named else max(pages, key=lambda p: p["figures"])


# 02: full-width side views and an animation; 04: the figure whose caption a page
# break once left at the top of the next page (the stance explorer's).
@pytest.mark.parametrize(("paper", "handout"),
                         [("A4", "02_"), ("Letter", "02_"), ("A4", "04_")])
def test_printed_figures_are_whole_and_on_one_page(
    browser: Any, static_site: dict[str, Any], tmp_path: Path, paper: str, handout: str
) -> None:
    entry = _handout(static_site, handout)
    html = static_site["out"] / entry["html"]
    pdf = tmp_path / f"{handout}{paper}.pdf"
    report = build_pdf.print_page(browser, html, pdf, paper)
    assert report["blocked"] == [] and report["errors"] == [], report
    assert report["figures"] == entry["figures"] > 0

    # What each figure drew at the print width (the page script does it on print).
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(html.resolve().as_uri(), wait_until="load", timeout=build_pdf.LOAD_GUARD_MS)
        page.emulate_media(media="print")
        page.evaluate("() => window.kickbackPrint(true)")
        figures = page.evaluate(FIGURE_TEXTS)
        code_shown = page.evaluate(
            "() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-Cell-inputWrapper'))"
            ".filter(el => el.offsetParent !== null).length"
        )
    finally:
        context.close()
    assert code_shown == 0, f"{code_shown} code cell(s) would be printed"
    assert len(figures) == entry["figures"]

    pages, runs, box = _text_runs(pdf)
    # Every piece of text starts on the paper, and left of the right margin: a
    # figure wider than the page is clipped there, and the labels past it start
    # beyond it (the PDF still holds clipped text, so this catches it).
    right = float(box.width) - build_pdf.build_html.PRINT_MARGIN_MM / 25.4 * 72
    outside = [r for r in runs
               if not (0 <= r[1] <= right and 0 <= r[2] <= float(box.height))]
    assert outside == [], f"text printed outside the {paper} printable area: {outside[:5]}"
    problems = []
    seen: dict[str, int] = {}
    for k, fig in enumerate(figures, start=1):
        assert fig["width"] <= build_pdf.build_html.PRINT_WIDTH_PX
        assert fig["title"] and fig["xtitle"] and fig["lastx"], f"figure {k}: {fig}"
        # Figures may share a title: the i-th figure with it is its i-th occurrence.
        nth = seen[fig["title"]] = seen.get(fig["title"], -1) + 1
        where = _page_of(pages, fig["title"])[nth:nth + 1]
        if not where:
            problems.append(f"figure {k} title {fig['title']!r} is not in the PDF")
            continue
        strings = [pages[where[0]]]
        for part in ("xtitle", "ytitle", "lastx", "caption"):
            if fig[part] and not _page_of(strings, fig[part]):
                problems.append(
                    f"figure {k} ({fig['title']!r}): its {part} {fig[part]!r} is not on "
                    f"page {where[0] + 1} with its title (clipped or split)"
                )
    assert problems == [], "\n".join(problems)
