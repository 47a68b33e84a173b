//! Flotilla's tooling as a library, so the end-to-end tests start the same servers `run` does.

pub mod apps;
pub mod build;
pub mod deploy;
pub mod fuzz;
pub mod lint;
pub mod manifest;
pub mod precompress;
pub mod serve;
pub mod sizes;
pub mod testsuite;
pub mod tools;
