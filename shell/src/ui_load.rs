//! The shell's UI is not part of startup. While modules load, a slot's skeleton is the page's
//! CSS (the host marks the slot `data-state="loading"` and `aria-busy`); the UI's code is a
//! wasm chunk of its own (`ui`), fetched once there is something to show: the page is composed
//! (no slot loading), a slot or the registry failed, or `?devtools` asks for the panel. A chunk
//! that cannot be loaded is logged (FLO-208) and the next host event tries again; meanwhile the
//! page's CSS still shows a failed slot's code.

use std::cell::Cell;
use std::rc::Rc;

use flotilla_host::lazy::ChunkMissing;
use flotilla_host::Host;

use crate::{devtools, dom, ui};

/// Where the UI's code is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Not asked for yet (or its last load failed).
    Waiting,
    /// Being fetched.
    Loading,
    /// Running.
    Started,
}

/// Starts the UI once it is needed, from now on.
pub fn when_needed(host: Host) {
    let stage = Rc::new(Cell::new(Stage::Waiting));
    // The host and this subscription live as long as the page; once the UI runs, an event
    // costs one comparison here.
    let subscription = {
        let (host, stage) = (host.clone(), stage.clone());
        host.clone().subscribe(move |_| maybe_start(&host, &stage))
    };
    std::mem::forget(subscription);
    maybe_start(&host, &stage);
}

/// Whether the UI has something to show.
fn needed(host: &Host) -> bool {
    if matches!(host.registry(), Some(Err(_))) || devtools::asked_by_url() {
        return true;
    }
    let composition = host.composition();
    composition.settled || composition.failed
}

fn maybe_start(host: &Host, stage: &Rc<Cell<Stage>>) {
    if stage.get() != Stage::Waiting || !needed(host) {
        return;
    }
    stage.set(Stage::Loading);
    let (host, stage) = (host.clone(), stage.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let root = dom::document()
            .get_element_by_id("flotilla-shell")
            .expect("the page has no #flotilla-shell element");
        match start_ui(host, root).await {
            Ok(()) => stage.set(Stage::Started),
            Err(missing) => {
                stage.set(Stage::Waiting);
                flotilla_host::report::warn(missing.error("the shell's UI"));
            }
        }
    });
}

flotilla_host::lazy_fn! {
    /// Builds the UI in `root` for the page's life (its code is in the `ui` chunk).
    fn start_ui[ui](host: flotilla_host::Host, root: web_sys::Element) -> Result<(), ChunkMissing> {
        std::mem::forget(ui::Ui::start(host, &root));
        // The UI's first render is done (it renders synchronously): `cargo xtask bench` reads it.
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("flotilla:shell:ui");
        }
        Ok(())
    }
}
