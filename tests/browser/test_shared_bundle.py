"""One copy of plotly.js per page: the course figures' widget modules in a real Chromium.

No Jupyter here: a small stand-in for the anywidget model (state, events, custom
messages) drives the real modules the kernel sends, so both ways a figure gets the
bundle are exercised: from the kernel's first figure (the carrier), and by asking the
kernel when no carrier reaches the page.
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
    """The synced state plotly's widget module reads (data, layout, config)."""
    data = [trace.to_plotly_json() for trace in go.Figure(fig).data]
    return {"_widget_data": data, "_widget_layout": fig.layout.to_plotly_json(),
            "_config": dict(fig._config), "_last_layout_edit_id": 0,
            "_last_trace_edit_id": 0}


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
    assert len(SHARED_STUB_ESM) < 5_000 < 1_000_000 < len(RESPONSIVE_ESM)


def test_figures_share_the_carriers_plotly(page: Any) -> None:
    """The carrier draws; a stub then draws with the same plotly.js, asking nothing."""
    fig = CourseFigureWidget(go.Figure(go.Scatter(y=[1, 3, 2])))
    drawn = page.evaluate("""async ([bundle, stub, state]) => {
      const sent = [];
      const carrier = await window.kbShow(await window.kbLoad(bundle),
                                          window.kbModel(structuredClone(state), () => {}));
      const other = await window.kbShow(await window.kbLoad(stub),
                                        window.kbModel(structuredClone(state), c => sent.push(c)));
      return {carrier: !!carrier._fullLayout, other: !!other._fullLayout, sent,
              width: other._fullLayout.width,
              copies: Object.keys(globalThis.kickbackPlotlyWidget).length};
    }""", [RESPONSIVE_ESM, SHARED_STUB_ESM, _state(fig)])
    assert drawn == {"carrier": True, "other": True, "sent": [], "width": 640, "copies": 1}


def test_a_figure_without_carrier_asks_the_kernel(page: Any) -> None:
    """No carrier in the page: after its wait the stub asks once; the kernel's answer
    (what CourseFigureWidget sends back) is evaluated and the figure draws."""
    fig = CourseFigureWidget(go.Figure(go.Scatter(y=[1, 3, 2])))
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
