//! header-app: Flotilla's page header as a separately deployed module.

mod header;
#[cfg(test)]
mod tests;

pub use header::Header;

flotilla_contract::expose!(Header as mount);

fn main() {
    flotilla_contract::module::run_standalone::<Header>("header-app");
}
