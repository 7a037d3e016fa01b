"""Print the static handouts to PDF: one file per notebook and one for the course.

Builds the HTML handouts first (``tools/build_html.py``; pass ``--html`` to
reuse a build), then prints every page with Chromium's own print engine
(Playwright's ``page.pdf``), offline: every request that would leave the
machine is refused. Before printing, each figure is redrawn at the printable
width (``window.kickbackPrint(true)``, the script the handouts carry for a
reader who prints from the browser), so it is whole on the page; the print
stylesheet hides code and keeps figures, tables and answer boxes from
splitting across pages. A figure that would move whole to the next page and leave
more than ``GAP_SHARE`` of a page blank behind it is drawn shorter, down to
``MIN_FIGURE_SCALE`` of its height, if that lets it (and the paragraph leading into
it) finish the page: the page is printed, read back, and printed again, one figure
per round. Every page has a footer: the course, the notebook's
title and "page N of M" (Chromium's own header/footer, ``FOOTER_TEMPLATE``).

Writes ``<out>/<notebook>.pdf`` and ``<out>/course.pdf`` (every page, in
course order, joined with pypdf).

Usage: ``python tools/build_pdf.py --out build/pdf [--paper A4|Letter] [--html build/html]``

Needs Chromium (``/usr/bin/chromium``, or ``KICKBACK_CHROMIUM``).
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_html

PAPERS = ("A4", "Letter")
PAPER_WIDTH_MM = {"A4": 210.0, "Letter": 215.9}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_PREFIXES = ("file:", "data:", "blob:", "about:")
LOAD_GUARD_MS = 180_000

# Chromium fills the spans of class pageNumber and totalPages; the footer sits in the
# bottom margin. Its template has no access to the page's styles: all inline.
FOOTER_TEMPLATE = (
    '<div style="width:100%; margin:0 {margin}mm; font:7.5pt Arial, Helvetica, sans-serif;'
    ' color:#444; display:flex; justify-content:space-between; gap:8mm;">'
    '<span style="overflow:hidden; white-space:nowrap; text-overflow:ellipsis;">{title}</span>'
    '<span style="white-space:nowrap;">page <span class="pageNumber"></span> of'
    ' <span class="totalPages"></span></span></div>'
)


# Shrink a figure into the blank it would leave when at most this much shorter;
# below that the labels crowd and a half-empty page reads better.
MIN_FIGURE_SCALE = 0.7
GAP_SHARE = 0.25
MAX_FIT_ROUNDS = 6
PT_TO_PX = 96 / 72

# Per figure: its title, height now and as first drawn, and the height (CSS px, laid out at the
# paper's text width) of what moves with it to a new page: the markdown cells and
# outputs leading into it (class kb-leads-in), the figure and the output after it
# (its caption), measured from the end of what precedes it; plus that block's
# text, to recognise it at the top of a page.
FIGURE_BLOCKS = r"""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => {
  const child = el.closest('.jp-OutputArea-child');
  let first = child.previousElementSibling && child.previousElementSibling
      .classList.contains('kb-leads-in') ? child.previousElementSibling : child;
  let cell = child.closest('.jp-Cell');
  const lead = [];
  if (first === child || !first.previousElementSibling) {
    let prev = cell.previousElementSibling;
    while (prev && (prev.classList.contains('kb-leads-in') || prev.offsetHeight === 0)) {
      if (prev.offsetHeight) lead.unshift(prev);
      prev = prev.previousElementSibling;
    }
  }
  const top = lead.length ? lead[0] : first;
  const last = child.nextElementSibling || child;
  // The block starts where what stays on the page before it ends (margins included).
  let before = top;
  for (;;) {
    let prev = before.previousElementSibling;
    while (prev && prev.offsetHeight === 0) prev = prev.previousElementSibling;
    if (prev) { before = prev; break; }
    before = before.parentElement;
    if (!before || before.matches('body, main, .jp-Notebook')) break;
  }
  const start = before && before !== top && !before.matches('body, main, .jp-Notebook')
      ? before.getBoundingClientRect().bottom : top.getBoundingClientRect().top;
  const text = [...lead, first, child, last].map(e => e.textContent).join(' ');
  return {
    title: (el.querySelector('.gtitle') || {}).textContent || '',
    height: el._fullLayout.height,
    drawn: Number(el.dataset.kbDrawnHeight || el._fullLayout.height),
    block: last.getBoundingClientRect().bottom - start,
    text: text.replace(/\s+/g, ''),
  };
})"""


# Draw figure k h px tall; its div and plotly's wrapper around it keep the height
# they were embedded with otherwise.
SET_HEIGHT = """([k, h]) => {
  const el = document.querySelectorAll('.js-plotly-plot')[k];
  el.dataset.kbDrawnHeight = el.dataset.kbDrawnHeight || el._fullLayout.height;
  el.style.height = h + 'px';
  if (el.parentElement.style.height) el.parentElement.style.height = h + 'px';
  return window.Plotly.relayout(el, {height: h}).then(() => null);
}"""


def _squeeze(text: str) -> str:
    return "".join(text.replace("\ufb01", "fi").replace("\ufb02", "fl").split())


def _page_texts(pdf: bytes) -> tuple[list[str], list[str], list[float], float]:
    """Per page: all text, its top-most run, the lowest text's height above the
    bottom margin (pt); and the height of the text area (pt)."""
    reader = PdfReader(io.BytesIO(pdf))
    margin = build_html.PRINT_MARGIN_MM / 25.4 * 72
    texts, tops, lows = [], [], []
    for page in reader.pages:
        runs: list[tuple[float, str]] = []

        def visit(text: str, cm: Any, tm: Any, _f: Any, _s: Any,
                  runs: list[tuple[float, str]] = runs) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and y > margin:
                runs.append((y, text))

        page.extract_text(visitor_text=visit)
        texts.append(_squeeze("".join(t for _, t in runs)))
        tops.append(_squeeze(max(runs)[1]) if runs else "")
        lows.append(min(y for y, _ in runs) - margin if runs else 0.0)
    height = float(reader.pages[0].mediabox.height) - 2 * margin
    return texts, tops, lows, height


def figure_to_shrink(pdf: bytes, blocks: list[dict[str, Any]],
                     done: frozenset[int] = frozenset()) -> tuple[int, float] | None:
    """The first figure that starts a page after a blank of more than ``GAP_SHARE``
    and fits into that blank when drawn at least ``MIN_FIGURE_SCALE`` of its
    height: (its index, its new height in px); ``None`` if there is none. Figures
    in ``done`` were shrunk once already and are left as they are."""
    texts, tops, lows, height = _page_texts(pdf)
    seen: dict[str, int] = {}
    for k, block in enumerate(blocks):
        title = _squeeze(block["title"])
        nth = seen[title] = seen.get(title, -1) + 1
        pages = [n for n, t in enumerate(texts) for _ in range(t.count(title))] if title else []
        if k in done or nth >= len(pages) or pages[nth] == 0:
            continue
        n = pages[nth]
        blank = lows[n - 1] / height
        if blank <= GAP_SHARE or not tops[n] or tops[n] not in block["text"]:
            continue
        room = lows[n - 1] * PT_TO_PX - 24  # a line's worth of safety
        new = block["height"] - (block["block"] - room)
        if new >= MIN_FIGURE_SCALE * block["drawn"]:
            return k, new
    return None


def footer(title: str) -> str:
    """The footer of every printed page: ``<course> · <title>``, then "page N of M"."""
    text = f"{build_html.COURSE_TITLE.split(':')[0]} \u00b7 {title}"
    return FOOTER_TEMPLATE.format(margin=build_html.PRINT_MARGIN_MM, title=html.escape(text))


def chromium_path() -> str:
    """The Chromium binary: ``KICKBACK_CHROMIUM``, ``/usr/bin/chromium`` or on PATH."""
    for candidate in (os.environ.get("KICKBACK_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    raise build_html.BuildError(
        "Chromium not found: install it (apt-get install chromium) or set KICKBACK_CHROMIUM"
    )


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (Playwright), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def print_page(browser: Any, html: Path, pdf: Path, paper: str = "A4") -> dict[str, Any]:
    """Print one handout page to ``pdf``; returns what the page reported.

    The result has ``shrunk`` (indices of the figures drawn shorter to finish a
    page), ``figures`` (how many plotly figures were redrawn for
    print), ``blocked`` (URLs the page tried to reach off the machine; the
    requests were refused) and ``errors`` (JavaScript errors).
    """
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}; got {paper!r}")
    # A laptop-sized window: figures first draw as wide as a learner's screen.
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    blocked: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(LOCAL_PREFIXES):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        # The load event waits for plotly.js (~4 MB inline) and every figure; that is
        # CPU-bound work that ends, so the guard is only against a hung browser.
        page.goto(html.resolve().as_uri(), wait_until="load", timeout=LOAD_GUARD_MS)
        page.emulate_media(media="print")
        figures = page.evaluate("() => window.kickbackPrint ? window.kickbackPrint(true) : -1")
        if figures == -1:
            raise build_html.BuildError(
                f"{html.name} has no print script: rebuild it with tools/build_html.py"
            )
        margin = f"{build_html.PRINT_MARGIN_MM}mm"
        options = {"format": paper, "print_background": True, "display_header_footer": True,
                   "margin": {"top": margin, "bottom": margin, "left": margin, "right": margin},
                   "header_template": "<span></span>", "footer_template": footer(page.title())}
        # Lay the page out at the paper's text width, as the print engine will.
        width_mm = PAPER_WIDTH_MM[paper] - 2 * build_html.PRINT_MARGIN_MM
        page.set_viewport_size({"width": round(width_mm / 25.4 * 96), "height": 900})
        shrunk = []
        for _ in range(MAX_FIT_ROUNDS):
            printed = page.pdf(**options)
            fit = figure_to_shrink(printed, page.evaluate(FIGURE_BLOCKS), frozenset(shrunk))
            if fit is None:
                break
            page.evaluate(SET_HEIGHT, [fit[0], round(fit[1])])
            shrunk.append(fit[0])
        pdf.write_bytes(printed)
    finally:
        context.close()
    return {"figures": figures, "blocked": blocked, "errors": errors, "shrunk": shrunk}


def build(html_dir: Path, out: Path, paper: str = "A4") -> list[Path]:
    """Print every page listed in ``html_dir/manifest.json``; returns the PDFs."""
    manifest = json.loads((html_dir / "manifest.json").read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    pdfs: list[Path] = []
    problems: list[str] = []
    with chromium() as browser:
        for entry in manifest["pages"]:
            html = html_dir / entry["html"]
            pdf = out / (Path(entry["html"]).stem + ".pdf")
            report = print_page(browser, html, pdf, paper)
            problems += [f"{html.name}: tried to reach {u}" for u in report["blocked"]]
            problems += [f"{html.name}: JavaScript error {e}" for e in report["errors"]]
            pdfs.append(pdf)
            print(f"{pdf}  {report['figures']} figure(s), {len(report['shrunk'])} drawn shorter"
                  " to finish a page")
    if problems:
        raise build_html.BuildError("printing failed:\n  " + "\n  ".join(problems))
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(str(pdf), outline_item=pdf.stem)
    course = out / "course.pdf"
    with course.open("wb") as fh:
        writer.write(fh)
    print(f"{course}  ({len(pdfs)} notebooks)")
    return [*pdfs, course]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=build_html.REPO / "build" / "pdf")
    parser.add_argument("--paper", choices=PAPERS, default="A4")
    parser.add_argument("--html", type=Path, default=None,
                        help="reuse this HTML build instead of building it again")
    parser.add_argument("--notebooks", type=Path, default=build_html.REPO / "notebooks")
    args = parser.parse_args(argv)
    try:
        html_dir = args.html
        if html_dir is None:
            html_dir = build_html.REPO / "build" / "html"
            build_html.build(args.notebooks, html_dir)
        build(html_dir, args.out, args.paper)
    except build_html.BuildError as exc:
        print(f"build_pdf: ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
