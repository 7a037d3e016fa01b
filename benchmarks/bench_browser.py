"""Slider step → plot latency of the course widgets in a real JupyterLab + headless Chromium.

What is measured
----------------
A temporary notebook (in a temp dir, never in the repo) has a setup cell
(imports) and one cell per case, each showing one widget: a toy baseline (a
``go.FigureWidget`` with one 200-point line and an ``IntSlider`` whose
observer sets ``y`` inside ``fig.batch_update()``) and each course widget with
its default arguments, except ``MuscleMap``, shown with ``mode="involvement"``
(by default it colours by role and its two sliders are disabled). An isolated
JupyterLab (the browser tests' helpers: 127.0.0.1, random token, own process
group, temp HOME and Jupyter dirs) opens it in headless Chromium (the tests'
flags) and runs all cells.

For every enabled, visible slider of each cell, after one unrecorded warm-up
press, an arrow key is pressed ``--steps`` times, alternating right/left so the
value stays in range (with ``--sweep``: walking to one end and back, so most
steps are new values; alternating revisits two values, which the widgets'
caches may serve). If the warm-up press leaves the plot unchanged (e.g. a
model that saturates above the default value), the slider is worked on the
other side of its start. Each step waits until the plotted data of the cell
changes (the tests' probe ``ARM_PROBE``: a signature of every
``.js-plotly-plot``'s ``_fullData`` + shapes and annotations, polled once per
animation frame), then until every comm message the page sent has been
answered by the kernel's ``idle``, then ``--settle-ms``.

Columns (ms; after ``min``, medians over the steps):

* ``median / p95 / min``: keydown → plotted data changed (what a learner waits);
  ``miss``: steps whose plotted data did not change (only the readout did, or
  timeout).
* ``×med`` and ``×p95``: the slider's median over the toy's median (the floor: a
  minimal FigureWidget with one slider, measured in the same run, so under the same
  load) and its p95 over the toy's p95. The targets (issue 13): a median within
  :data:`MEDIAN_TARGET` × the floor and a p95 within :data:`P95_TARGET` × the floor's
  p95. The p95 is compared with the floor's own p95, not its median: both are the tail
  of the same measurement on the same machine at the same time (a busy moment slows
  the toy's worst steps too), whereas twice a median would compare a tail with a centre.
  A line after the table names every slider over a target (or says none is).
* ``send``: keydown → the slider's ``comm_msg`` leaves the page. Messages are
  timed with JupyterLab's ``kernel.anyMessage`` signal; the slider's message is
  the one the figure update answers (a slider ``jslink``-ed to a ``Play`` makes
  the Play send first, and the kernel handles that first).
* ``in``: sent → the kernel's ``busy`` for it (kernel clock, ``header.date``;
  the browser and the kernel share the machine's clock).
* ``kernel``: the kernel's busy → idle for that message: the Python callback
  and sending the figure update.
* ``out``: the figure's ``_py2js_update`` made in the kernel (its
  ``header.date``) → received by the page: kernel iopub thread, jupyter_server
  and websocket, behind the messages sent before it (status, ``echo_update``
  of the value, the figure's edit ids).
* ``rtt``: slider message sent → ``_py2js_update`` received (in + kernel + out).
* ``sync``: plotly.js's call on the cell's figure → end of that JavaScript task
  (the synchronous part: for ``Plotly.update``, the whole redraw plus the widget
  sending its trace/layout deltas; ``Plotly.animate`` draws in later frames).
* ``redraw``: the same call → its completion event (``plotly_update`` when
  ``Plotly.update``'s promise resolves; ``plotly_animated`` for
  ``Plotly.animate``, which includes waiting for animation frames). ``via``
  says which: ``update`` (a FigureWidget's ``_py2js_update``) or ``animate``
  (``_py2js_animate``, a zero-length frame that redraws only some traces).
  The start of ``update``/``restyle``/``relayout`` is caught with a setter on
  the plot div's ``_promises`` (plotly.js resets it first thing), that of
  ``animate`` by its ``plotly_animating`` event, the ends with ``gd.on(...)``:
  ``window.Plotly`` exists, but every FigureWidget has its own copy of plotly.js
  (anywidget imports the bundle once per widget from a ``blob:`` URL) and
  ``window.Plotly`` is only the last one loaded, so wrapping it misses the
  other figures.
* ``tail``: ``_py2js_update`` received → data change seen by the probe
  (decoding, the widget model, the redraw, the next animation frame).
* ``back``: kernel busy time on the messages the page sent after the update
  (the figure's trace and layout deltas); off the latency path, but it holds the
  kernel while a learner keeps dragging.

A benchmark, not a test: it prints numbers and never fails on a time. The load
average (``os.getloadavg()``) is printed at start and end: on a busy machine
every figure is inflated.

Run: ``.venv/bin/python benchmarks/bench_browser.py [--quick] [--steps N]
[--case NAME ...] [--sweep]`` (about 3 minutes in full, 1 with ``--quick``).
Needs Chromium (``$KICKBACK_CHROMIUM`` or ``/usr/bin/chromium``) and
Playwright. Ctrl-C stops JupyterLab (its process group), Chromium and removes
the temp dir.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from browser_helpers import ARM_PROBE, INIT_SCRIPT, wait_rendered  # noqa: E402
from browser_servers import jupyterlab  # noqa: E402
from conftest import CHROMIUM_ARGS, chromium_executable  # noqa: E402
from test_jupyterlab import CELL_REPORT, CLOSE, OPEN_AND_RUN  # noqa: E402

NOTEBOOK = "bench_browser.ipynb"
#: Targets of issue 13: a slider's median within this × the toy's median (the floor) ...
MEDIAN_TARGET = 1.3
#: ... and its p95 within this × the toy's p95.
P95_TARGET = 2.0
#: Breakdown columns of the table and their widths.
COLUMNS = (("send", 5), ("in", 4), ("kernel", 7), ("out", 5), ("rtt", 5), ("sync", 5),
           ("redraw", 7), ("tail", 5), ("back", 5))
ROOT = f'[data-kb-nb="{NOTEBOOK}"]'

SETUP = """\
import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
from kickback_edu.widgets import (GaitExplorer, LegExplorer, MuscleMap, ResistanceLab,
                                  StanceExplorer, TempoLab)"""

TOY = """\
x = np.linspace(0.0, 1.0, 200)
toy_fig = go.FigureWidget(go.Scatter(x=x, y=np.sin(2 * np.pi * x), mode="lines"))
toy_slider = widgets.IntSlider(value=10, min=0, max=40, description="Toy frequency")

