// Flotilla's service worker: the page's offline and repeat-visit tier.
//
// - Code (a request with `integrity`, or a content-hashed file of any origin: the snapshot's
//   preload hints reach a worker without their `integrity`) comes from Cache Storage when a
//   copy with those exact bytes is there, else from the network; a copy is kept only when its
//   bytes match the integrity asked for. The page's own integrity check still runs on
//   whatever is served, so a cached copy can never be trusted more than a downloaded one.
// - The page, the registry and module manifests go to the network first; when it fails or is
//   slower than the deadline, the last good copy is served and the page is told it is offline.
// - Code no manifest and no page used for `evict-after-s` seconds is deleted.
//
// The worker knows no shell or module version: a new shell build brings a new worker (its
// BUILD differs) that serves old and new pages alike, so it takes over open pages at once.
// Settings come from the registration URL (`sw.js?evict-after-s=…&deadline-ms=…`).

const BUILD = "__FLOTILLA_SHELL_BUILD__"; // the shell build, written by `cargo xtask build`
const params = new URL(self.location.href).searchParams;
const EVICT_AFTER_MS = positive(params.get("evict-after-s"), 7 * 86400) * 1000;
const DEADLINE_MS = positive(params.get("deadline-ms"), 3000);

/** Verified code by URL. */
const CODE = "flotilla-code-v1";
/** Last good page, registry and manifests by URL. */
const LAST = "flotilla-last-v1";
/** When each cached code URL was last used, `{url: ms}`, under USED_KEY. */
const META = "flotilla-meta-v1";
const USED_KEY = "/__flotilla/used.json";
const OURS = [CODE, LAST, META];

/** The algorithms a copy's digests are kept for (SRI's). */
const ALGORITHMS = { sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" };
/** A content-hashed name, as trunk writes them (`shell-0123456789abcdef_bg.wasm`). */
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;
const CODE_FILE = /\.(js|wasm|css)$/;
/** A module's manifest (flotilla_contract::abi::MANIFEST_FILE). */
const isManifest = (url) => url.endsWith("/mf-manifest.json");

/** URLs whose latest request was served from the last good copy or failed, for pages. */
const failing = new Set();

function positive(text, fallback) {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

self.addEventListener("install", (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("flotilla-") && !OURS.includes(name)) await caches.delete(name);
      }
      // The browser starts a navigation's request while this worker boots (`preloadResponse`).
      await self.registration.navigationPreload?.enable();
      await evict();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const kind = kindOf(request, url);
  if (kind === "code") event.respondWith(code(request, url));
  else if (kind === "latest") event.respondWith(latest(event));
});

self.addEventListener("message", (event) => {
  const message = event.data ?? {};
  const reply = (data) => (event.ports[0] ?? event.source)?.postMessage(data);
  if (message.type === "flotilla:hello") {
    reply({ type: "flotilla:state", build: BUILD, failing: [...failing] });
  } else if (message.type === "flotilla:keep" && Array.isArray(message.files)) {
    // Not `waitUntil`: a new worker (a new shell build) would wait for this to finish.
    background(keepAll(message.files).then(() => reply({ type: "flotilla:kept" })));
  }
});

/** `code`, `latest` or null (not ours: the browser fetches it as usual). */
function kindOf(request, url) {
  const own = url.origin === self.location.origin;
  if (request.headers.get("accept")?.includes("text/event-stream")) return null;
  // A content-hashed name never changes its bytes. Chromium hands a worker the requests of
  // `<link rel=preload integrity=…>` without their integrity (it checks it on the answer).
  if (request.integrity || HASHED.test(url.pathname)) return "code";
  if (request.mode === "navigate") return own ? "latest" : null;
  if (own) return "latest";
  return isManifest(url.pathname) ? "latest" : null;
}

