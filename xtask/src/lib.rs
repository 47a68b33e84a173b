//! Flotilla's tooling as a library, so the end-to-end tests start the same servers `run` does.

pub mod bucket;
pub mod budgets;
pub mod build;
pub mod cdn;
pub mod cmd;
pub mod daemon;
pub mod delta;
pub mod deploy;
pub mod exports;
pub mod files;
pub mod fleet;
pub mod fuzz;
pub mod load;
pub mod manifest;
pub mod minify;
pub mod nginx;
pub mod ports;
pub mod precompress;
pub mod scaffold;
pub mod serve;
pub mod sizes;
pub mod target;
pub mod testsuite;
pub mod tools;
pub mod workspace;
