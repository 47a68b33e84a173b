//! A mounted module: the Yew app (or the DOM [`View`]) behind the handle a host holds.

use wasm_bindgen::{JsError, JsValue};
use web_sys::Element;
use yew::{AppHandle, BaseComponent};

use super::context::{ModuleProps, MountContext};
use super::view::View;

/// A component or view rendered into a host element, until [`Mounted::unmount`].
pub struct Mounted {
    app: Option<Box<dyn App>>,
}

trait App {
    fn update(&mut self, props: ModuleProps);
    fn destroy(self: Box<Self>);
}

impl<C: BaseComponent<Properties = ModuleProps>> App for AppHandle<C> {
    fn update(&mut self, props: ModuleProps) {
        AppHandle::update(self, props)
    }
    fn destroy(self: Box<Self>) {
        AppHandle::destroy(*self)
    }
}

/// A [`View`] as the handle drives it.
struct ViewApp<V>(V);

impl<V: View> App for ViewApp<V> {
    fn update(&mut self, props: ModuleProps) {
        self.0.update(props.context)
    }
    fn destroy(mut self: Box<Self>) {
        self.0.unmount()
    }
}

impl Mounted {
    /// Renders `C` into `host` with the given context object.
    pub fn mount<C>(host: Element, context: &JsValue) -> Result<Self, JsError>
    where
        C: BaseComponent<Properties = ModuleProps>,
    {
        let context = MountContext::from_js(context)?;
        Ok(Self::mount_with::<C>(host, context))
    }

    /// Renders `C` into `host` with a context built in Rust.
    pub fn mount_with<C>(host: Element, context: MountContext) -> Self
    where
        C: BaseComponent<Properties = ModuleProps>,
    {
        Self::start(context, |context| {
            let props = ModuleProps { context };
            Box::new(yew::Renderer::<C>::with_root_and_props(host, props).render())
        })
    }

    /// Renders the view `V` into `host` with the given context object.
    pub fn mount_view<V: View>(host: Element, context: &JsValue) -> Result<Self, JsError> {
        let context = MountContext::from_js(context)?;
        Ok(Self::mount_view_with::<V>(host, context))
    }

    /// Renders the view `V` into `host` with a context built in Rust.
    pub fn mount_view_with<V: View>(host: Element, context: MountContext) -> Self {
        Self::start(context, |context| {
            Box::new(ViewApp(V::mount(host, context)))
        })
    }

    /// Installs the crash reporter for this instance, then renders.
    fn start(context: MountContext, render: impl FnOnce(MountContext) -> Box<dyn App>) -> Self {
        super::panic::install_crash_reporter(
            &context.module,
            &context.instance,
            context.token.as_deref(),
        );
        Mounted {
            app: Some(render(context)),
        }
    }

    /// Re-renders with a new context object.
    pub fn update(&mut self, context: &JsValue) -> Result<(), JsError> {
        let context = MountContext::from_js(context)?;
        match self.app.as_mut() {
            Some(app) => {
                app.update(ModuleProps { context });
                Ok(())
            }
            None => Err(JsError::new("update after unmount")),
        }
    }

    /// Destroys the app and removes its DOM; a second call does nothing.
    pub fn unmount(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}
