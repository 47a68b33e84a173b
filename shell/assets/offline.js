// Flotilla's offline tier, page side: `boot.js` imports this module once the page has
// composed and the main thread is idle, so none of it is fetched or parsed during a start.
/**
 * Registers the offline tier's service worker (`sw.js`) as the registry's `offline` policy
 * says, hands it what this page loaded before the worker controlled it, and shows
 * "offline: showing the last known versions" while the worker answers from its copies.
 * `snapshotted`: the manifest URLs the page's snapshot carried; `pinned`: each module file's
 * integrity by URL, as its manifest gives it.
 */
export async function start(registry, snapshotted, pinned) {
  const workers = navigator.serviceWorker;
  if (!workers || !registry) return;
  const policy = registry.offline ?? {};
  if (policy.enabled === false) {
    for (const r of await workers.getRegistrations()) await r.unregister();
    return;
  }
  const failing = new Set();
  workers.addEventListener("message", ({ data }) => {
    if (data?.type === "flotilla:network") {
      if (data.failing) failing.add(data.url);
      else failing.delete(data.url);
    } else if (data?.type === "flotilla:state") {
      for (const url of data.failing ?? []) failing.add(url);
    }
    showOffline(failing.size > 0);
  });
  // A page the worker answered from its copies (the shell's origin down too) learns it here.
  workers.controller?.postMessage({ type: "flotilla:hello" });
  const script = new URL("sw.js", document.baseURI);
  if (policy.evict_after_s) script.searchParams.set("evict-after-s", policy.evict_after_s);
  if (policy.deadline_ms) script.searchParams.set("deadline-ms", policy.deadline_ms);
  await workers.register(script.href);
  const ready = await workers.ready;
  if (!workers.controller) ready.active?.postMessage({ type: "flotilla:hello" });
  // What loaded before the worker took over (a first visit): the page and its code, which the
  // worker takes from the HTTP cache (each module file with its manifest's integrity), and the
  // manifests the page's snapshot carried, which it fetches. Manifests the page fetched itself
  // pass through the worker at the next check.
  const loaded = performance
    .getEntriesByType("resource")
    .map((e) => e.name)
    .filter((url) => /\.(js|wasm|css)$/.test(new URL(url).pathname));
  const files = [location.href, ...loaded, ...snapshotted].map((url) => [url, pinned.get(url) ?? ""]);
  ready.active?.postMessage({ type: "flotilla:keep", files });
}

function showOffline(offline) {
  document.documentElement.toggleAttribute("data-flotilla-offline", offline);
  let note = document.getElementById("flotilla-offline");
  if (!offline) {
    note?.remove();
    return;
  }
  if (note) return;
  note = document.createElement("p");
  note.id = "flotilla-offline";
  note.className = "flotilla-offline";
  note.setAttribute("role", "status");
  note.textContent = "offline: showing the last known versions";
  document.body.prepend(note);
}
