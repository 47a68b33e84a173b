//! The accept loop: HTTP/1.1 and HTTP/2 with a deadline for the request head, so a client
//! that never finishes its headers cannot hold a connection open.

use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// How long a client may take to send a request's head.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `router` on `listener` until the task is aborted, which also closes every open
/// connection (a stopped origin answers nothing, not even on kept-alive connections).
pub fn spawn(listener: TcpListener, router: Router) -> JoinHandle<()> {
    spawn_with(listener, router, HEADER_TIMEOUT)
}

/// [`spawn`] with another head deadline (tests).
pub fn spawn_with(
    listener: TcpListener,
    router: Router,
    header_timeout: Duration,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut builder = Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout);
        // Dropped with this task: aborts the connections' tasks.
        let mut connections = tokio::task::JoinSet::new();
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            while connections.try_join_next().is_some() {}
            let service = TowerToHyperService::new(router.clone());
            let builder = builder.clone();
            connections.spawn(async move {
                let _ = builder
                    .serve_connection_with_upgrades(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}
