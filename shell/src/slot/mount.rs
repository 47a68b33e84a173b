//! Loading a module and mounting it into a slot's host, in place of whatever it showed.

use std::cell::RefCell;
use std::rc::Rc;

use flotilla_contract::abi::context as keys;
use flotilla_contract::registry::Remote;
use flotilla_contract::{LoadPolicy, Manifest};

use super::crash;
use super::host::SlotHost;
use crate::error::{HostError, LoadPhase};
use crate::js;
use crate::loader::{self, Failure, Loaded};

/// Loads the module, then mounts it in place of whatever the slot showed.
pub async fn load_and_mount(
    host: &Rc<RefCell<SlotHost>>,
    remote: &Remote,
    allowed: &[String],
    policy: &LoadPolicy,
    again: bool,
) -> Result<Manifest, Failure> {
    let loaded = loader::load(remote, allowed, policy, again).await?;
    let pending = host.borrow().prepare(&loaded);
    let started = js::now();
    let styles = async {
        pending.styles_ready().await;
        Ok(())
    };
    let css_url = loaded.manifest_base.clone();
    if let Err(error) = loader::timed(policy, LoadPhase::Mount, &css_url, styles).await {
        pending.discard();
        return Err(error.into());
    }
    let instance = next_instance(&remote.name);
    let context = context_json(remote, &loaded, &instance);
    let mounted =
        crash::settled_mount(&instance, || loaded.code.mount(pending.root(), &context)).await;
    let handle = match mounted {
        Ok(handle) => handle,
        Err(error) => {
            pending.discard();
            return Err(mount_error(remote, &loaded, error).into());
        }
    };
    let mount_ms = js::now() - started;
    let mut host = host.borrow_mut();
    host.commit(pending, handle, instance, loaded.code.memory_bytes());
    host.set_data("module", &loaded.manifest.name);
    host.set_data("version", &loaded.manifest.version);
    host.set_data(
        "origin",
        &js::origin(&loaded.asset_base).unwrap_or_default(),
    );
    let t = loaded.timings;
    host.set_data(
        "load-ms",
        &format!(
            "manifest={:.1} fetch={:.1} init={:.1} mount={:.1} preloaded={}",
            t.manifest, t.fetch, t.init, mount_ms, loaded.preloaded
        ),
    );
    let a = &loaded.manifest.assets;
    let bytes: u64 = [&a.js, &a.wasm]
        .into_iter()
        .chain(&a.css)
        .map(|f| f.size)
        .sum();
    host.set_data("bytes", &bytes.to_string());
    host.set_data("wasm-memory", &loaded.code.memory_bytes().to_string());
    js::mark(&format!("flotilla:{}:mounted", remote.name));
    Ok(loaded.manifest)
}

/// A panic reported during the mount call is a crash; anything else thrown is a mount failure.
fn mount_error(remote: &Remote, loaded: &Loaded, error: crash::Thrown) -> HostError {
    let module = remote.name.clone();
    match error {
        crash::Thrown::Panic(cause) => HostError::Crashed { module, cause },
        crash::Thrown::Error(cause) => HostError::MountFailed {
            module,
            cause: format!("{cause} (in {})", loaded.code.url()),
        },
    }
}

/// A name for one mount, unique in the page: `header-app#3`.
fn next_instance(module: &str) -> String {
    thread_local!(static COUNT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    let n = COUNT.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    format!("{module}#{n}")
}

/// The mount context object the module receives, as JSON text.
fn context_json(remote: &Remote, loaded: &Loaded, instance: &str) -> String {
    let mut context = serde_json::Map::new();
    context.insert(keys::INSTANCE.into(), instance.into());
    context.insert(keys::MODULE.into(), remote.name.clone().into());
    context.insert(keys::ASSET_BASE.into(), loaded.asset_base.clone().into());
    context.insert(keys::PROPS.into(), remote.props.clone().into());
    serde_json::Value::Object(context).to_string()
}
