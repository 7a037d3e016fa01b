"""One copy of plotly.js per page: the course figures' widget modules in a real Chromium.

No Jupyter here: a small stand-in for the anywidget model (state, events, custom
messages) drives the real module the kernel sends, so both ways a figure gets the
bundle are exercised: from the kernel's first figure (the carrier), and by asking the
kernel when no carrier reaches the page; and the module initializes without waiting
for the bundle (anywidget drops a figure's messages when that takes over 2 s), keeping
the kernel's updates that come meanwhile.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import pytest

from kickback_edu.widgets.figure_widget import (
    RESPONSIVE_ESM,
    SHARED_STUB_ESM,
    CourseFigureWidget,
)

pytestmark = pytest.mark.browser

#: A stand-in anywidget model and the loading anywidget does: import the module from a
#: blob, call its default factory, await initialize, then render into a fresh element.
HARNESS = r"""
window.kbModel = (state, onSend) => {
  const handlers = {};
  return {
    get: (name) => state[name],
    set: (name, value) => { state[name] = value; },
    save_changes: () => {},
    on: (event, fn) => { (handlers[event] = handlers[event] || []).push(fn); },
    off: (event, fn) => { handlers[event] = (handlers[event] || []).filter(h => h !== fn); },
    send: (content) => onSend(content),
    emit: (event, payload) => (handlers[event] || []).forEach(fn => fn(payload)),
    // What ipywidgets does with a state update from the kernel.
    update: (name, value) => {
      state[name] = value;
      (handlers['change:' + name] || []).forEach(fn => fn());
    },
  };
};
window.kbLoad = async (code) => {
  const url = URL.createObjectURL(new Blob([code], {type: 'text/javascript'}));
  const module = await import(url);
  URL.revokeObjectURL(url);
  return module;
};
window.kbShow = async (module, model) => {
  const widget = typeof module.default === 'function' ? await module.default() : module.default;
  await widget.initialize({model});
  const el = document.createElement('div');
  el.style.width = '640px';
  document.body.appendChild(el);
  await widget.render({model, el});
  const start = performance.now();
  while (!el._fullLayout && performance.now() - start < 20000) {
    await new Promise(r => setTimeout(r, 50));
  }
  return el;
};
"""


def _state(fig: CourseFigureWidget) -> dict[str, Any]:
    """The synced state plotly's widget module reads (data, layout, config), and the
    bundle when ``fig`` carries it."""
    data = [trace.to_plotly_json() for trace in go.Figure(fig).data]
    return {"_widget_data": data, "_widget_layout": fig.layout.to_plotly_json(),
            "_config": dict(fig._config), "_last_layout_edit_id": 0,
            "_last_trace_edit_id": 0, "_kickback_bundle": fig._kickback_bundle}


def _figure(carrier: bool) -> CourseFigureWidget:
    """A course figure, the kernel's carrier of the bundle or not."""
    saved = CourseFigureWidget._bundle_carried
    CourseFigureWidget._bundle_carried = not carrier
    try:
        return CourseFigureWidget(go.Figure(go.Scatter(y=[1, 3, 2])))
    finally:
        CourseFigureWidget._bundle_carried = saved


@pytest.fixture
def page(browser: Any) -> Any:
    page = browser.new_page(viewport={"width": 900, "height": 700})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_content("<html><body></body></html>")
    page.evaluate(f"() => {{ {HARNESS} }}")
    yield page
    page.close()
    assert errors == [], errors


def test_modules_are_patched() -> None:
    assert RESPONSIVE_ESM is not None and SHARED_STUB_ESM is not None
    assert len(SHARED_STUB_ESM) < 8_000 < 1_000_000 < len(RESPONSIVE_ESM)
    carrier, other = _figure(carrier=True), _figure(carrier=False)
    assert carrier._kickback_bundle == RESPONSIVE_ESM and other._kickback_bundle == ""
    assert carrier._esm == other._esm == SHARED_STUB_ESM  # small: loads in time


def test_figures_share_the_carriers_plotly(page: Any) -> None:
    """The carrier draws; another figure then draws with the same plotly.js, asking
    nothing."""
    carrier, other = _state(_figure(carrier=True)), _state(_figure(carrier=False))
    drawn = page.evaluate("""async ([stub, carrierState, otherState]) => {
      const sent = [];
      const carrier = await window.kbShow(await window.kbLoad(stub),
                                          window.kbModel(carrierState, () => {}));
      const other = await window.kbShow(await window.kbLoad(stub),
                                        window.kbModel(otherState, c => sent.push(c)));
      return {carrier: !!carrier._fullLayout, other: !!other._fullLayout, sent,
              width: other._fullLayout.width,
              copies: Object.keys(globalThis.kickbackPlotlyWidget).length};
    }""", [SHARED_STUB_ESM, carrier, other])
    assert drawn == {"carrier": True, "other": True, "sent": [], "width": 640, "copies": 1}


def test_updates_while_the_bundle_loads_are_kept(page: Any) -> None:
    """The module initializes without waiting for the bundle (anywidget allows 2 s, then
    drops the figure's messages); a kernel update that comes before the bundle is
    replayed to plotly's model, so the figure draws the updated data."""
    fig = _figure(carrier=False)
    restyles: list[dict[str, Any]] = []
    fig.observe(lambda change: change["new"] and restyles.append(change["new"]),
                names="_py2js_restyle")
    fig.data[0].y = [5, 6, 7]
    assert len(restyles) == 1
    result = page.evaluate("""async ([stub, bundle, state, restyle]) => {
      const model = window.kbModel(state, () => {});
      const widget = (await window.kbLoad(stub)).default();
      const start = performance.now();
      await widget.initialize({model});      // no bundle in the page yet
      const initialized = performance.now() - start;
      model.update('_py2js_restyle', restyle);  // the kernel's update, then its reset
      model.update('_py2js_restyle', null);
      await window.kbLoad(bundle);           // the bundle arrives (and offers itself)
      const el = document.createElement('div');
      el.style.width = '640px';
      document.body.appendChild(el);
      await widget.render({model, el});
      return {initialized, y: Array.from(el._fullData[0].y)};
    }""", [SHARED_STUB_ESM, RESPONSIVE_ESM, _state(fig), restyles[0]])
    assert result["y"] == [5, 6, 7]
    assert result["initialized"] < 500, result  # it did not wait for the bundle


def test_a_figure_without_carrier_asks_the_kernel(page: Any) -> None:
    """No carrier in the page: after its wait the figure asks once; the kernel's answer
    (what CourseFigureWidget sends back) is evaluated and the figure draws."""
    fig = _figure(carrier=False)
    replies: list[dict[str, Any]] = []
    fig.send = lambda content, buffers=None: replies.append(content)  # type: ignore[method-assign]
    fig._send_bundle(fig, {"kind": "kickback-bundle-request", "key": "x"}, [])
    assert len(replies) == 1 and replies[0]["code"] == RESPONSIVE_ESM
    result = page.evaluate("""async ([stub, state, reply]) => {
      const sent = [];
      let model;
      model = window.kbModel(state, (content) => {
        sent.push(content);
        setTimeout(() => model.emit('msg:custom', reply), 10);  // the kernel's answer
      });
      const start = performance.now();
      const el = await window.kbShow(await window.kbLoad(stub), model);
      return {drawn: !!el._fullLayout, sent, waited: performance.now() - start};
    }""", [SHARED_STUB_ESM, _state(fig), replies[0]])
    assert result["drawn"] is True
    assert [m["kind"] for m in result["sent"]] == ["kickback-bundle-request"]
    assert result["waited"] >= 4000  # it first waited for a carrier
