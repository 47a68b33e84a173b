//! A bare HTTP/1.1 GET over a fresh connection, to read exactly the headers a server sends
//! (no client-side decoding, caching or header merging).

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Headers a delta (`Content-Encoding: dcb`) is sent with exactly as the file itself is.
pub const SAME_FOR_DELTA_AND_FILE: &[&str] = &[
    "content-type",
    "cache-control",
    "vary",
    "access-control-allow-origin",
    "timing-allow-origin",
    "use-as-dictionary",
];

/// One response: status, headers (names lowercased, repeated ones joined with `, `), body.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: BTreeMap<String, String>,
    /// The body as sent (still encoded, not de-chunked).
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value, or `""`.
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }
}

/// GETs `url` (`http://host:port/path`) with the extra request `headers`.
pub async fn get(url: &str, headers: &[(&str, &str)]) -> Result<Response> {
    let rest = url
        .strip_prefix("http://")
        .with_context(|| format!("{url} is not an http:// URL"))?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = TcpStream::connect(host)
        .await
        .with_context(|| format!("connecting to {host}"))?;
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .with_context(|| format!("{url}: no complete response head"))?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("{url}: no status line in {head:?}"))?;
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            map.entry(name)
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(value);
                })
                .or_insert_with(|| value.to_owned());
        }
    }
    Ok(Response {
        status,
        headers: map,
        body: raw[end + 4..].to_vec(),
    })
}
