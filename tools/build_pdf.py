"""Print the static handouts to PDF: one file per notebook and one for the course.

Builds the HTML handouts first (``tools/build_html.py``; pass ``--html`` to
reuse a build), then prints every page with Chromium's own print engine
(Playwright's ``page.pdf``), offline: every request that would leave the
machine is refused. Before printing, each figure is redrawn at the printable
width (``window.kickbackPrint(true)``, the script the handouts carry for a
reader who prints from the browser), so it is whole on the page; the print
stylesheet hides code and keeps figures, tables and answer boxes from
splitting across pages.

Writes ``<out>/<notebook>.pdf`` and ``<out>/course.pdf`` (every page, in
course order, joined with pypdf).

Usage: ``python tools/build_pdf.py --out build/pdf [--paper A4|Letter] [--html build/html]``

Needs Chromium (``/usr/bin/chromium``, or ``KICKBACK_CHROMIUM``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pypdf import PdfWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_html

PAPERS = ("A4", "Letter")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_PREFIXES = ("file:", "data:", "blob:", "about:")
LOAD_GUARD_MS = 180_000


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

    The result has ``figures`` (how many plotly figures were redrawn for
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
        page.pdf(path=str(pdf), format=paper, print_background=True,
                 margin={"top": margin, "bottom": margin, "left": margin, "right": margin})
    finally:
        context.close()
    return {"figures": figures, "blocked": blocked, "errors": errors}


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
            print(f"{pdf}  {report['figures']} figure(s)")
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
