//! Network emulation through chromedriver's `chromium/network_conditions` endpoint.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::json;

/// Throttles the browser: `latency_ms` per request, symmetric throughput in bits per second.
#[derive(Debug, Clone, Copy)]
pub struct NetworkConditions {
    /// Added round-trip latency in milliseconds.
    pub latency_ms: u32,
    /// Download and upload throughput in bits per second.
    pub bits_per_second: u64,
}

impl WebDriverCompatibleCommand for NetworkConditions {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/chromium/network_conditions",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let bytes_per_second = self.bits_per_second / 8;
        let body = json!({
            "network_conditions": {
                "offline": false,
                "latency": self.latency_ms,
                "download_throughput": bytes_per_second,
                "upload_throughput": bytes_per_second,
            }
        });
        (http::Method::POST, Some(body.to_string()))
    }
}