def _toy_update(change):
    with toy_fig.batch_update():
        toy_fig.data[0].y = np.sin(2 * np.pi * x * (1 + change["new"] / 10))

toy_slider.observe(_toy_update, names="value")
widgets.VBox([toy_slider, toy_fig])"""

#: Case name → the code of its cell (the last expression is the one widget shown).
CASES: dict[str, str] = {
    "toy": TOY,
    "LegExplorer": "LegExplorer()",
    "MuscleMap": 'MuscleMap(mode="involvement")',
    "ResistanceLab": "ResistanceLab()",
    "TempoLab": "TempoLab()",
    "StanceExplorer": "StanceExplorer()",
    "GaitExplorer": "GaitExplorer()",
}

#: Installed once the notebook has run: a timeline of the kernel's comm and
#: status messages and of each figure's plotly calls and events, in
#: ``window.__kbLog`` (``performance.now()`` ms); ``window.__kbQuiet(ms)``
#: resolves once every comm message the page sent has been answered by the
#: kernel's ``idle`` and nothing was sent for ``ms``.
INSTRUMENT = r"""
() => {
  const log = window.__kbLog = [];
  const pending = new Set();
  let lastSend = performance.now();
  const kernel = window.__kbPanel.sessionContext.session.kernel;
  kernel.anyMessage.connect((_, args) => {
    const msg = args.msg;
    const type = msg.header.msg_type;
    const t = performance.now();
    const parent = (msg.parent_header && msg.parent_header.msg_id) || null;
    if (type === 'comm_msg') {
      const data = msg.content.data || {};
      log.push({t, kind: args.direction, id: msg.header.msg_id, parent,
                method: data.method || null, keys: Object.keys(data.state || {}),
                date: msg.header.date});
      if (args.direction === 'send') {
        pending.add(msg.header.msg_id);
        lastSend = t;
      }
    } else if (type === 'status' && args.direction === 'recv') {
      log.push({t, kind: 'status', state: msg.content.execution_state, parent,
                date: msg.header.date});
      if (msg.content.execution_state === 'idle') pending.delete(parent);
    }
  });
  window.__kbQuiet = (quietMs, timeoutMs) => new Promise((resolve) => {
    const start = performance.now();
    let since = null;
    const poll = () => {
      const now = performance.now();
      if (pending.size === 0 && now - lastSend >= quietMs) {
        if (since === null) since = now;
        if (now - since >= quietMs) { resolve(true); return; }
      } else {
        since = null;
      }
      if (now - start > timeoutMs) { resolve(false); return; }
      setTimeout(poll, 5);
    };
    poll();
  });
  // Each figure has its own copy of plotly.js (anywidget imports the FigureWidget
  // bundle once per widget, from a blob: URL) and window.Plotly is only the last
  // one loaded, so plotly's calls are timed per plot div instead.
  const open = {};
  window.__kbHookPlots = (root) => {
    let n = 0;
    for (const gd of root.querySelectorAll('.js-plotly-plot')) {
      if (!gd._ev || gd.__kbHooked === gd._ev) continue;
      gd.__kbHooked = gd._ev;
      if (!gd.dataset.kbPlot) {
        window.__kbPlots = (window.__kbPlots || 0) + 1;
        gd.dataset.kbPlot = String(window.__kbPlots);
      }
      const plot = gd.dataset.kbPlot;
      const start = (how) => {
        const entry = {t: performance.now(), kind: 'plotly_call', how, plot, sync: null,
                       done: null};
        log.push(entry);
        open[plot] = entry;
        queueMicrotask(() => { entry.sync = performance.now() - entry.t; });
      };
      for (const ev of ['plotly_beforeplot', 'plotly_afterplot', 'plotly_update',
                        'plotly_restyle', 'plotly_relayout', 'plotly_animating',
                        'plotly_animated']) {
        gd.on(ev, () => {
          const t = performance.now();
          log.push({t, kind: ev, plot});
          // Plotly.animate (a FigureWidget's _py2js_animate) announces itself.
          if (ev === 'plotly_animating') { start('animate'); return; }
          const entry = open[plot];
          if (entry && entry.done === null && entry.how === (ev === 'plotly_animated' ?
              'animate' : 'update') && !/before|after/.test(ev)) {
            entry.done = t - entry.t;
          }
        });
      }
      // plotly.js runs `gd._promises = []` first thing in update/restyle/relayout/react;
      // a microtask queued then runs as soon as the synchronous part of the call has
      // returned; the call's plotly_update/_restyle/_relayout event (emitted when its
      // promise resolves) ends it.
      let promises = gd._promises;
      Object.defineProperty(gd, '_promises', {
        configurable: true,
        get: () => promises,
        set: (value) => {
          if (Array.isArray(value) && value.length === 0) start('update');
          promises = value;
        },
      });
      n += 1;
    }
    return n;
  };
  const root = document.querySelector('""" + ROOT + r"""') || document.body;
  return {hooked: window.__kbHookPlots(root), timeOrigin: performance.timeOrigin};
}
"""

#: Cost (ms) of one probe poll on the cell of a slider handle: median of 7.
PROBE_COST = r"""
(handle) => {
  const cell = handle.closest('.jp-Cell') || document.body;
  const times = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    window.__kbSig(cell);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[3];
}
"""

SLIDER_STATE = r"""
(handle) => ({
  value: Number(handle.getAttribute('aria-valuenow')),
  min: Number(handle.getAttribute('aria-valuemin')),
  max: Number(handle.getAttribute('aria-valuemax')),
  disabled: handle.closest('[disabled]') !== null ||
            !!handle.closest('.widget-slider')?.querySelector('.noUi-target[disabled]'),
  label: (handle.closest('.widget-slider')?.querySelector('.widget-label')?.textContent || '')
    .trim(),
})
"""


# ----------------------------------------------------------------- statistics


def p95(values: Sequence[float]) -> float:
    """95th percentile, nearest rank (as the browser tests' ``summary``)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ratios_to_floor(latencies: Sequence[float], floor: Sequence[float]
                    ) -> tuple[float | None, float | None]:
    """(median / the floor's median, p95 / the floor's p95), None without data."""
    if not latencies or not floor:
        return None, None
    return (statistics.median(latencies) / statistics.median(floor),
            p95(latencies) / p95(floor))


