//! The mount context as a module sees it: its name, where its files live, its props.

use flotilla_contract::context::MountContext as Sent;
use flotilla_wire::{Value, Wire, WireError};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsError, JsValue};
use yew::Properties;

/// The props object, kept as the host sent it (read field by field, no JSON parser needed).
#[derive(Debug, Clone, PartialEq, Default)]
struct Props(JsValue);

impl Wire for Props {
    fn read(value: Value) -> Result<Self, WireError> {
        Ok(Props(value.into_js()))
    }

    fn write(&self) -> JsValue {
        self.0.clone()
    }
}

/// What the host hands a module at mount: its name, where its assets live, its props.
#[derive(Debug, Clone, PartialEq)]
pub struct MountContext {
    /// Name of the module, as the registry calls it.
    pub module: String,
    /// Absolute URL ending in `/`; the module's own files are relative to it.
    pub asset_base: String,
    /// The host's name for this mount (the module name when the host gives none).
    pub instance: String,
    /// The mount's secret, echoed in crash reports.
    pub(crate) token: Option<String>,
    props: JsValue,
}

/// Properties of every exposed component: the mount context.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ModuleProps {
    /// The context the host mounted the component with.
    pub context: MountContext,
}

impl MountContext {
    /// Reads the context object a host passes; the error names what is wrong.
    pub(crate) fn from_js(value: &JsValue) -> Result<Self, JsError> {
        let wire: Sent<Props> = flotilla_wire::from_js(value.clone())
            .map_err(|e| JsError::new(&format!("mount context: {e}")))?;
        let props = match wire.props.0 {
            p if p.is_undefined() || p.is_null() => Object::new().into(),
            p if p.is_object() => p,
            _ => return Err(JsError::new("mount context: `props` must be an object")),
        };
        let mut asset_base = wire.asset_base;
        if !asset_base.ends_with('/') {
            asset_base.push('/');
        }
        let instance = wire.instance.unwrap_or_else(|| wire.module.clone());
        Ok(MountContext {
            module: wire.module,
            asset_base,
            instance,
            token: wire.token,
            props,
        })
    }

    /// Builds a context by hand (tests).
    pub fn new(module: &str, asset_base: &str) -> Self {
        MountContext {
            module: module.to_owned(),
            asset_base: asset_base.to_owned(),
            instance: module.to_owned(),
            token: None,
            props: Object::new().into(),
        }
    }

    /// A string property, if the host set one.
    pub fn prop_str(&self, key: &str) -> Option<String> {
        self.prop(key).and_then(|v| v.as_string())
    }

    /// A numeric property, if the host set one.
    pub fn prop_f64(&self, key: &str) -> Option<f64> {
        self.prop(key).and_then(|v| v.as_f64())
    }

    fn prop(&self, key: &str) -> Option<JsValue> {
        let obj = self.props.dyn_ref::<Object>()?;
        Reflect::get(obj, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    /// Resolves a path of the module's own (e.g. `images/a.jpg`) against its asset base.
    pub fn asset_url(&self, path: &str) -> String {
        format!("{}{}", self.asset_base, path.trim_start_matches('/'))
    }
}
