// Appended to plotly's widget bundle in place of its final export (see figure_widget.py).
// __MODEL__, __VIEW__ and __DEFAULT__ are the bundle's own names for the figure model,
// the figure view and the anywidget entry point; __KEY__ identifies this bundle.

// The same widget, plus a ResizeObserver: the plot takes the width the page gives it.
var kickbackResponsive = () => {
  const widget = __DEFAULT__();
  return {
    initialize: widget.initialize,
    render(context) {
      const cleanup = widget.render(context);
      const plot = context.el;
      let frame = 0;
      const fit = () => {
        frame = 0;
        const width = plot.clientWidth;
        const drawn = plot._fullLayout && plot._fullLayout.width;
        if (width > 0 && drawn && Math.abs(width - drawn) > 1 && plot._responsiveChartHandler) {
          plot._responsiveChartHandler();
        }
      };
      const observer = new ResizeObserver(() => {
        if (!frame) frame = requestAnimationFrame(fit);
      });
      observer.observe(plot);
      return () => {
        observer.disconnect();
        if (frame) cancelAnimationFrame(frame);
        if (cleanup) cleanup();
      };
    },
  };
};

// After each update the view sends the kernel the properties plotly.js filled in. Sent at
// once, that work delays the paint; and while a slider is dragged the kernel would
// process reports it then ignores (it keeps only the one for its latest edit). Send
// after the paint, and only the latest.
for (const name of ["_sendTraceDeltas", "_sendLayoutDelta"]) {
  const send = __VIEW__.prototype[name];
  __VIEW__.prototype[name] = function (editId) {
    const pending = this.kickbackPending || (this.kickbackPending = {});
    const scheduled = name in pending;
    pending[name] = editId;
    if (scheduled) return;
    requestAnimationFrame(() => setTimeout(() => {
      const latest = pending[name];
      delete pending[name];
      if (this.el && this.el._fullData) send.call(this, latest);
    }, 0));
  };
}

// Offer this module to the page's course figures (their small loader waits for it: one
// copy of plotly.js per page instead of one per figure; see shared_stub.js).
{
  const all = globalThis.kickbackPlotlyWidget || (globalThis.kickbackPlotlyWidget = {});
  if (!all["__KEY__"]) {
    let resolve;
    const promise = new Promise((done) => { resolve = done; });
    all["__KEY__"] = { promise, resolve, loading: true, ready: false };
  }
  all["__KEY__"].ready = true;
  all["__KEY__"].resolve({ default: kickbackResponsive });
}

export { __MODEL__ as FigureModel, __VIEW__ as FigureView, kickbackResponsive as default };
