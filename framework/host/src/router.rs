//! Navigation owned by the host. A same-origin link click anywhere on the page (the shell's,
//! or a module's inside its shadow root, found through the event's composed path) to a path
//! that one of the registry's routes covers goes through the History API, without a document
//! reload; back and forward follow. Each change tells every slot the path (it mounts or
//! unmounts its module by its routes) and dispatches `flotilla:route` on `window`
//! (`detail.path`), which modules follow. Modified clicks, `target` and `download` links, other
//! origins and paths no route covers are left to the browser. Hovering or focusing a link to a
//! covered path asks for the prefetch of the modules that path would mount.

use flotilla_contract::abi::ROUTE_EVENT;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function listen_links(covered, navigate, hover) {
  const anchor = (event) => {
    for (const el of event.composedPath()) {
      if (el instanceof HTMLAnchorElement && el.hasAttribute("href")) return el;
    }
    return null;
  };
  const routed = (a) => {
    let url;
    try { url = new URL(a.href, document.baseURI); } catch { return null; }
    return url.origin === location.origin && covered(url.pathname) ? url : null;
  };
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = anchor(event);
    if (!a || (a.target && a.target !== "_self") || a.hasAttribute("download")) return;
    const url = routed(a);
    if (!url) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
  const ahead = (event) => {
    const a = anchor(event);
    const url = a && routed(a);
    if (url) hover(url.pathname);
  };
  document.addEventListener("pointerover", ahead);
  document.addEventListener("focusin", ahead);
  window.addEventListener("popstate", () => navigate(undefined));
}
export function push_path(path) {
  if (path !== location.pathname + location.search + location.hash) history.pushState(null, "", path);
}
export function announce(name, path) {
  window.dispatchEvent(new CustomEvent(name, { detail: { path } }));
}
export function when_quiet(callback) {
  const idle = () => (window.requestIdleCallback ?? ((f) => setTimeout(f, 100)))(() => callback());
  let timer;
  const observer = new PerformanceObserver(() => arm());
  const done = () => { clearTimeout(timer); clearTimeout(cap); observer.disconnect(); idle(); };
  const arm = () => { clearTimeout(timer); timer = setTimeout(done, 500); };
  const cap = setTimeout(done, 5000);
  observer.observe({ type: "resource" });
  arm();
}
"#)]
extern "C" {
    fn listen_links(
        covered: &Closure<dyn Fn(String) -> bool>,
        navigate: &Closure<dyn Fn(Option<String>)>,
        hover: &Closure<dyn Fn(String)>,
    );
    fn push_path(path: &str);
    fn announce(name: &str, path: &str);
    fn when_quiet(callback: &Closure<dyn FnMut()>);
}

/// The page's path (`location.pathname`).
pub fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".into())
}

/// Listens for link clicks, hovers and history moves for the page's life. `covered` says
/// whether a path is one the page routes; `navigate` gets the new path (`None`: back or
/// forward, already in `location`); `hover` gets a hovered or focused link's path.
pub(crate) fn listen(
    covered: impl Fn(&str) -> bool + 'static,
    navigate: impl Fn(Option<String>) + 'static,
    hover: impl Fn(&str) + 'static,
) {
    let covered = Closure::<dyn Fn(String) -> bool>::new(move |p: String| covered(&p));
    let navigate = Closure::<dyn Fn(Option<String>)>::new(navigate);
    let hover = Closure::<dyn Fn(String)>::new(move |p: String| hover(&p));
    listen_links(&covered, &navigate, &hover);
    covered.forget();
    navigate.forget();
    hover.forget();
}

/// Moves the page to `path` in the session history (no reload).
pub(crate) fn push(path: &str) {
    push_path(path);
}

/// Tells modules the path changed (`flotilla:route`).
pub(crate) fn tell(path: &str) {
    announce(ROUTE_EVENT, path);
}

/// Calls `callback` once the network has been quiet for half a second (no request of the page
/// ended: the modules on screen have what they asked for, their images included; at most 5 s)
/// and then the browser is idle.
pub(crate) fn on_quiet(callback: impl FnOnce() + 'static) {
    let mut callback = Some(callback);
    let closure = Closure::<dyn FnMut()>::new(move || {
        if let Some(f) = callback.take() {
            f();
        }
    });
    when_quiet(&closure);
    closure.forget();
}