def median(values: Sequence[float | None]) -> float | None:
    """Median of the values that were measured, or None."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def fmt(value: float | None, width: int) -> str:
    """``value`` in a column of ``width``, ``-`` when not measured."""
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.0f}"


def load_average() -> str:
    """The 1/5/15-minute load averages and the CPU count."""
    if not hasattr(os, "getloadavg"):
        return "n/a"
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} CPUs"


# ---------------------------------------------------------------- the timeline


def _epoch_ms(date: str) -> float:
    """A Jupyter message ``header.date`` (ISO 8601) in ms since the epoch."""
    return datetime.fromisoformat(date).timestamp() * 1e3


def breakdown(entries: list[dict[str, Any]], t0: float | None, changed_at: float | None,
              plots: set[str], origin: float) -> dict[str, Any]:
    """Split one step's timeline (``performance.now()`` ms; ``origin`` is the page's
    ``performance.timeOrigin``, to compare with the kernel's message dates).

    The slider's message is the one the figure update answers (its parent): a slider
    ``jslink``-ed to a ``Play`` sends the Play's value first, which the kernel handles
    first; ``send`` counts from the key press to the slider's message.
    """
    out: dict[str, Any] = {**dict.fromkeys(k for k, _ in COLUMNS), "via": None}
    if t0 is None:
        return out
    sends = {e["id"]: e for e in entries if e["kind"] == "send" and e["t"] >= t0}
    recv = next((e for e in entries if e["kind"] == "recv" and e["parent"] in sends
                 and any(k.startswith("_py2js_") for k in e["keys"])), None)
    if recv is None:
        return out
    send = sends[recv["parent"]]
    busy: dict[str, float] = {}
    kernel: dict[str, float] = {}
    for e in entries:
        if e["kind"] == "status" and e["parent"] in sends:
            if e["state"] == "busy":
                busy[e["parent"]] = _epoch_ms(e["date"])
            elif e["state"] == "idle" and e["parent"] in busy:
                kernel[e["parent"]] = _epoch_ms(e["date"]) - busy[e["parent"]]
    out["send"] = send["t"] - t0
    if send["id"] in busy:
        out["in"] = busy[send["id"]] - (origin + send["t"])
    out["kernel"] = kernel.get(send["id"])
    out["out"] = origin + recv["t"] - _epoch_ms(recv["date"]) if recv.get("date") else None
    out["rtt"] = recv["t"] - send["t"]
    later = [ms for msg_id, ms in kernel.items() if sends[msg_id]["t"] > recv["t"]]
    out["back"] = sum(later) if later else None
    if changed_at is not None:
        out["tail"] = changed_at - recv["t"]
    start = next((e for e in entries if e["kind"] == "plotly_call" and e["t"] >= recv["t"]
                  and e["plot"] in plots), None)
    if start is not None:
        out["sync"], out["redraw"] = start["sync"], start["done"]
        out["via"] = start["how"]
    return out


# --------------------------------------------------------------------- driving


def write_notebook(folder: Path, cases: Sequence[str]) -> None:
    """The benchmark notebook: a setup cell, then one cell per case."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(SETUP)]
    for name in cases:
        cell = nbformat.v4.new_code_cell(CASES[name])
        cell.metadata["kb_case"] = name
        nb.cells.append(cell)
    nbformat.write(nb, folder / NOTEBOOK)