/** Cache first, for code whose bytes the request pins (or whose name is its hash). */
async function code(request, url) {
  const cache = await caches.open(CODE);
  const hit = await cache.match(request.url);
  if (hit && matches(hit, request.integrity)) {
    background(used([request.url]));
    return hit;
  }
  // Without `integrity`: the page checks the bytes itself, and a mismatch shows there as the
  // integrity failure it is rather than as a network error of this worker's.
  const response = await fetch(request.url, {
    mode: request.mode === "no-cors" ? "no-cors" : "cors",
    credentials: request.credentials,
    cache: request.cache === "only-if-cached" ? "default" : request.cache,
    signal: request.signal,
  });
  // Kept when the request pins its bytes, or names them by hash on this origin. Another
  // origin's file asked for without integrity (a preload hint, the host's second look at bytes
  // that failed their check) is served from a kept copy but never becomes one: the page hands
  // over what it verified once it is composed (`flotilla:keep`).
  const pinned = request.integrity || url.origin === self.location.origin;
  if (pinned && response.ok && response.type !== "opaque") {
    background(keep(cache, request.url, response.clone(), request.integrity));
  }
  return response;
}

/** Network first with a deadline, then the last good copy. */
async function latest(event) {
  const request = event.request;
  const cache = await caches.open(LAST);
  const key = request.url;
  const preloaded = request.mode === "navigate" ? event.preloadResponse : undefined;
  const network = Promise.resolve(preloaded).then((early) => early ?? fetch(request)).then((response) => {
    if (response.ok) {
      background(remember(cache, key, response.clone()));
      setFailing(key, false);
    }
    return response;
  });
  network.catch(() => {});
  const answer = await Promise.race([network.then((r) => ({ r }), (e) => ({ e })), sleep(DEADLINE_MS)]);
  if (answer?.r) return answer.r;
  const copy = await cache.match(key, { ignoreVary: true });
  if (copy) {
    setFailing(key, true);
    return copy;
  }
  if (answer?.e) {
    setFailing(key, true);
    throw answer.e;
  }
  return network; // slower than the deadline and nothing to fall back on: wait for it
}

/**
 * Bookkeeping after an answer, outside the fetch event's lifetime: a fetch event extended
 * with `waitUntil` keeps this worker busy, and a new worker (a new shell build) waits for it
 * to be idle. A write lost when the browser stops an idle worker is made the next time.
 */
