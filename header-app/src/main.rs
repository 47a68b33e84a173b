//! header-app: Flotilla's page header as a separately deployed module.

mod header;
#[cfg(test)]
mod tests;

pub use header::Header;

flotilla_module::expose!(Header as mount);

/// Nothing to start: a host mounts the module through `mount`, and so does its own page (the
/// standalone harness its `index.html` includes).
fn main() {}
