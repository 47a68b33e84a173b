// Flotilla boot. Takes the registry and manifests from the page's composition snapshot when the
// server put one in (a JSON data block; its code files are already being fetched through the
// page's preload hints), else starts fetching them; starts fetching every module's code; then
// boots the shell, whose host runtime takes these responses from `__flotillaPreload.take(key)`
// (and the snapshot's texts from `__flotillaPreload.text(key)`) instead of fetching again.
// Nothing fetched here is trusted: the host validates manifests and the browser checks each
// code file against its manifest's integrity. Only this script can put a response in: the
// store is private to it and the global cannot be replaced, so no other script can plant code
// for the host to run. An external file, so the page needs no inline script under its
// Content-Security-Policy.
const preloads = Object.create(null); // no prototype: nothing another script patches is used
const texts = Object.create(null); // the snapshot's JSON texts, by URL
const modules = Object.create(null); // blob: URLs of verified glue, module-preloaded, by key
Object.defineProperty(globalThis, "__flotillaPreload", {
  value: Object.freeze({
    /** The response promise started for `key` (a URL, or `url#integrity` for code), once. */
    take(key) {
      const found = preloads[key];
      delete preloads[key];
      return found;
    },
    /** The snapshot's text for the registry or manifest at URL `key`, once; no task to wait. */
    text(key) {
      const found = texts[key];
      delete texts[key];
      return found;
    },
    /** The blob: URL of the verified glue fetched under `key` (`url#integrity`), once. */
    module(key) {
      const found = modules[key];
      delete modules[key];
      return found;
    },
  }),
  writable: false,
  configurable: false,
});

/** Keeps a clone of the response under `key` for the shell; returns the original. */
function remember(key, request) {
  const kept = request.then((response) => response.clone());
  kept.catch(() => {}); // the shell reports failures itself
  preloads[key] = kept;
  return request;
}

/** The host reads no manifest over this many bytes (flotilla_contract::MAX_MANIFEST_BYTES). */
const MAX_JSON_BYTES = 64 * 1024;

async function json(key, url) {
  const known = snapshot?.[key];
  if (known !== undefined) return known; // already in `texts`

  const response = await remember(key, fetch(url, { cache: "no-cache" }));
  return response.ok ? cappedJson(response) : null;
}

/** The page's snapshot by URL (registry and manifests), or null; read once. */
const snapshot = readSnapshot();

function readSnapshot() {
  const block = document.getElementById("flotilla-snapshot");
  if (block?.type !== "application/json" || block.textContent.length > 4 * MAX_JSON_BYTES) {
    return null;
  }
  try {
    const { registry, manifests } = JSON.parse(block.textContent);
    const byUrl = Object.create(null);
    byUrl[new URL("remotes.json", document.baseURI).href] = registry;
    for (const [url, manifest] of Object.entries(manifests ?? {})) byUrl[new URL(url).href] = manifest;
    // The host takes each as text and validates it like a fetched one; a module of another
    // route finds its manifest here when it prefetches or mounts later.
    for (const [key, value] of Object.entries(byUrl)) texts[key] = JSON.stringify(value);
    return byUrl;
  } catch {
    return null;
  }
}

/** Parses a body of at most MAX_JSON_BYTES; a longer one is cancelled unread, not buffered. */
async function cappedJson(response) {
  const reader = response.body?.getReader();
  if (!reader) return null;
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_JSON_BYTES) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

/** Developer overrides (the shell's override panel), by slot; the shell re-checks them. */
function overrides() {
  try {
    return JSON.parse(localStorage.getItem("flotilla:overrides") ?? "{}") ?? {};
  } catch {
    return {};
  }
}

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The integrity each module file's manifest gives, by URL: the page hands it to the worker with
 * the file, which keeps another origin's code only with the bytes its manifest pinned.
 */
const pinned = new Map();

