//! One file per `cargo xtask` command; `main.rs` parses the command line and calls these.

pub mod bench;
pub mod build;
pub mod deploy;
pub mod fuzz;
pub mod install;
pub mod lint;
pub mod load;
pub mod new;
pub mod nginx;
pub mod page;
pub mod rollback;
pub mod run;
pub mod sizes;
pub mod test;
