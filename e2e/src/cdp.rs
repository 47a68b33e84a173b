//! Chrome DevTools Protocol commands through chromedriver's `goog/cdp/execute` endpoint.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};

/// One CDP command, e.g. `Runtime.getHeapUsage`.
#[derive(Debug, Clone)]
pub struct Cdp {
    /// Method name.
    pub cmd: &'static str,
    /// Parameters object.
    pub params: Value,
}

impl Cdp {
    /// A command without parameters.
    pub fn new(cmd: &'static str) -> Self {
        Cdp {
            cmd,
            params: json!({}),
        }
    }
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