def step(page: Any, handle: Any, key: str, plots: set[str], origin: float, timeout_ms: int,
         settle_ms: int) -> dict[str, Any]:
    """One key press: arm the probe, press, wait for the plot, settle, read the timeline."""
    handle.evaluate(ARM_PROBE, {"root": ROOT, "timeoutMs": timeout_ms, "graceMs": 600})
    mark = page.evaluate("window.__kbLog.length")
    handle.press(key)
    result = page.evaluate("window.__kbProbe")
    quiet = page.evaluate("window.__kbQuiet(30, 10000)")
    page.wait_for_timeout(settle_ms)
    entries, t0 = page.evaluate("(i) => [window.__kbLog.slice(i), window.__kbT0]", mark)
    latency = result["latency"] if result["plotChanged"] else None
    changed_at = None if latency is None or t0 is None else t0 + latency
    return {"latency": latency, "textChanged": result["textChanged"], "quiet": quiet,
            **breakdown(entries, t0, changed_at, plots, origin)}


def next_key(state: dict[str, Any], previous: str | None, sweep: bool) -> str:
    """Alternate right/left (or, with ``sweep``, keep going until an end of the range)."""
    at_max, at_min = state["value"] >= state["max"], state["value"] <= state["min"]
    if previous is None:
        return "ArrowLeft" if at_max else "ArrowRight"
    if sweep:
        if previous == "ArrowRight":
            return "ArrowLeft" if at_max else "ArrowRight"
        return "ArrowRight" if at_min else "ArrowLeft"
    return "ArrowLeft" if previous == "ArrowRight" else "ArrowRight"


