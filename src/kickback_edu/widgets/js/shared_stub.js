// Every course figure's widget module (see figure_widget.py). It is small on purpose:
// anywidget (0.11) gives a module 2 s to load and initialize and, once that has passed,
// drops every message the kernel sends the figure (its data included) -- and evaluating
// plotly's 5 MB widget bundle takes longer than that on a busy machine. So the bundle
// is not this module: it comes in the `_kickback_bundle` state of the kernel's first
// figure (the carrier), is evaluated once per page and shared by every figure. A figure
// that finds no bundle in the page after WAIT_MS asks the kernel for it, once.
// Until the bundle is there, the kernel's updates of the figure are recorded; they are
// then replayed, in order, to plotly's figure model, and the figure draws.
const KEY = "__KEY__";
const WAIT_MS = 4000;
const UPDATES = [
  "_py2js_addTraces", "_py2js_deleteTraces", "_py2js_moveTraces", "_py2js_restyle",
  "_py2js_relayout", "_py2js_update", "_py2js_animate", "_py2js_removeLayoutProps",
  "_py2js_removeTraceProps",
];

function slot() {
  const all = globalThis.kickbackPlotlyWidget || (globalThis.kickbackPlotlyWidget = {});
  if (!all[KEY]) {
    let resolve;
    const promise = new Promise((done) => { resolve = done; });
    all[KEY] = { promise, resolve, loading: false, ready: false };
    promise.then(() => { all[KEY].ready = true; });
  }
  return all[KEY];
}

function evaluate(code, shared) {
  shared.loading = true;
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  return import(url).then((module) => {
    URL.revokeObjectURL(url);
    shared.resolve(module);
  });
}

function request(model, shared) {
  if (shared.loading || shared.ready) return;
  shared.loading = true;
  const onMessage = (message) => {
    if (!message || message.kind !== "kickback-bundle" || message.key !== KEY) return;
    model.off("msg:custom", onMessage);
    evaluate(message.code, shared);
  };
  model.on("msg:custom", onMessage);
  model.send({ kind: "kickback-bundle-request", key: KEY });
}

// The bundle's module, from this figure's state (the carrier), the page, or the kernel.
function bundle(model) {
  const shared = slot();
  const code = model.get("_kickback_bundle");
  if (code && !shared.loading && !shared.ready) {
    evaluate(code, shared);
  } else if (!shared.ready) {
    const timer = setTimeout(() => request(model, shared), WAIT_MS);
    shared.promise.then(() => clearTimeout(timer));
  }
  return shared.promise;
}

// Records the kernel's updates (name, value at the time) while the bundle loads.
function recorder(model) {
  const queue = [];
  const handlers = UPDATES.map((name) => {
    const handler = () => {
      const value = model.get(name);
      if (value !== null && value !== undefined) queue.push([name, value]);
    };
    model.on(`change:${name}`, handler);
    return [name, handler];
  });
  const stop = () => handlers.forEach(([name, handler]) => model.off(`change:${name}`, handler));
  return { queue, stop };
}

// The model as plotly's figure model sees it, so that recorded updates can be replayed
// to the handlers it registers: `get` returns the recorded value while it is replayed.
function replayable(model) {
  const playing = new Map();
  const handlers = new Map();
  const wrapper = {
    get: (name) => (playing.has(name) ? playing.get(name) : model.get(name)),
    set: (...args) => model.set(...args),
    save_changes: (...args) => model.save_changes(...args),
    send: (...args) => model.send(...args),
    on: (event, handler) => {
      if (!handlers.has(event)) handlers.set(event, []);
      handlers.get(event).push(handler);
      model.on(event, handler);
    },
    off: (event, handler) => model.off(event, handler),
  };
  const replay = (queue) => {
    for (const [name, value] of queue) {
      playing.set(name, value);
      try {
        (handlers.get(`change:${name}`) || []).forEach((handler) => handler());
      } finally {
        playing.delete(name);
      }
    }
  };
  return { wrapper, replay };
}

export default () => {
  let ready = null;
  return {
    initialize(context) {
      // Returns at once (anywidget's 2 s); the figure model is made when the bundle is here.
      const recording = recorder(context.model);
      ready = bundle(context.model).then((module) => {
        const widget = module.default();
        const { wrapper, replay } = replayable(context.model);
        widget.initialize({ ...context, model: wrapper });
        recording.stop();
        replay(recording.queue);
        return widget;
      });
    },
    async render(context) {
      const widget = await ready;
      return widget.render(context);
    },
  };
};