async function preloadModule(remote, allowed, overridden) {
  let parsed;
  try {
    parsed = new URL(overridden[remote.slot] ?? remote.manifest);
  } catch {
    return;
  }
  // The host's rule: only http(s) URLs of an allowed origin (a blob: URL reports its creator's).
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return;
  const manifestUrl = parsed.href;
  const origin = parsed.origin;
  if (!allowed.has(origin)) return;
  const manifest = await json(manifestUrl, manifestUrl);
  const assets = manifest?.assets;
  const code = [assets?.js, assets?.wasm];
  const css = Array.isArray(assets?.css) ? assets.css : [];
  for (const asset of [...code, ...css]) {
    if (typeof asset?.file !== "string" || typeof asset?.integrity !== "string") continue;
    const url = new URL(asset.file, manifestUrl);
    pinned.set(url.href, asset.integrity);
    // Glue and wasm of the manifest's own origin are fetched now; CSS when the host links it.
    if (!code.includes(asset) || url.origin !== origin) continue;
    // As the page's preload hints ask (CORS, same-origin credentials, integrity), so a
    // hinted file is downloaded once.
    // The host takes the response itself: no clone, whose teed body the main thread would pump.
    const key = `${url.href}#${asset.integrity}`;
    let fetched = fetch(url.href, { integrity: asset.integrity });
    if (asset === assets.js) fetched = preparse(key, fetched);
    fetched.catch(() => {}); // the host reports failures itself
    preloads[key] = fetched;
  }
}

/**
 * Reads a module's glue as it arrives (the fetch checked its integrity) and has the browser
 * fetch, parse and compile it as a blob: module (`<link rel=modulepreload>`) while the shell
 * starts; nothing of it runs until the host, once it has checked the manifest, imports it
 * (`__flotillaPreload.module(key)`). The host still gets a response with the text.
 */
function preparse(key, fetched) {
  return fetched.then(async (response) => {
    if (!response.ok) return response;
    const text = await response.text();
    const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = url;
    // The module map keeps the parsed module; the element has done its job once loaded.
    link.onload = link.onerror = () => link.remove();
    document.head.append(link);
    modules[key] = url;
    const { status, statusText, headers } = response;
    return new Response(text, { status, statusText, headers });
  });
}

/** flotilla_contract::route::matches: whether `path` matches a route pattern. */
function matches(pattern, path) {
  const parts = (p) => p.replace(/\/+$/, "").split("/");
  const wanted = parts(pattern);
  const given = parts(path);
  const same = (w, g) => (w.startsWith(":") ? g !== "" : w === g);
  if (wanted[wanted.length - 1] === "*") {
    const fixed = wanted.slice(0, -1);
    return given.length > fixed.length && fixed.every((w, i) => same(w, given[i]));
  }
  return wanted.length === given.length && wanted.every((w, i) => same(w, given[i]));
}

/** Whether a remote is mounted on this page's path (no routes: always). */
function activeHere(remote) {
  const routes = Array.isArray(remote.routes) ? remote.routes : [];
  return routes.length === 0 || routes.some((r) => typeof r === "string" && matches(r, location.pathname));
}

/** Starts preloading the modules of this route; resolves to the registry (or null). */
async function preloadModules() {
  const registryUrl = new URL("remotes.json", document.baseURI).href;
  const registry = await json(registryUrl, registryUrl);
  // The host's own rule (Registry::allows): an entry stands for the origin a URL parser gives.
  const allowed = new Set((registry?.allowed_origins ?? []).map(originOf).filter(Boolean));
  const overridden = overrides();
  // Only the modules this route mounts: others are fetched when idle, or never.
  const here = (registry?.remotes ?? []).filter(activeHere);
  await Promise.all(here.map((r) => preloadModule(r, allowed, overridden)));
  return registry;
}

const registry = preloadModules().catch(() => null);

const boot = document.querySelector("script[data-flotilla-boot]");
const wasm = boot.dataset.wasm;
const integrity = document.querySelector(`link[rel="preload"][href="${wasm}"]`)?.integrity;
const { default: init } = await import(boot.dataset.js);
await init({ module_or_path: fetch(wasm, integrity ? { integrity } : {}) });
// The worker starts once the page has composed (its `load`, or 5 s: an image that never ends
// must not keep it away) and the main thread is idle: on a cold load its start and its script
// would compete with the modules for the CPU.
const composed = registry.then(async (known) => {
  if (document.readyState !== "complete") {
    await new Promise((resolve) => {
      addEventListener("load", resolve, { once: true });
      setTimeout(resolve, 5000);
    });
  }
  const idle = globalThis.requestIdleCallback ?? ((then) => setTimeout(then, 0));
  await new Promise((resolve) => idle(resolve, { timeout: 1000 }));
  return known;
});
// The offline tier's code is a module of its own, fetched then: it is no part of a start.
composed
  .then(async (known) => {
    const { start } = await import(new URL("offline.js", import.meta.url).href);
    await start(known, Object.keys(snapshot ?? {}), pinned);
  })
  .catch(() => {});
