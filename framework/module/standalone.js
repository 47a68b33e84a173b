// A module's own page, without a host: included by each module's `index.html`
// (`<script data-trunk src=".../framework/module/standalone.js">`), so the module's wasm carries
// no code for it.
//
// 1. Installs a stand-in for the page runtime a host installs (flotilla-bus): the bus, the last
//    event of each kind, and a store with the host's limits (flotilla_contract::bus), owned by
//    `standalone <module>`.
// 2. Once trunk has started the module's wasm (`TrunkApplicationStarted`), mounts the module
//    through its mount export, as a host would, into the element marked
//    `data-flotilla-standalone="<module>"` (the script comes after it in the page), with the
//    props of its `data-props` (a JSON object) and the page's folder as its asset base.
//    `data-export` names another mount export.
"use strict";
(() => {
  // flotilla_contract::bus and ::abi (a test in flotilla-contract keeps them equal).
  const RUNTIME_GLOBAL = "__flotillaRuntime";
  const STATE_EVENT = "flotilla:state";
  const MAX_PATCH_BYTES = 4096;
  const MAX_STATE_BYTES = 16384;
  const MAX_UPDATES_PER_SECOND = 50;
  const STANDALONE_ATTR = "data-flotilla-standalone";

  const root = document.querySelector(`[${STANDALONE_ATTR}]`);
  if (!root) return;
  const module = root.getAttribute(STANDALONE_ATTR) || "module";

  /** A deep copy of a JSON-shaped value (an empty object if it is not JSON). */
  function copy(value) {
    try {
      const text = JSON.stringify(value);
      return text === undefined ? {} : JSON.parse(text);
    } catch {
      return {};
    }
  }

  const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

  /** The store: `get()` and `update(patch, source)`, as flotilla-bus's, for any JSON object. */
  function store(bus) {
    let state = {};
    let rev = 0;
    const rates = new Map(); // source -> { start, count }
    const refused = (source, why) => {
      console.warn(`flotilla: store update from ${source} refused: ${why}`);
      return false;
    };
    const withinRate = (source) => {
      const now = Date.now();
      let rate = rates.get(source);
      if (!rate || now - rate.start >= 1000) {
        if (rates.size > 256) {
          for (const [known, r] of rates) if (now - r.start >= 1000) rates.delete(known);
        }
        rate = { start: now, count: 0 };
        rates.set(source, rate);
      }
      rate.count += 1;
      if (rate.count === MAX_UPDATES_PER_SECOND + 1) {
        console.warn(
          `flotilla: ${source} made more than ${MAX_UPDATES_PER_SECOND} store updates in a ` +
            "second; further ones are refused until the second is over",
        );
      }
      return rate.count <= MAX_UPDATES_PER_SECOND;
    };
    const update = (patch, source) => {
      source = typeof source === "string" ? source : "(unnamed)";
      if (!withinRate(source)) return false;
      if (!isObject(patch)) return refused(source, "a patch must be a JSON object");
      let text;
      try {
        text = JSON.stringify(patch);
      } catch {
        return refused(source, "the patch is not JSON");
      }
      // As flotilla-bus measures: the patch in UTF-8 bytes, the state in JS string length.
      if (new TextEncoder().encode(text).length > MAX_PATCH_BYTES) {
        return refused(source, `the patch is over ${MAX_PATCH_BYTES} bytes`);
      }
      const merged = Object.assign({}, state, JSON.parse(text));
      const size = JSON.stringify(merged).length;
      if (size > MAX_STATE_BYTES) {
        return refused(source, `the state would be ${size} bytes, over ${MAX_STATE_BYTES}`);
      }
      state = merged;
      rev += 1;
      bus.dispatchEvent(new CustomEvent(STATE_EVENT, { detail: { rev, source, state: copy(state) } }));
      return true;
    };
    return Object.freeze({ get: () => copy(state), update });
  }

  if (!(RUNTIME_GLOBAL in globalThis)) {
    const bus = new EventTarget();
    const runtime = Object.freeze({
      owner: `standalone ${module}`,
      bus,
      retained: new Map(),
      store: store(bus),
    });
    // As a host's: no script replaces it or its parts.
    Object.defineProperty(globalThis, RUNTIME_GLOBAL, {
      value: runtime,
      writable: false,
      configurable: false,
    });
  }

  addEventListener("TrunkApplicationStarted", () => {
    const mount = globalThis.wasmBindings?.[root.dataset.export || "mount"];
    if (typeof mount !== "function") {
      console.error(`flotilla: ${module} exports no mount function to run standalone`);
      return;
    }
    let props = {};
    try {
      const parsed = JSON.parse(root.dataset.props || "{}");
      if (isObject(parsed)) props = parsed;
    } catch {
      console.warn(`flotilla: ${module}: data-props is not a JSON object; ignored`);
    }
    const context = { module, assetBase: new URL(".", document.baseURI).href, props };
    try {
      // The page lives as long as the module: it is never unmounted.
      globalThis.__flotillaStandalone = mount(root, context);
    } catch (error) {
      console.error(`flotilla: ${module} failed to mount standalone:`, error);
    }
  });
})();
