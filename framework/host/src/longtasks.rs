//! Long tasks: a module's script shares the page's one thread, so a module that computes for
//! long freezes every slot. Flotilla cannot stop it; it observes long tasks (the browser's
//! `longtask` entries, 50 ms or more) and names the module when the task fell inside one of
//! its mounts. A long task elsewhere (a click handler, a timer) cannot be attributed: the
//! browser does not say which script ran.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function observe_long_tasks(on_task) {
  try {
    const observer = new PerformanceObserver(list => {
      for (const entry of list.getEntries()) on_task(entry.startTime, entry.duration);
    });
    observer.observe({ entryTypes: ["longtask"] });
    return () => observer.disconnect();
  } catch {}
}
"#)]
extern "C" {
    /// Calls `on_task(start, ms)` for every long task from now on; the function that stops
    /// it, or `None` where the browser cannot observe them.
    fn observe_long_tasks(on_task: &Closure<dyn FnMut(f64, f64)>) -> Option<js_sys::Function>;
}

/// One long task the page suffered.
#[derive(Debug, Clone, PartialEq)]
pub struct LongTask {
    /// How long it blocked the page, in milliseconds.
    pub ms: f64,
    /// The module whose mount it happened in, when it can be told.
    pub module: Option<String>,
}

/// A mount under way or done: module, start, end.
type Window = (String, f64, Option<f64>);

thread_local! {
    static MOUNTS: RefCell<Vec<Window>> = const { RefCell::new(Vec::new()) };
}

/// Marks that `module` is being mounted from now until the guard is dropped.
pub fn mounting(module: &str) -> MountWindow {
    let start = crate::js::now();
    MOUNTS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 64 {
            m.remove(0);
        }
        m.push((module.to_owned(), start, None));
    });
    MountWindow { start }
}

/// Ends its mount window when dropped.
pub struct MountWindow {
    start: f64,
}

impl Drop for MountWindow {
    fn drop(&mut self) {
        let end = crate::js::now();
        MOUNTS.with(|m| {
            if let Some(w) = m.borrow_mut().iter_mut().find(|w| w.1 == self.start) {
                w.2 = Some(end);
            }
        });
    }
}

fn attribute(start: f64, ms: f64) -> Option<String> {
    let end = start + ms;
    MOUNTS.with(|m| {
        m.borrow()
            .iter()
            .rev()
            .find(|(_, s, e)| *s < end && e.is_none_or(|e| e > start))
            .map(|(module, _, _)| module.clone())
    })
}

/// Calls `on_task` for every long task from now on; `None` where the browser has no
/// `longtask` entries. Keep the returned observer for as long as it should watch.
pub fn observe(on_task: impl Fn(LongTask) + 'static) -> Option<Observer> {
    let callback = Closure::<dyn FnMut(f64, f64)>::new(move |start: f64, ms: f64| {
        let module = attribute(start, ms);
        let place = match &module {
            Some(module) => format!("during {module}'s mount"),
            None => "cause unknown: any script of the page".to_owned(),
        };
        crate::js::warn(&format!(
            "flotilla: a long task blocked the page for {} ms ({place})",
            flotilla_contract::text::Whole(ms)
        ));
        on_task(LongTask { ms, module });
    });
    let stop = observe_long_tasks(&callback)?;
    Some(Observer {
        stop,
        _callback: callback,
    })
}

/// A running observer; it stops when dropped.
pub struct Observer {
    stop: js_sys::Function,
    _callback: Closure<dyn FnMut(f64, f64)>,
}

impl Drop for Observer {
    fn drop(&mut self) {
        let _ = self.stop.call0(&JsValue::NULL);
    }
}
