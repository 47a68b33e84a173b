//! The shell origin's page. It is served at `/`, `/index.html` and every path a registry route
//! covers (a deep link such as `/favorites` works), with the composition snapshot when the
//! server keeps one; any other path that is no file gets the shell's `404.html` with status 404.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use flotilla_contract::Registry;
use tower::service_fn;
use tower_http::services::ServeDir;

use super::snapshot::{self, Snapshot};

/// The shell's page and not-found page, as served.
#[derive(Clone)]
pub struct Pages {
    root: PathBuf,
    registry: Arc<Registry>,
    snapshot: Option<Snapshot>,
}

/// The shell's page for paths no route covers.
pub const NOT_FOUND_PAGE: &str = "404.html";

impl Pages {
    /// Pages from the shell's build in `root`.
    pub fn new(root: &Path, registry: &Registry, snapshot: Option<Snapshot>) -> Pages {
        Pages {
            root: root.to_path_buf(),
            registry: Arc::new(registry.clone()),
            snapshot,
        }
    }

    /// Whether `path` is the page: `/`, `/index.html`, or a path some remote's routes cover.
    pub fn covers(&self, path: &str) -> bool {
        path == "/"
            || path == "/index.html"
            || self
                .registry
                .remotes
                .iter()
                .any(|r| !r.routes.is_empty() && r.active_on(path))
    }

    /// The page as served at `path`.
    pub async fn page(&self, path: &str) -> Response {
        let Ok(text) = tokio::fs::read_to_string(self.root.join("index.html")).await else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let html = match &self.snapshot {
            Some(s) => snapshot::render(&text, path, &self.registry, &s.manifests()),
            None => text,
        };
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
    }

    /// The not-found page, status 404.
    pub async fn not_found(&self) -> Response {
        let html = tokio::fs::read_to_string(self.root.join(NOT_FOUND_PAGE))
            .await
            .unwrap_or_else(|_| {
                "<!DOCTYPE html><title>Not found</title><h1>Page not found</h1>".into()
            });
        (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response()
    }

    /// The page for covered paths, else the file, else the not-found page.
    pub fn service(
        self,
    ) -> impl tower::Service<
        Request,
        Response = Response,
        Error = Infallible,
        Future = impl Send + 'static,
    > + Clone
           + Send
           + 'static {
        let files = ServeDir::new(&self.root)
            .precompressed_br()
            .precompressed_gzip();
        service_fn(move |request: Request| {
            let (pages, files) = (self.clone(), files.clone());
            async move {
                let path = request.uri().path().to_owned();
                if pages.covers(&path) {
                    return Ok(pages.page(&path).await);
                }
                let response = tower::ServiceExt::oneshot(files, request)
                    .await
                    .map(IntoResponse::into_response)
                    .unwrap_or_else(|e| match e {});
                if response.status() == StatusCode::NOT_FOUND {
                    return Ok(pages.not_found().await);
                }
                Ok(response)
            }
        })
    }
}
