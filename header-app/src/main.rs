//! header-app: Flotilla's page header as a separately deployed module.

mod header;
#[cfg(test)]
mod tests;

pub use header::Header;

flotilla_module::expose!(Header as mount);

fn main() {
    flotilla_module::run_standalone::<Header>("header-app");
}
