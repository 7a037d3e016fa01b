"""Screenshots of every course notebook after Run All, for a person to look at.

Not a test: a review tool (issue 13, "look at every notebook at 900 and 1366 px").
Starts an isolated JupyterLab (and, with ``--voila``, a Voila server) on
127.0.0.1 with a random token, exactly as the browser tests do, runs every
notebook in Chromium at each window width and saves:

* ``<out>/lab-<W>/<notebook>-screen.png``: the first screen, as a learner sees it
  (window W x 900);
* ``<out>/lab-<W>/<notebook>-NN.png``: the whole notebook, in pictures
  ``--piece`` px tall (the notebook panel scrolls inside JupyterLab, so the
  window is made as tall as the notebook before the pictures are taken);
* ``<out>/voila-<W>/<notebook>-NN.png``: the same for Voila (``--voila``);
* ``<out>/report.txt``: per notebook, error outputs and stderr text (warnings).

Usage: ``python tests/browser/shoot_notebooks.py --out shots [--widths 1366 900]
[--voila] [--only 03_equipment]``. Needs Chromium (``/usr/bin/chromium``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_helpers import INIT_SCRIPT, calls_show, notebook_paths, wait_rendered
from browser_servers import (
    NOTEBOOKS_DIR,
    REPO,
    free_port,
    isolated_env,
    jupyterlab,
    start_server,
)
from conftest import CHROMIUM_ARGS, chromium_executable
from test_jupyterlab import CLOSE, OPEN_AND_RUN

HEIGHT = 900

#: Error outputs and stderr streams of the open notebook.
OUTPUT_NOTES = r"""
() => window.__kbPanel.content.widgets.flatMap((cell, index) => {
  if (cell.model.type !== 'code') return [];
  return cell.model.outputs.toJSON().flatMap(o => {
    if (o.output_type === 'error') return [`cell ${index}: ERROR ${o.ename}: ${o.evalue}`];
    if (o.output_type === 'stream' && o.name === 'stderr')
      return [`cell ${index}: STDERR ${String(o.text).slice(0, 400)}`];
    return [];
  });
})
"""

#: Height the notebook panel's content needs, and where the panel starts.
PANEL_HEIGHT = r"""
(sel) => {
  const panel = document.querySelector(sel);
  const scroller = panel.querySelector('.jp-WindowedPanel-outer') ||
                   panel.querySelector('.jp-Notebook');
  const top = scroller.getBoundingClientRect().top;
  return {top, content: scroller.scrollHeight, shown: scroller.clientHeight};
}
"""


#: Scroll the notebook panel back to its first cell.
TO_TOP = r"""
(sel) => {
  const panel = document.querySelector(sel);
  const scroller = panel.querySelector('.jp-WindowedPanel-outer') ||
                   panel.querySelector('.jp-Notebook');
  scroller.scrollTop = 0;
}
"""


#: The tallest content height of the page or of any element that scrolls.
TALLEST = r"""
() => Math.max(document.documentElement.scrollHeight,
  ...Array.from(document.querySelectorAll('*')).filter(el => {
    const s = getComputedStyle(el);
    return /(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight;
  }).map(el => el.scrollHeight + el.getBoundingClientRect().top))
"""


def shoot_pieces(page: Any, stem: Path, piece: int) -> list[Path]:
    """The whole page in pictures ``piece`` px tall (``STEM-00.png`` ...)."""
    size = page.evaluate("() => [document.documentElement.scrollWidth,"
                         " document.documentElement.scrollHeight]")
    paths = []
    for k, top in enumerate(range(0, size[1], piece)):
        path = stem.parent / f"{stem.name}-{k:02d}.png"
        page.screenshot(path=str(path), full_page=True,
                        clip={"x": 0, "y": top, "width": size[0],
                              "height": min(piece, size[1] - top)})
        paths.append(path)
    return paths


def shoot_lab(browser: Any, server: Any, out: Path, width: int, names: list[str],
              piece: int, notes: list[str]) -> None:
    folder = out / f"lab-{width}"
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(server.url("/lab"))
    page.wait_for_function("() => !!window.jupyterapp", timeout=120_000)
    page.evaluate("async () => { await window.jupyterapp.started;"
                  " await window.jupyterapp.restored; }")
    try:
        for name in names:
            start = time.perf_counter()
            page.set_viewport_size({"width": width, "height": HEIGHT})
            run = page.evaluate(OPEN_AND_RUN, {"path": name, "timeoutMs": 300_000})
            root = f'[data-kb-nb="{name}"]'
            status = wait_rendered(page, root, expect_plots=False, timeout_s=90)
            page.wait_for_timeout(800)
            stem = Path(name).stem
            page.screenshot(path=str(folder / f"{stem}-screen.png"))
            size = page.evaluate(PANEL_HEIGHT, root)
            tall = int(size["top"] + size["content"] + 40)
            page.set_viewport_size({"width": width, "height": tall})
            page.wait_for_timeout(1500)
            page.evaluate(TO_TOP, root)
            page.wait_for_timeout(300)
            wait_rendered(page, root, expect_plots=False, timeout_s=60)
            pieces = shoot_pieces(page, folder / stem, piece)
            found = page.evaluate(OUTPUT_NOTES)
            notes.append(f"[lab {width}] {name}: run {run['result']} in {run['seconds']:.0f} s,"
                         f" {status['plots']} figures, {status['widgets']} widgets,"
                         f" {len(pieces)} pictures, {time.perf_counter() - start:.0f} s")
            notes += [f"    {n}" for n in found]
            print(notes[-1 - len(found)], flush=True)
            page.evaluate(CLOSE)
    finally:
        context.close()


def shoot_voila(browser: Any, out: Path, width: int, names: list[str], piece: int,
                notes: list[str], base: Path) -> None:
    import secrets

    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "voila", str(NOTEBOOKS_DIR), "--no-browser",
           "--Voila.ip=127.0.0.1", f"--port={port}", f"--token={token}",
           "--template=kickback", "--show_tracebacks=True"]
    env = isolated_env(base, jupyter_path=(REPO / "tools" / "jupyter",))
    server = start_server("voila", cmd, env, NOTEBOOKS_DIR, base / "voila.log", port, token)
    folder = out / f"voila-{width}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        server.wait_ready("/", timeout=90)
        context = browser.new_context(viewport={"width": width, "height": HEIGHT})
        context.add_init_script(INIT_SCRIPT)
        try:
            page = context.new_page()
            page.set_default_timeout(180_000)
            page.goto(server.url("/"), wait_until="load")
            page.wait_for_selector(f"text={names[0]}")
            page.screenshot(path=str(folder / "index.png"), full_page=True)
            for name in names:
                page = context.new_page()
                page.set_default_timeout(180_000)
                page.goto(server.url(f"/voila/render/{quote(name)}"), wait_until="load")
                status = wait_rendered(page, "body", expect_plots=calls_show(NOTEBOOKS_DIR / name),
                                       timeout_s=120)
                page.wait_for_timeout(800)
                # Voila's page scrolls inside an element too: make the window as tall.
                tall = page.evaluate(TALLEST)
                page.set_viewport_size({"width": width, "height": max(HEIGHT, tall)})
                page.wait_for_timeout(1000)
                pieces = shoot_pieces(page, folder / Path(name).stem, piece)
                page.set_viewport_size({"width": width, "height": HEIGHT})
                body = page.inner_text("body")
                bad = [w for w in ("Traceback", "Error", "Warning") if w in body]
                notes.append(f"[voila {width}] {name}: {status['plots']} figures,"
                             f" {len(pieces)} pictures; words seen: {bad}")
                print(notes[-1], flush=True)
                page.close()
        finally:
            context.close()
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--widths", type=int, nargs="+", default=[1366, 900])
    parser.add_argument("--piece", type=int, default=1100, help="height of one picture (px)")
    parser.add_argument("--voila", action="store_true", help="also shoot Voila")
    parser.add_argument("--no-lab", action="store_true", help="skip JupyterLab")
    parser.add_argument("--only", nargs="*", default=[], help="notebook name prefixes")
    args = parser.parse_args(argv)
    executable, why = chromium_executable()
    if executable is None:
        print(why, file=sys.stderr)
        return 1
    names = [p.name for p in notebook_paths(NOTEBOOKS_DIR)
             if not args.only or any(p.name.startswith(o) for o in args.only)]
    args.out.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kb-shots-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            if not args.no_lab:
                with jupyterlab(Path(tmp) / "lab", NOTEBOOKS_DIR) as server:
                    for width in args.widths:
                        shoot_lab(browser, server, args.out, width, names, args.piece, notes)
            if args.voila:
                for width in args.widths:
                    shoot_voila(browser, args.out, width, names, args.piece, notes,
                                Path(tmp) / f"voila-{width}")
        finally:
            browser.close()
    (args.out / "report.txt").write_text("\n".join(notes) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
