//! The mount context written as the plain object a module's mount function receives.

use flotilla_contract::context::MountContext;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::props::Props;

/// `context` as a plain object with the contract's camelCase field names; the props are a
/// copy of the registry's object, so no instance sees what another did to its own.
pub(crate) fn mount_context(context: &MountContext<&Props>) -> JsValue {
    let object = Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&object, &key.into(), value);
    };
    set("module", &context.module.as_str().into());
    set("assetBase", &context.asset_base.as_str().into());
    if let Some(instance) = &context.instance {
        set("instance", &instance.as_str().into());
    }
    if let Some(token) = &context.token {
        set("token", &token.as_str().into());
    }
    set("props", &context.props.copy());
    object.into()
}
