"""Helpers shared by the browser tests: notebook discovery, network log, the
in-page JavaScript that reads plotly figures and widgets, and the slider →
plot latency probe."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nbformat

#: Latencies (ms) from a key press on a slider to changed plot data, by app.
LATENCIES: dict[str, list[float]] = defaultdict(list)
#: Other timings (s) worth printing at the end of the session.
TIMINGS: dict[str, float] = {}

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about", "file", "chrome", "chrome-extension", "devtools"}

_SHOW_CALL = re.compile(r"(?<![\w.])show\(")


def notebook_paths(folder: Path) -> list[Path]:
    """The course notebooks in ``folder``, sorted by name."""
    return sorted(folder.glob("*.ipynb")) if folder.is_dir() else []


def calls_show(path: Path) -> bool:
    """True when a code cell of the notebook calls ``show(`` (so it has figures)."""
    nb = nbformat.read(path, as_version=4)
    return any(
        cell.cell_type == "code" and _SHOW_CALL.search(cell.source) for cell in nb.cells
    )


@dataclass
class RequestLog:
    """Every URL a page requested, to prove nothing left the machine."""

    urls: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        """Record the page's HTTP requests and WebSocket connections."""
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("websocket", lambda ws: self.urls.append(ws.url))

    def external(self) -> list[str]:
        """The recorded URLs that are neither loopback nor data:/blob:/file:."""
        bad = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in LOCAL_SCHEMES:
                continue
            if (parts.hostname or "") not in LOCAL_HOSTS:
                bad.append(url)
        return sorted(set(bad))


def summary(values: list[float]) -> str:
    """``n, median, p95, max`` of ``values`` (milliseconds)."""
    if not values:
        return "no samples"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"n={len(ordered)} median={statistics.median(ordered):.0f} ms "
        f"p95={p95:.0f} ms max={ordered[-1]:.0f} ms"
    )


# ------------------------------------------------------------ in-page scripts

#: Installed in every page: a stable text signature of what the plots draw.
INIT_SCRIPT = r"""
(() => {
  const replacer = () => {
    const seen = new WeakSet();
    return (key, value) => {
      if (key && key[0] === '_') return undefined;
      if (typeof value === 'function') return undefined;
      if (value && typeof value === 'object') {
        if (seen.has(value)) return '[seen]';
        seen.add(value);
        if (ArrayBuffer.isView(value)) return Array.from(value);
      }
      return value;
    };
  };
  // The drawn data of one plot: its full traces, plus shapes and annotations.
  window.__kbPlotSig = (gd) => {
    const layout = gd._fullLayout || {};
    const extra = [
      (layout.shapes || []).map(s => [s.x0, s.x1, s.y0, s.y1, s.path]),
      (layout.annotations || []).map(a => [a.x, a.y, a.ax, a.ay, a.text]),
    ];
    try {
      return JSON.stringify([gd._fullData || [], extra], replacer());
    } catch (err) {
      return 'unserialisable:' + String(err);
    }
  };
  window.__kbSig = (root) =>
    Array.from(root.querySelectorAll('.js-plotly-plot')).map(window.__kbPlotSig).join('\n');
  // Figures and widgets under root, and whether they have finished drawing.
  window.__kbStatus = (root) => {
    const text = (el) => (el.textContent || '').trim();
    const plots = Array.from(root.querySelectorAll('.js-plotly-plot'));
    const widgetOutputs = Array.from(root.querySelectorAll('.jp-OutputArea-output')).filter(
      el => el.classList.contains('jupyter-widgets') || el.querySelector('.jupyter-widgets') ||
            /^Loading widget/.test(text(el)));
    return {
      plots: plots.length,
      drawn: plots.filter(gd => gd.querySelector('.main-svg') &&
                                (gd._fullData || []).length > 0).length,
      widgets: widgetOutputs.length,
      widgetsLoading: widgetOutputs.filter(el => /^Loading widget/.test(text(el))).length,
      widgetErrors: widgetOutputs.filter(
        el => /Error displaying widget|Failed to (load|render)/.test(text(el))).map(text),
      sliders: root.querySelectorAll('.widget-slider .noUi-handle').length,
    };
  };
})();
"""

