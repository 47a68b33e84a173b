//! home-app: the "Random Image" content module, deployed on its own.

mod catalog;
mod photo;
mod random_image;
mod source;
#[cfg(test)]
mod tests;

pub use random_image::RandomImage;

flotilla_module::expose!(RandomImage as mount);

fn main() {
    flotilla_module::run_standalone::<RandomImage>("home-app");
}
