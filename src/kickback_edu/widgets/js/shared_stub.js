// A course figure's widget module when another figure in the kernel carries the plotly
// bundle (see figure_widget.py): it waits until that bundle has been evaluated in this
// page and uses it. If it has not come after WAIT_MS (the carrier was closed, or this
// page never received it), it asks the kernel for the bundle once.
const KEY = "__KEY__";
const WAIT_MS = 4000;

function slot() {
  const all = globalThis.kickbackPlotlyWidget || (globalThis.kickbackPlotlyWidget = {});
  if (!all[KEY]) {
    let resolve;
    const promise = new Promise((done) => { resolve = done; });
    all[KEY] = { promise, resolve, requested: false };
  }
  return all[KEY];
}

function request(model, shared) {
  if (shared.requested) return;
  shared.requested = true;
  const onMessage = (message) => {
    if (!message || message.kind !== "kickback-bundle" || message.key !== KEY) return;
    model.off("msg:custom", onMessage);
    const url = URL.createObjectURL(new Blob([message.code], { type: "text/javascript" }));
    import(url).then((module) => {
      URL.revokeObjectURL(url);
      shared.resolve(module);
    });
  };
  model.on("msg:custom", onMessage);
  model.send({ kind: "kickback-bundle-request", key: KEY });
}

async function sharedWidget(model) {
  const shared = slot();
  const timer = setTimeout(() => request(model, shared), WAIT_MS);
  const module = await shared.promise;
  clearTimeout(timer);
  return module.default();
}

export default () => {
  let widget = null;
  return {
    async initialize(context) {
      widget = await sharedWidget(context.model);
      return widget.initialize(context);
    },
    render(context) {
      return widget.render(context);
    },
  };
};
