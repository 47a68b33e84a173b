//! favorites-app: the images saved on the page (`/favorites`), a Flotilla module built and
//! deployed on its own.

mod favorites;

use favorites::Favorites;

flotilla_module::expose!(Favorites as mount);

fn main() {
    flotilla_module::run_standalone::<Favorites>("favorites-app");
}
