"""ResistanceLab in a real JupyterLab at 900 px window height: every settings slider and
the curve it moves are on screen together.

A notebook holding one ResistanceLab with all four devices ticked (the most controls
it can show) runs in an isolated JupyterLab, file browser open, in Chromium windows of
1366×900 and 900×900. The notebook is scrolled so that the highest of the visible
sliders and the figure's plot area (the axes' rectangle, where the curves are) sits
at the top of the notebook's visible area; then every visible slider and the plot
area must lie inside that area and inside the window, before and after a settings
slider is moved (pulley height, key press). The figure is drawn at the width the
layout gives it.

Set ``KICKBACK_SCREENSHOTS`` to a folder to keep a screenshot of each window size.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser_helpers import INIT_SCRIPT, wait_rendered
from browser_servers import Server, jupyterlab

pytestmark = pytest.mark.browser

WINDOWS = ((1366, 900), (900, 900))
NOTEBOOK = "resistance_lab.ipynb"
ROOT = ".jp-NotebookPanel:not(.lm-mod-hidden)"
SOURCE = ("from kickback_edu.widgets import ResistanceLab\n"
          "lab = ResistanceLab(show=('bodyweight', 'band', 'cable', 'machine'))\n"
          "lab")

RUN = r"""
async (path) => {
  const app = window.jupyterapp;
  if (app.shell.leftCollapsed) await app.commands.execute('filebrowser:activate');
  const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await panel.context.ready;
  await panel.sessionContext.ready;
  app.shell.activateById(panel.id);
  app.commands.execute('notebook:run-all-cells');
}
"""

#: Scroll the notebook (if ``scroll``) so that the top of the sliders-and-plot block is at
#: the top of its visible area; return that area, the window and the boxes (page px).
MEASURE = r"""
({root, scroll}) => {
  const panel = document.querySelector(root);
  const gd = panel.querySelector('.js-plotly-plot');
  const plotArea = gd.querySelector('.nsewdrag');
  const sliders = Array.from(panel.querySelectorAll('.jp-OutputArea .widget-slider'))
    .filter(el => el.offsetParent !== null);
  let scroller = gd.parentElement;
  while (scroller && !(scroller.scrollHeight > scroller.clientHeight &&
         /(auto|scroll)/.test(getComputedStyle(scroller).overflowY))) {
    scroller = scroller.parentElement;
  }
  const box = el => { const r = el.getBoundingClientRect();
                      return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  const label = el => (el.querySelector('.widget-label')?.textContent || '').trim();
  const top = Math.min(box(plotArea).top, ...sliders.map(s => box(s).top));
  if (scroll) scroller.scrollTop += top - box(scroller).top - 4;
  return {
    view: box(scroller),
    window: {top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth},
    plot: box(plotArea),
    sliders: sliders.map(s => ({label: label(s), ...box(s)})),
    drawnWidth: gd._fullLayout.width, givenWidth: gd.clientWidth,
    leftPanelOpen: !window.jupyterapp.shell.leftCollapsed,
  };
}
"""


def _outside(box: dict[str, float], area: dict[str, float]) -> bool:
    return (box["top"] < area["top"] - 1 or box["bottom"] > area["bottom"] + 1
            or box["left"] < area["left"] - 1 or box["right"] > area["right"] + 1)


def _problems(m: dict[str, Any]) -> list[str]:
    found = []
    for name, area in (("the notebook's visible area", m["view"]), ("the window", m["window"])):
        if _outside(m["plot"], area):
            found.append(f"the plot area {m['plot']} is not inside {name} {area}")
        for s in m["sliders"]:
            if _outside(s, area):
                found.append(f"slider {s['label']!r} {s} is not inside {name} {area}")
    return found


@pytest.fixture(scope="module")
def lab_with_resistance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An isolated JupyterLab serving a folder with one ResistanceLab notebook."""
    folder = tmp_path_factory.mktemp("resistance-nb")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(SOURCE)]
    nbformat.write(nb, folder / NOTEBOOK)
    with jupyterlab(tmp_path_factory.mktemp("lab-resistance"), folder) as server:
        yield server


def test_settings_sliders_and_curve_fit_on_screen_together(
    browser: Any, lab_with_resistance: Server
) -> None:
    shots = os.environ.get("KICKBACK_SCREENSHOTS")
    width, height = WINDOWS[0]
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(INIT_SCRIPT)
    problems: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(lab_with_resistance.url("/lab/workspaces/layout?reset"))
        page.wait_for_function("() => !!window.jupyterapp")
        page.evaluate("async () => { await window.jupyterapp.started;"
                      " await window.jupyterapp.restored; }")
        # The file browser open, as JupyterLab starts (it narrows the notebook); the
        # notebook's kernel ready, then every cell run (not awaited: that promise settles
        # only when the cells have run).
        page.evaluate(RUN, NOTEBOOK)
        status = wait_rendered(page, ROOT, True, 120, expect_widgets=1)
        assert status["drawn"] == status["plots"] == 1 and not status["widgetErrors"], status
        for width, height in WINDOWS:
            page.set_viewport_size({"width": width, "height": height})
            deadline = time.monotonic() + 10
            m = page.evaluate(MEASURE, {"root": ROOT, "scroll": True})
            while abs(m["drawnWidth"] - m["givenWidth"]) > 2 and time.monotonic() < deadline:
                page.wait_for_timeout(200)
                m = page.evaluate(MEASURE, {"root": ROOT, "scroll": True})
            page.wait_for_timeout(300)
            m = page.evaluate(MEASURE, {"root": ROOT, "scroll": True})
            where = f"{width}x{height}"
            assert m["leftPanelOpen"], f"{where}: the file browser is closed"
            assert abs(m["drawnWidth"] - m["givenWidth"]) <= 2, (
                f"{where}: figure drawn {m['drawnWidth']} px wide in {m['givenWidth']} px")
            print(f"{where}: the figure is {m['givenWidth']} px wide")
            labels = [s["label"] for s in m["sliders"]]
            assert any("Pulley height" in t for t in labels), labels  # all devices' settings
            problems += [f"{where}: {p}" for p in _problems(m)]
            if shots:
                page.screenshot(path=str(Path(shots) / f"resistance-lab-{where}.png"))
            # Drag a settings slider (a key press moves it as a drag does): without scrolling,
            # all stays in view (nothing jumps).
            handle = page.locator(f"{ROOT} .widget-slider", has_text="Pulley height")
            handle.locator(".noUi-handle").press("ArrowRight")
            page.wait_for_timeout(800)
            after = page.evaluate(MEASURE, {"root": ROOT, "scroll": False})
            problems += [f"{where}, after moving the pulley: {p}" for p in _problems(after)]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
