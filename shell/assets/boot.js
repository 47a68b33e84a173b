// Flotilla boot. Starts fetching the registry, every module's manifest and code at once, then
// boots the shell, which takes these responses from `__flotillaPreload` instead of fetching
// again. Nothing fetched here is trusted: the shell validates manifests and the browser checks
// each code file against its manifest's integrity. An external file, so the page needs no
// inline script under its Content-Security-Policy.
const preloads = new Map();
globalThis.__flotillaPreload = preloads;

/** Keeps a clone of the response under `key` for the shell; returns the original. */
function remember(key, request) {
  const kept = request.then((response) => response.clone());
  kept.catch(() => {}); // the shell reports failures itself
  preloads.set(key, kept);
  return request;
}

async function json(key, url) {
  const response = await remember(key, fetch(url, { cache: "no-cache", credentials: "omit" }));
  return response.ok ? response.json() : null;
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

async function preloadModule(remote, allowed, overridden) {
  const manifestUrl = new URL(overridden[remote.slot] ?? remote.manifest).href;
  const origin = new URL(manifestUrl).origin;
  if (!allowed.has(origin)) return;
  const manifest = await json(manifestUrl, manifestUrl);
  for (const asset of [manifest?.assets?.js, manifest?.assets?.wasm]) {
    if (typeof asset?.file !== "string" || typeof asset?.integrity !== "string") continue;
    const url = new URL(asset.file, manifestUrl);
    if (url.origin !== origin) continue;
    const init = { integrity: asset.integrity, credentials: "omit" };
    remember(`${url.href}#${asset.integrity}`, fetch(url.href, init));
  }
}

async function preloadModules() {
  const registryUrl = new URL("remotes.json", document.baseURI).href;
  const registry = await json(registryUrl, registryUrl);
  // The host's own rule (Registry::allows): an entry stands for the origin a URL parser gives.
  const allowed = new Set((registry?.allowed_origins ?? []).map(originOf).filter(Boolean));
  const overridden = overrides();
  await Promise.all((registry?.remotes ?? []).map((r) => preloadModule(r, allowed, overridden)));
}

preloadModules().catch(() => {});

const boot = document.querySelector("script[data-flotilla-boot]");
const wasm = boot.dataset.wasm;
const integrity = document.querySelector(`link[rel="preload"][href="${wasm}"]`)?.integrity;
const { default: init } = await import(boot.dataset.js);
await init({ module_or_path: fetch(wasm, integrity ? { integrity } : {}) });
