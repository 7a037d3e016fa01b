"""Every course notebook in a real JupyterLab, driven by Chromium: run all
cells, no error, every figure and widget renders, every slider moves its
figure's data, and the page talks to nobody but the local server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import (
    INIT_SCRIPT,
    LATENCIES,
    TIMINGS,
    RequestLog,
    calls_show,
    move_slider,
    slider_problems,
    summary,
    wait_rendered,
)
from browser_servers import Server, http_status

pytestmark = pytest.mark.browser

RUN_TIMEOUT_MS = 240_000

OPEN_AND_RUN = r"""
async ({path, timeoutMs}) => {
  const app = window.jupyterapp;
  const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await panel.context.ready;
  await panel.sessionContext.ready;
  panel.node.setAttribute('data-kb-nb', path);
  app.shell.activateById(panel.id);
  const errors = [];
  panel.sessionContext.iopubMessage.connect((_, msg) => {
    const type = msg.header.msg_type;
    if (type === 'error') {
      const tb = (msg.content.traceback || []).join('\n').replace(/\x1b\[[0-9;]*m/g, '');
      errors.push(`${msg.content.ename}: ${msg.content.evalue}\n${tb.slice(-2500)}`);
    }
    if (type === 'stream' && msg.content.name === 'stderr' &&
        /Traceback \(most recent call last\)/.test(msg.content.text)) {
      errors.push(msg.content.text);
    }
  });
  window.__kbPanel = panel;
  window.__kbErrors = errors;
  const start = performance.now();
  const run = app.commands.execute('notebook:run-all-cells');
  const timeout = new Promise(resolve => setTimeout(() => resolve('timeout'), timeoutMs));
  const result = await Promise.race([run, timeout]);
  return {result: String(result), seconds: (performance.now() - start) / 1000,
          kernel: panel.sessionContext.session?.kernel?.name ?? null};
}
"""

CELL_REPORT = r"""
() => {
  const panel = window.__kbPanel;
  const cells = panel.content.widgets.map((cell, index) => {
    const model = cell.model;
    const outputs = model.type === 'code' ? model.outputs.toJSON() : [];
    return {
      index,
      type: model.type,
      empty: model.sharedModel.getSource().trim() === '',
      executionCount: model.type === 'code' ? model.executionCount : null,
      errors: outputs.filter(o => o.output_type === 'error')
        .map(o => `${o.ename}: ${o.evalue}`),
      widgetViews: outputs.filter(
        o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length,
    };
  });
  return {cells, iopubErrors: window.__kbErrors,
          status: panel.sessionContext.session?.kernel?.status ?? 'none'};
}
"""

#: Every drawn figure under a root: the width plotly drew it at and the width the page gives it.
PLOT_WIDTHS = r"""
(sel) => Array.from((document.querySelector(sel) || document.body)
    .querySelectorAll('.js-plotly-plot'))
  .map((p, i) => ({index: i, drawn: p._fullLayout?.width ?? null, given: p.clientWidth,
                   title: p._fullLayout?.title?.text ?? ''}))
  .filter(w => w.drawn !== null && w.given > 0)
"""

CLOSE = r"""
async () => {
  const panel = window.__kbPanel;
  if (!panel) return;
  window.__kbPanel = null;
  await panel.sessionContext.shutdown();
  panel.dispose();
}
"""


@pytest.fixture(scope="module")
def lab_page(browser: Any, lab_server: Server) -> Iterator[tuple[Any, RequestLog]]:
    """One JupyterLab tab for all the notebooks (the app loads once)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    log = RequestLog()
    log.attach(page)
    start = time.perf_counter()
    page.goto(lab_server.url("/lab"))
    page.wait_for_function("() => !!window.jupyterapp", timeout=90_000)
    page.evaluate("async () => { await window.jupyterapp.started;"
                  " await window.jupyterapp.restored; }")
    TIMINGS["jupyterlab: app loaded in the browser"] = time.perf_counter() - start
    try:
        yield page, log
    finally:
        context.close()


def misfits(page: Any, root: str) -> list[dict[str, Any]]:
    """Figures drawn at a width more than 2 px off the width the page gives them."""
    return [w for w in page.evaluate(PLOT_WIDTHS, root) if abs(w["drawn"] - w["given"]) > 2]


def assert_figures_fill_their_width(page: Any, root: str) -> None:
    """Every figure is as wide as the notebook lets it be, also after the side panel
    opens or closes (which changes the notebook's width, not the window's)."""
    assert page.evaluate(PLOT_WIDTHS, root), "no drawn figure to measure"
    assert misfits(page, root) == [], "figures not as wide as their place in the page"
    for _ in range(2):  # toggle the side panel, then put it back
        before = {w["index"]: w["given"] for w in page.evaluate(PLOT_WIDTHS, root)}
        page.evaluate("() => window.jupyterapp.commands.execute('application:toggle-left-area')")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and all(
                before.get(w["index"]) == w["given"] for w in page.evaluate(PLOT_WIDTHS, root)):
            page.wait_for_timeout(100)
        deadline = time.monotonic() + 10
        while misfits(page, root) and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        assert misfits(page, root) == [], "figures did not follow the notebook's new width"


def test_server_requires_the_token(lab_server: Server) -> None:
    """The API answers with the token and refuses without it."""
    assert http_status(lab_server.url("/api/contents")) == 200
    assert http_status(lab_server.url("/api/contents", token=False)) in (401, 403)


def test_notebook_in_jupyterlab(
    lab_page: tuple[Any, RequestLog], lab_server: Server, notebook: Path
) -> None:
    """Run all, no errors, everything renders, every slider moves its plot."""
    page, log = lab_page
    log_start = len(lab_server.log_tail(10**9))
    start = time.perf_counter()
    try:
        run = page.evaluate(OPEN_AND_RUN, {"path": notebook.name, "timeoutMs": RUN_TIMEOUT_MS})
        report = page.evaluate(CELL_REPORT)
        server_log = lab_server.log_tail(10**9)[log_start:]
        assert run["kernel"] == "python3", run
        assert run["result"] != "timeout", f"run-all did not finish in {RUN_TIMEOUT_MS} ms"
        errors = [f"cell {c['index']}: {e}" for c in report["cells"] for e in c["errors"]]
        errors += report["iopubErrors"]
        assert not errors, "error output:\n" + "\n".join(errors) + "\n" + server_log[-3000:]
        not_run = [c["index"] for c in report["cells"]
                   if c["type"] == "code" and not c["empty"] and c["executionCount"] is None]
        assert not not_run, f"code cells not executed: {not_run} (run-all: {run})"

        root = f'[data-kb-nb="{notebook.name}"]'
        widget_views = sum(c["widgetViews"] for c in report["cells"])
        status = wait_rendered(page, root, expect_plots=calls_show(notebook), timeout_s=60,
                               expect_widgets=widget_views)
        assert status["widgetErrors"] == [], status
        assert status["widgets"] == widget_views, (
            f"{widget_views} widget outputs in the notebook, {status['widgets']} rendered: {status}"
        )
        assert status["widgetsLoading"] == 0, f"widgets never rendered: {status}"
        assert status["drawn"] == status["plots"], f"figures not drawn: {status}"
        if calls_show(notebook):
            assert status["plots"] > 0, f"the notebook calls show() but no figure: {status}"

        if status["plots"]:
            assert_figures_fill_their_width(page, root)

        moves = []
        handles = page.locator(f"{root} .widget-slider .noUi-handle")
        for i in range(handles.count()):
            handle = handles.nth(i)
            if not handle.is_visible():
                continue
            if handle.evaluate("h => h.closest('[disabled]') !== null"):
                continue  # greyed out: it does not apply to the current settings
            moves.append(move_slider(page, handle.element_handle(), root))
        latencies = [m["latency"] for m in moves if m["plotChanged"]]
        LATENCIES["jupyterlab"].extend(latencies)
        errors = page.evaluate("window.__kbErrors")
        problems = slider_problems(moves)
        server_log = lab_server.log_tail(10**9)[log_start:]
        assert not errors and not problems, (
            "errors raised by the widgets while moving sliders:\n" + "\n".join(errors)
            + "\nslider problems:\n" + "\n".join(problems)
            + "\nserver log:\n" + server_log[-3000:]
        )
        print(
            f"\n[lab] {notebook.name}: run-all {run['seconds']:.1f} s, "
            f"{status['plots']} figure(s), {status['widgets']} widget(s), "
            f"{len(moves)} slider(s) moved: {summary(latencies)}; "
            f"total {time.perf_counter() - start:.1f} s"
        )
    finally:
        try:
            page.evaluate(CLOSE)
        except Exception as exc:  # the test's own failure matters more
            print(f"\n[lab] could not close {notebook.name}: {exc}")
    assert log.external() == [], f"requests left the machine: {log.external()}"
