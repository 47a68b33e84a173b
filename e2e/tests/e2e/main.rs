//! End-to-end tests: real servers on loopback, driven through headless Chromium. One test
//! binary (one link, one copy of the servers' code on disk) with a module per area; run one
//! area with `cargo test -p flotilla-e2e --test e2e -- <area>::`.

mod support;

mod bus;
mod cdn;
mod chaos;
mod delta;
mod deploy;
mod devtools;
mod fleet;
mod framework;
mod hardening;
mod lazy;
mod nginx;
mod offline;
mod page;
mod routes;
mod s3;
mod snapshot;
mod source;
mod swap;
