//! home-app: the "Random Image" content module, deployed on its own.

mod catalog;
mod photo;
mod random_image;
mod source;
#[cfg(test)]
mod tests;

pub use random_image::RandomImage;

flotilla_module::expose!(RandomImage as mount);

/// Nothing to start: a host mounts the module through `mount`, and so does its own page (the
/// standalone harness its `index.html` includes).
fn main() {}
