//! A module origin that a test can break and mend while a page uses it: down, hanging,
//! answering errors; with a count of the requests it received.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use flotilla_contract::abi;
use tokio::task::JoinHandle;
use xtask::serve;

use crate::ModuleCopy;

/// What the origin does to requests whose path ends with the fault's suffix.
#[derive(Debug, Clone, Default)]
struct Faults {
    /// Requests for paths ending like this never get an answer (until the fault is cleared).
    hang: Option<String>,
    /// Requests for paths ending like this get this status, this many times.
    fail: Option<(String, StatusCode, u32)>,
    /// Every response says `Cache-Control: no-store`, so each fetch reaches the origin and
    /// counts.
    no_store: bool,
    /// Requests received, by path.
    hits: HashMap<String, u32>,
}

/// A copy of a module's build, served on its own loopback origin, with faults on demand.
pub struct ChaosOrigin {
    /// The files served (change them to break or mend the module).
    pub copy: ModuleCopy,
    addr: SocketAddr,
    /// While down before its first start: the port, bound but not listening, so connections
    /// are refused and no other server of a test running beside it can take the address.
    reserved: Option<tokio::net::TcpSocket>,
    faults: Arc<Mutex<Faults>>,
    task: Option<JoinHandle<()>>,
}

impl ChaosOrigin {
    /// Serves a copy of `module`'s build.
    pub async fn up(module: &str) -> Self {
        let mut origin = Self::down(module);
        origin.start().await;
        origin
    }

    /// A copy of `module`'s build whose origin is not listening yet (connections are refused).
    pub fn down(module: &str) -> Self {
        let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
        socket
            .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .expect("a free loopback port");
        let addr = socket.local_addr().expect("address");
        ChaosOrigin {
            copy: ModuleCopy::of(module),
            addr,
            reserved: Some(socket),
            faults: Arc::default(),
            task: None,
        }
    }

    /// Starts listening (again) on the origin's address.
    pub async fn start(&mut self) {
        let listener = match self.reserved.take() {
            Some(socket) => socket.listen(1024).expect("listening on the reserved port"),
            None => tokio::net::TcpListener::bind(self.addr)
                .await
                .expect("origin address is free"),
        };
        let router = serve::module_router(self.copy.dir.path()).layer(
            middleware::from_fn_with_state(self.faults.clone(), apply_faults),
        );
        self.task = Some(tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        }));
    }

    /// `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// URL of the manifest.
    pub fn manifest_url(&self) -> String {
        format!("{}/mf-manifest.json", self.origin())
    }

    /// Requests for paths ending with `suffix` hang until [`ChaosOrigin::mend`].
    pub fn hang(&self, suffix: &str) {
        self.faults.lock().unwrap().hang = Some(suffix.to_owned());
    }

    /// The next `times` requests for paths ending with `suffix` get `status`.
    pub fn fail(&self, suffix: &str, status: u16, times: u32) {
        let status = StatusCode::from_u16(status).expect("status");
        self.faults.lock().unwrap().fail = Some((suffix.to_owned(), status, times));
    }

    /// From now on the browser may not cache anything from this origin: every fetch is a hit.
    pub fn no_store(&self) {
        self.faults.lock().unwrap().no_store = true;
    }

    /// Clears hang and fail faults.
    pub fn mend(&self) {
        let mut faults = self.faults.lock().unwrap();
        faults.hang = None;
        faults.fail = None;
    }

    /// Requests received for `path` (e.g. `/mf-manifest.json`).
    pub fn hits(&self, path: &str) -> u32 {
        let faults = self.faults.lock().unwrap();
        faults.hits.get(path).copied().unwrap_or_default()
    }

    /// Replaces a served file (and drops its precompressed variants, which would be stale).
    pub fn write(&self, file: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.copy.path(file), bytes).expect("write");
        for ext in ["br", "gz"] {
            let _ = std::fs::remove_file(self.copy.path(&format!("{file}.{ext}")));
        }
    }

    /// Rewrites the served manifest as JSON.
    pub fn edit_manifest(&self, edit: impl FnOnce(&mut serde_json::Value)) {
        let manifest = self.read(abi::MANIFEST_FILE);
        let mut m: serde_json::Value = serde_json::from_slice(&manifest).expect("manifest JSON");
        edit(&mut m);
        self.write(abi::MANIFEST_FILE, m.to_string());
    }

    /// Reads a served file.
    pub fn read(&self, file: &str) -> Vec<u8> {
        std::fs::read(self.copy.path(file)).expect("read")
    }

    /// Copies `module`'s release build over the served files, manifest included: a deploy.
    pub fn deploy(&self, module: &str) {
        crate::copy_dir(&crate::module(module).dist_dir(), self.copy.dir.path()).expect("copy");
    }
}

impl Drop for ChaosOrigin {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

async fn apply_faults(
    State(faults): State<Arc<Mutex<Faults>>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let failure = {
        let mut f = faults.lock().unwrap();
        *f.hits.entry(path.clone()).or_default() += 1;
        match &mut f.fail {
            Some((suffix, status, times)) if *times > 0 && path.ends_with(suffix.as_str()) => {
                *times -= 1;
                Some(*status)
            }
            _ => None,
        }
    };
    if let Some(status) = failure {
        // Outside the router's CORS layer, so the page can read the status.
        let cors = [(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")];
        return (status, cors, "chaos: injected failure").into_response();
    }
    loop {
        let hanging = faults
            .lock()
            .unwrap()
            .hang
            .as_deref()
            .is_some_and(|suffix| path.ends_with(suffix));
        if !hanging {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut response = next.run(request).await;
    if faults.lock().unwrap().no_store {
        let value = header::HeaderValue::from_static("no-store");
        response.headers_mut().insert(header::CACHE_CONTROL, value);
    }
    response
}