function background(work) {
  work.catch(() => {});
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Keeps a good answer as the last good copy (written only when it changed). */
async function remember(cache, key, response) {
  const old = await cache.match(key, { ignoreVary: true });
  const tag = response.headers.get("etag");
  if (!(old && tag && old.headers.get("etag") === tag)) await cache.put(key, response);
  if (isManifest(key)) await evictNowAndThen(!(old && tag));
}

/** The code files a kept manifest names (absolute URLs). */
async function namedBy(manifestUrl, response) {
  try {
    const assets = (await response.json())?.assets ?? {};
    const files = [assets.js, assets.wasm, ...(Array.isArray(assets.css) ? assets.css : [])];
    return files.filter((a) => typeof a?.file === "string").map((a) => new URL(a.file, manifestUrl).href);
  } catch {
    return []; // not a manifest the host could use either
  }
}

function setFailing(url, failed) {
  const changed = failed ? !failing.has(url) : failing.has(url);
  if (!changed) return;
  if (failed) failing.add(url);
  else failing.delete(url);
  self.clients.matchAll({ type: "window" }).then((clients) => {
    for (const client of clients) client.postMessage({ type: "flotilla:network", url, failing: failed });
  });
}

/** Stores `response` for `url` with the digests of its bytes, if they match `integrity`. */
async function keep(cache, url, response, integrity) {
  const bytes = await response.arrayBuffer();
  const headers = new Headers();
  for (const name of ["content-type", "etag", "last-modified"]) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  for (const [alg, name] of Object.entries(ALGORITHMS)) {
    headers.set(`x-flotilla-${alg}`, base64(await crypto.subtle.digest(name, bytes)));
  }
  const copy = new Response(bytes, { status: 200, headers });
  if (integrity && !matches(copy, integrity)) return;
  await cache.put(url, copy);
  await used([url]);
}

/**
 * Fetches and keeps what the page loaded before this worker controlled it: `[url, integrity]`
 * pairs. Code of another origin is kept only with the integrity its manifest gives (the fetch
 * checks it): the page's own download was checked, but the HTTP cache may hold other bytes now.
 */
async function keepAll(files) {
  const code = await caches.open(CODE);
  const last = await caches.open(LAST);
  for (const file of files.slice(0, 200)) {
    const [text, integrity] = Array.isArray(file) ? file : [];
    let url;
    try {
      url = new URL(text, self.location.href);
    } catch {
      continue;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") continue;
    const own = url.origin === self.location.origin;
    try {
      if (CODE_FILE.test(url.pathname)) {
        const pin = typeof integrity === "string" ? integrity : "";
        if ((!pin && !own) || (await code.match(url.href))) continue;
        // From the HTTP cache, where the page's download left it.
        const response = await fetch(url.href, {
          mode: "cors",
          credentials: "same-origin",
          integrity: pin,
          signal: AbortSignal.timeout(10_000),
        });
        if (response.ok) await keep(code, url.href, response, pin);
      } else if (!own && !isManifest(url.pathname)) {
        continue; // images and the like: not the page's to keep
      } else if (!(await last.match(url.href, { ignoreVary: true }))) {
        const response = await fetch(url.href, {
          mode: "cors",
          credentials: "same-origin",
          cache: "no-cache",
          signal: AbortSignal.timeout(10_000),
        });
        if (response.ok) await remember(last, url.href, response);
      }
    } catch {
      // Unreachable now, or not the bytes pinned: kept when the page next loads it.
    }
  }
}

/** Whether a kept copy's digests include one of the `integrity` tokens (any, when empty). */
function matches(copy, integrity) {
  const tokens = (integrity ?? "").split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return true;
  return tokens.some((token) => {
    const [alg, value] = token.split("?")[0].split(/-(.*)/s);
    return ALGORITHMS[alg] !== undefined && copy.headers.get(`x-flotilla-${alg}`) === value;
  });
}

function base64(buffer) {
  let text = "";
  for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
  return btoa(text);
}

/** When each code URL was last used. */
async function readUsed() {
  const meta = await caches.open(META);
  const found = await meta.match(USED_KEY);
  try {
    return found ? await found.json() : {};
  } catch {
    return {};
  }
}

let usedQueue = Promise.resolve();

/** Runs `step` after the ones queued before it (each reads and writes the map whole). */
function queued(step) {
  usedQueue = usedQueue.then(step).catch(() => {});
  return usedQueue;
}

function writeUsed(meta, map) {
  const headers = { "content-type": "application/json" };
  return meta.put(USED_KEY, new Response(JSON.stringify(map), { headers }));
}

/** URLs marked used and not yet written. */
const unwritten = new Set();

/**
 * Marks `urls` as used now. A page load takes a dozen files from the cache at once: the first
 * queued write takes every URL marked by then, so the map is read and written once for all.
 */
function used(urls) {
  for (const url of urls) unwritten.add(url);
  return queued(async () => {
    if (unwritten.size === 0) return;
    const map = await readUsed();
    const now = Date.now();
    for (const url of unwritten) map[url] = now;
    unwritten.clear();
    await writeUsed(await caches.open(META), map);
  });
}

let lastEviction = 0;

/** Evicts when `changed` (a manifest changed), else at most every EVICT_AFTER_MS (or minute). */
function evictNowAndThen(changed) {
  const now = Date.now();
  if (!changed && now - lastEviction < Math.min(EVICT_AFTER_MS, 60_000)) return;
  lastEviction = now;
  return evict();
}

/**
 * Deletes cached code unused for longer than EVICT_AFTER_MS. Code a kept manifest names is in
 * use now; so is code a page took from the cache when it did.
 */
function evict() {
  return queued(async () => {
    const map = await readUsed();
    const now = Date.now();
    const last = await caches.open(LAST);
    for (const request of await last.keys()) {
      if (!isManifest(request.url)) continue;
      const copy = await last.match(request, { ignoreVary: true });
      for (const url of copy ? await namedBy(request.url, copy) : []) map[url] = now;
    }
    const cache = await caches.open(CODE);
    const cutoff = now - EVICT_AFTER_MS;
    for (const request of await cache.keys()) {
      const at = map[request.url];
      if (at === undefined) {
        map[request.url] = now; // kept before it was tracked: from now on
      } else if (at < cutoff) {
        await cache.delete(request);
        delete map[request.url];
      }
    }
    for (const url of Object.keys(map)) {
      if (map[url] < cutoff) delete map[url];
    }
    await writeUsed(await caches.open(META), map);
  });
}