#: Arm the latency probe on a slider handle. It resolves once the plotted
#: data of the slider's cell (or of ``root`` when the cell has no plot)
#: differs from now; or, if only the text of the cell's HTML widgets (the
#: readout) changed, a grace period after that; or at the timeout.
ARM_PROBE = r"""
(handle, args) => {
  const root = document.querySelector(args.root) || document.body;
  const cell = handle.closest('.jp-Cell, .jp-CodeCell, .jp-OutputArea');
  const scope = (cell && cell.querySelector('.js-plotly-plot')) ? cell : root;
  if (!scope.dataset.kbScope) {
    window.__kbScopes = (window.__kbScopes || 0) + 1;
    scope.dataset.kbScope = String(window.__kbScopes);
  }
  const textSig = () => Array.from(scope.querySelectorAll('.widget-html, .widget-htmlmath'))
    .map(el => el.textContent).join('\n');
  const plotsBefore = window.__kbSig(scope);
  const textBefore = textSig();
  window.__kbT0 = null;
  document.addEventListener('keydown', () => {
    if (window.__kbT0 === null) window.__kbT0 = performance.now();
  }, {capture: true, once: true});
  window.__kbProbe = new Promise((resolve) => {
    const start = performance.now();
    let textAt = null;
    const tick = () => {
      const now = performance.now();
      if (window.__kbT0 !== null) {
        if (textAt === null && textSig() !== textBefore) textAt = now;
        if (window.__kbSig(scope) !== plotsBefore) {
          resolve({plotChanged: true, textChanged: textAt !== null || textSig() !== textBefore,
                   latency: now - window.__kbT0});
          return;
        }
        if (textAt !== null && now - textAt > args.graceMs) {
          resolve({plotChanged: false, textChanged: true, latency: null});
          return;
        }
      }
      if (now - start > args.timeoutMs) {
        resolve({plotChanged: false, textChanged: textAt !== null, latency: null,
                 keySeen: window.__kbT0 !== null});
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const value = Number(handle.getAttribute('aria-valuenow'));
  const max = Number(handle.getAttribute('aria-valuemax'));
  return {
    scope: scope === root ? 'page' : 'cell ' + scope.dataset.kbScope,
    plotsInScope: scope.querySelectorAll('.js-plotly-plot').length,
    key: (Number.isFinite(value) && Number.isFinite(max) && value >= max)
      ? 'ArrowLeft' : 'ArrowRight',
    label: (handle.closest('.widget-slider')?.querySelector('.widget-label')?.textContent || '')
      .trim(),
  };
}
"""


def wait_rendered(
    page: Any, root: str, expect_plots: bool, timeout_s: float, expect_widgets: int = 0
) -> dict[str, Any]:
    """Poll until every figure under ``root`` has drawn and every widget has
    rendered (at least ``expect_widgets`` of them and, if ``expect_plots``, at
    least one figure), stable over two polls; returns the last status (the
    caller asserts on it)."""
    import time

    deadline = time.monotonic() + timeout_s
    previous: dict[str, Any] | None = None
    status: dict[str, Any] = {}
    while time.monotonic() < deadline:
        status = page.evaluate(
            "(sel) => window.__kbStatus(document.querySelector(sel) || document.body)", root
        )
        ready = (
            status["drawn"] == status["plots"]
            and status["widgetsLoading"] == 0
            and status["widgets"] >= expect_widgets
            and (status["plots"] > 0 or not expect_plots)
        )
        if ready and status == previous:
            return status
        previous = status if ready else None
        page.wait_for_timeout(150)
    return status


def move_slider(
    page: Any, handle: Any, root: str, timeout_ms: int = 5_000, grace_ms: int = 600
) -> dict[str, Any]:
    """Press an arrow key on a slider handle and time the plot data change.

    Returns the probe result: ``plotChanged``, ``textChanged`` (the widget's
    HTML readout), ``latency`` (ms from key down to changed plot data, polled
    every animation frame), ``scope`` (which widget), the key and the label.
    """
    armed = handle.evaluate(ARM_PROBE, {"root": root, "timeoutMs": timeout_ms,
                                        "graceMs": grace_ms})
    handle.press(armed["key"])
    result = page.evaluate("window.__kbProbe")
    return {**armed, **result}


def slider_problems(moves: list[dict[str, Any]]) -> list[str]:
    """What the slider moves show to be broken: a slider that changes nothing
    visible, or a figure none of whose sliders changes its plotted data."""
    problems = []
    for move in moves:
        if not move["plotChanged"] and not move["textChanged"]:
            problems.append(
                f"slider {move['label']!r} ({move['scope']}) changes nothing: neither the "
                f"plotted data nor the readout ({move}). If its Python callback does change "
                "the figure, the update never reached the browser (a comm message that fails "
                "to serialise, e.g. a non-contiguous numpy array, is dropped silently)"
            )
    scopes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for move in moves:
        if move["plotsInScope"]:
            scopes[move["scope"]].append(move)
    for scope, group in scopes.items():
        if not any(m["plotChanged"] for m in group):
            labels = ", ".join(repr(m["label"]) for m in group)
            problems.append(f"{scope}: none of its sliders ({labels}) changes the plotted data")
    return problems