def bench_case(page: Any, index: int, name: str, origin: float,
               args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every enabled visible slider of cell ``index``: ``args.steps`` timed steps each."""
    cell = page.locator(f"{ROOT} .jp-Cell").nth(index)
    plots = set(cell.evaluate(
        "c => Array.from(c.querySelectorAll('.js-plotly-plot')).map(gd => gd.dataset.kbPlot)"))
    handles = cell.locator(".widget-slider .noUi-handle")
    rows: list[dict[str, Any]] = []
    for i in range(handles.count()):
        locator = handles.nth(i)
        if not locator.is_visible():
            continue
        handle = locator.element_handle()
        state = handle.evaluate(SLIDER_STATE)
        if state["disabled"]:
            continue
        probe_ms = handle.evaluate(PROBE_COST)
        key = next_key(state, None, args.sweep)
        warm = step(page, handle, key, plots, origin, args.timeout_ms, args.settle_ms)
        if warm["latency"] is None:
            # No change of the plot that way (e.g. above what the model saturates at):
            # go back and one step beyond, then alternate on that side.
            key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
            for _ in range(2):
                step(page, handle, key, plots, origin, args.timeout_ms, args.settle_ms)
        steps = []
        for _ in range(args.steps):
            key = next_key(handle.evaluate(SLIDER_STATE), key, args.sweep)
            steps.append(step(page, handle, key, plots, origin, args.timeout_ms, args.settle_ms))
        rows.append({"case": name, "slider": state["label"], "steps": steps, "probe": probe_ms})
        print(f"  {name}: {state['label']!r} done", file=sys.stderr, flush=True)
    if not rows:
        rows.append({"case": name, "slider": "(no enabled visible slider)", "steps": [],
                     "probe": None})
    return rows


def run(args: argparse.Namespace, cases: Sequence[str], tmp: Path) -> list[dict[str, Any]]:
    """Start JupyterLab and Chromium, run the notebook, time every case."""
    from playwright.sync_api import sync_playwright

    executable, why_not = chromium_executable()
    if executable is None:
        raise SystemExit(f"bench_browser: {why_not}")
    notebooks = tmp / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks, cases)
    with jupyterlab(tmp / "lab", notebooks) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.add_init_script(INIT_SCRIPT)
            page = context.new_page()
            page.set_default_timeout(60_000)
            start = time.perf_counter()
            page.goto(server.url("/lab"))
            page.wait_for_function("() => !!window.jupyterapp", timeout=90_000)
            page.evaluate("async () => { await window.jupyterapp.started;"
                          " await window.jupyterapp.restored; }")
            loaded = time.perf_counter() - start
            ran = page.evaluate(OPEN_AND_RUN, {"path": NOTEBOOK, "timeoutMs": 240_000})
            report = page.evaluate(CELL_REPORT)
            errors = [e for c in report["cells"] for e in c["errors"]] + report["iopubErrors"]
            if ran["result"] == "timeout" or errors:
                raise SystemExit(f"bench_browser: the notebook failed: {ran} {errors}\n"
                                 f"{server.log_tail()}")
            views = sum(c["widgetViews"] for c in report["cells"])
            status = wait_rendered(page, ROOT, expect_plots=True, timeout_s=90,
                                   expect_widgets=views)
            if status.get("widgetsLoading") or status.get("drawn") != status.get("plots"):
                raise SystemExit(f"bench_browser: widgets did not render: {status}")
            instrumented = page.evaluate(INSTRUMENT)
            print(f"JupyterLab loaded in {loaded:.1f} s; run-all {ran['seconds']:.1f} s; "
                  f"{status['plots']} figures ({instrumented['hooked']} hooked), "
                  f"{status['widgets']} widgets", flush=True)
            rows = []
            for index, name in enumerate(cases, start=1):  # cell 0 is the setup
                rows.extend(bench_case(page, index, name, instrumented["timeOrigin"], args))
            late = page.evaluate("window.__kbErrors")
            if late:
                print("errors raised while moving sliders:\n" + "\n".join(late))
            page.evaluate(CLOSE)
            context.close()
        finally:
            try:
                browser.close()
            except Exception as exc:  # e.g. the driver died with Ctrl-C; the rest still runs
                print(f"bench_browser: closing Chromium: {exc}", file=sys.stderr)
    return rows


def report(rows: list[dict[str, Any]], load_start: str, load_end: str,
           args: argparse.Namespace) -> None:
    """The table (ms): latency, then the medians of its breakdown."""
    head = (f"{'case':<15}{'slider':<26}{'n':>3}{'miss':>5}{'median':>7}{'p95':>5}{'min':>5}"
            f"{'×med':>6}{'×p95':>6}"
            + "".join(f"{key:>{width}}" for key, width in COLUMNS) + "  via")
    print(head)
    print("-" * len(head))
    floor = next((r for r in rows if r["case"] == "toy"), None)
    floor_times = [] if floor is None else [s["latency"] for s in floor["steps"]
                                            if s["latency"] is not None]
    over: list[str] = []
    for row in rows:
        steps = row["steps"]
        latencies = [s["latency"] for s in steps if s["latency"] is not None]
        label = row["slider"] if len(row["slider"]) <= 25 else row["slider"][:24] + "…"
        line = f"{row['case']:<15}{label:<26}{len(latencies):>3}{len(steps) - len(latencies):>5}"
        if latencies:
            line += f"{statistics.median(latencies):>7.0f}{p95(latencies):>5.0f}"
            line += f"{min(latencies):>5.0f}"
        else:
            line += f"{'-':>7}{'-':>5}{'-':>5}"
        ratios = ratios_to_floor(latencies, floor_times)
        line += "".join(f"{'-':>6}" if r is None else f"{r:>6.2f}" for r in ratios)
        if row is not floor and row["steps"]:
            missed = len(steps) - len(latencies)
            if ratios[0] is None or ratios[0] > MEDIAN_TARGET or ratios[1] > P95_TARGET or missed:
                over.append(f"{row['case']} {row['slider'][:24]} ("
                            + ("no floor or no data" if ratios[0] is None else
                               f"{ratios[0]:.2f}× median, {ratios[1]:.2f}× p95")
                            + (f", {missed} missed" if missed else "") + ")")
        line += "".join(fmt(median([s[key] for s in steps]), width) for key, width in COLUMNS)
        via = sorted({s["via"] for s in steps if s["via"]})
        line += "  " + ("+".join(via) or "-")
        print(line)
    every = [s["latency"] for r in rows if r["case"] != "toy" for s in r["steps"]
             if s["latency"] is not None]
    if every:
        print(f"{'all course widgets':<41}{len(every):>3}{'':>5}{statistics.median(every):>7.0f}"
              f"{p95(every):>5.0f}{min(every):>5.0f}")
    target = (f"targets: median ≤ {MEDIAN_TARGET:g}× the toy's median, p95 ≤ {P95_TARGET:g}× "
              "the toy's p95")
    if floor is None:
        print(f"\nno toy case in this run: no floor to compare with ({target})")
    else:
        print(f"\nover target ({target}): " + ("; ".join(over) if over else "none"))
    pattern = "walking to an end and back" if args.sweep else "alternating right/left"
    probes = [r["probe"] for r in rows if r["probe"] is not None]
    loud = sum(not s["quiet"] for r in rows for s in r["steps"])
    print(f"\nms, keydown → plotted data changed: {args.steps} steps per slider ({pattern}) "
          f"after 1 warm-up; before each step the kernel was idle and {args.settle_ms} ms "
          "passed" + (f" ({loud} steps started without a quiet kernel)" if loud else "") + ".")
    print("breakdown, medians: send = key → slider message sent; in = sent → kernel busy; "
          "kernel = busy → idle; out = figure update made in the kernel → received; rtt = "
          "sent → update received; sync = plotly call → end of its JS task; redraw = plotly "
          "call → its completion event (via: Plotly.update or .animate); tail = update "
          "received → data change seen; back = kernel time on the page's deltas after the "
          "update. Probe cost per animation frame: "
          f"at most {max(probes, default=0):.1f} ms.")
    print(f"load average at start: {load_start}")
    print(f"load average at end:   {load_end}")


def pick_cases(wanted: Sequence[str] | None) -> list[str]:
    """The cases named by ``--case`` (case-insensitive, prefixes allowed), in table order."""
    if not wanted:
        return list(CASES)
    chosen = []
    for name in CASES:
        if any(name.lower().startswith(w.lower()) for w in wanted):
            chosen.append(name)
    unknown = [w for w in wanted if not any(n.lower().startswith(w.lower()) for n in CASES)]
    if unknown:
        raise SystemExit(f"unknown case(s) {unknown}; choose among {', '.join(CASES)}")
    return chosen


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--steps", type=int, default=None,
                        help="timed steps per slider (default 15, 5 with --quick)")
    parser.add_argument("--quick", action="store_true", help="5 steps per slider")
    parser.add_argument("--case", action="append", metavar="NAME",
                        help=f"run only this case (repeatable; prefix ok): {', '.join(CASES)}")
    parser.add_argument("--sweep", action="store_true",
                        help="walk each slider to an end and back instead of alternating")
    parser.add_argument("--settle-ms", type=int, default=100,
                        help="wait after each step's plot change (default 100)")
    parser.add_argument("--timeout-ms", type=int, default=5_000,
                        help="give up on a step after this long (default 5000)")
    args = parser.parse_args(argv)
    if args.steps is None:
        args.steps = 5 if args.quick else 15
    cases = pick_cases(args.case)
    # SIGTERM unwinds like Ctrl-C, so the finally blocks stop the server and browser.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load_start = load_average()
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="kickback-bench-browser-") as tmp:
            rows = run(args, cases, Path(tmp))
    except KeyboardInterrupt:
        print("\nbench_browser: interrupted; JupyterLab, Chromium and the temp dir are gone",
              file=sys.stderr)
        raise SystemExit(130) from None
    load_end = load_average()
    print()
    report(rows, load_start, load_end, args)
    print(f"total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
