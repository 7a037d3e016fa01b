"""A printed handout (``make pdf``) keeps every figure whole on one page.

Handouts of notebooks 02 and 04 are printed by Chromium's print engine on
A4 and Letter (``tools/build_pdf.py``). Each PDF is read back with pypdf: each
figure's title, axis titles, last tick labels (what a clipped or split figure
loses first) and the caption under it must sit on the same page, inside the
paper, and no code may be printed.

Every notebook's handout is also read like a typesetter's proof
(``test_printed_pages_read_like_a_book``): no page ends with a heading or with a
sentence ending in ':' (whatever it introduces is then overleaf), every page
carries the footer with the notebook's title and "page N of M", and no page but
a notebook's last (or the one before its answer key, which starts a page of its
own) is more than ``MAX_BLANK`` empty below its last line, or
``MAX_BLANK_BEFORE_FIGURE`` when a figure too tall to fit starts the next page.
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


# Text within this many points above the paper's bottom edge is the footer.
FOOTER_ZONE_PT = build_pdf.build_html.PRINT_MARGIN_MM / 25.4 * 72
# The blank share of a page's text area below its last line. Measured on the A4
# handouts: a full page ends within 0-9% of its bottom; before this check, pages
# ran 36-81% blank where a quiz or the EMG table jumped whole to the next page and
# 44-70% blank where a figure did. A page may end early for a reason a typesetter
# accepts: the next page starts with a figure (its title in the top quarter) too
# tall to shrink into the gap (tools/build_pdf.py draws a figure down to 70% of its
# height to finish a page). Since the key-position panels and 05's ladder were
# drawn shorter (to 77-84% of their height), the worst such page is 54% blank (A4,
# 01's muscle map; Letter: 46%), down from 69% (05's ladder) and 66% (03's panels):
# 60% allows that and no more.
# Otherwise 40%: a block kept together that is pushed over (a paragraph ending in
# ':' with the readout it introduces, 04's model-versus-measured list) leaves 35%.
MAX_BLANK = 0.4
MAX_BLANK_BEFORE_FIGURE = 0.6
FIGURE_TITLES = """() => Array.from(document.querySelectorAll('.js-plotly-plot .gtitle'))
  .map(t => t.textContent.trim())"""
HEADINGS = """() => Array.from(document.querySelectorAll(
    '.jp-MarkdownCell h1, .jp-MarkdownCell h2, .jp-MarkdownCell h3, .jp-MarkdownCell h4'))
  .map(h => h.textContent.replace(/\u00b6/g, '').trim())"""
# Paragraphs, list items and outputs that end in ':' (they introduce what follows).
LEAD_INS = """() => Array.from(document.querySelectorAll('p, li, .jp-OutputArea-output'))
  .map(e => e.textContent.trim()).filter(t => t.endsWith(':'))"""


def page_problems(pdf: Path, title: str, headings: list[str], lead_ins: list[str],
                  figure_titles: list[str]) -> list[str]:
    """What a typesetter would send back on the printed ``pdf``, page by page."""
    _, runs, box = _text_runs(pdf)
    n_pages = len(PdfReader(str(pdf)).pages)
    top = float(box.height) - FOOTER_ZONE_PT
    text_height = top - FOOTER_ZONE_PT
    ends = [_squeeze(h)[-12:] for h in headings if len(_squeeze(h)) >= 4]
    leads = [_squeeze(t) for t in lead_ins]
    problems = []
    for n in range(n_pages):
        body = [r for r in runs if r[0] == n and r[2] > FOOTER_ZONE_PT]
        foot = _squeeze(" ".join(r[3] for r in runs if r[0] == n and r[2] <= FOOTER_ZONE_PT))
        where = f"{pdf.stem} page {n + 1}"
        if _squeeze(f"page {n + 1} of {n_pages}") not in foot or _squeeze(title)[:20] not in foot:
            problems.append(f"{where}: footer {foot!r} lacks the title or 'page {n + 1} of "
                            f"{n_pages}'")
        if not body:
            problems.append(f"{where}: no text")
            continue
        low = min(r[2] for r in body)
        last_line = _squeeze("".join(r[3] for r in sorted(
            (r for r in body if r[2] <= low + 2), key=lambda r: r[1])))
        if n == n_pages - 1:
            continue
        # A line can end in ':' inside a paragraph; only a lead-in's last line counts.
        if last_line.endswith(":") and any(t.endswith(last_line[-12:]) for t in leads):
            problems.append(f"{where} ends with {last_line[-40:]!r}: what it introduces is "
                            "overleaf")
        if any(len(last_line) >= 4 and e.endswith(last_line[-12:]) for e in ends):
            problems.append(f"{where} ends with the heading {last_line[-40:]!r}")
        following = [r for r in runs if r[0] == n + 1 and r[2] > FOOTER_ZONE_PT]
        first_next = _squeeze(max(following, key=lambda r: r[2])[3]) if following else ""
        blank = (low - FOOTER_ZONE_PT) / text_height
        upper = _squeeze("".join(r[3] for r in following if r[2] > top - text_height / 4))
        figure_next = any(_squeeze(t) in upper for t in figure_titles if t)
        limit = MAX_BLANK_BEFORE_FIGURE if figure_next else MAX_BLANK
        if blank > limit and not first_next.startswith("Answers"):
            problems.append(f"{where} is {blank:.0%} blank below its last line "
                            f"(next page starts {first_next[:30]!r})")
    return problems


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


# Every handout on A4; on Letter the longest one with most figures (02).
@pytest.mark.parametrize(("paper", "prefixes"), [
    ("A4", ("00_", "01_", "02_", "03_", "04_", "05_", "glossary")), ("Letter", ("02_",))])
def test_printed_pages_read_like_a_book(
    browser: Any, static_site: dict[str, Any], tmp_path: Path, paper: str,
    prefixes: tuple[str, ...]
) -> None:
    problems = []
    for prefix in prefixes:
        entry = _handout(static_site, prefix)
        html = static_site["out"] / entry["html"]
        pdf = tmp_path / f"{Path(entry['html']).stem}.pdf"
        build_pdf.print_page(browser, html, pdf, paper)
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(html.resolve().as_uri(), wait_until="load",
                      timeout=build_pdf.LOAD_GUARD_MS)
            headings, title = page.evaluate(HEADINGS), page.title()
            lead_ins = page.evaluate(LEAD_INS)
            figure_titles = page.evaluate(FIGURE_TITLES)
        finally:
            context.close()
        problems += page_problems(pdf, title, headings, lead_ins, figure_titles)
    assert problems == [], "\n".join(problems)
