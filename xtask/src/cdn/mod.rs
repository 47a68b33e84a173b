//! A CDN tier on loopback: Debian's Varnish in front of the nginx origins, standing in for a
//! CDN edge. Hashed code is kept as long as its `Cache-Control` says (a year, immutable);
//! manifests, registry and pages carry `Cache-Control: no-cache` for browsers and
//! `CDN-Cache-Control` (RFC 9213) for this tier, which keeps them `max-age` seconds and may
//! answer from a stale copy for `stale-while-revalidate` more while it revalidates with the
//! origin (`If-None-Match`). Concurrent misses for one object are collapsed into one origin
//! request, so an origin sees one request per code file however many clients load it.

mod process;
mod vcl;

use std::net::SocketAddr;

pub use process::{Varnish, VARNISHD};
pub use vcl::render;

/// One listener of the edge and the origin it fronts.
#[derive(Debug, Clone)]
pub struct Route {
    /// The app it serves (names the listener and backend).
    pub name: String,
    /// Where the edge listens (loopback).
    pub listen: SocketAddr,
    /// The origin (nginx) behind it.
    pub origin: SocketAddr,
}
