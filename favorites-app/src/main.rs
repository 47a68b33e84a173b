//! favorites-app: the images saved on the page (`/favorites`), a Flotilla module built and
//! deployed on its own.

mod favorites;

use favorites::Favorites;

flotilla_module::expose!(Favorites as mount);

/// Nothing to start: a host mounts the module through `mount`, and so does its own page (the
/// standalone harness its `index.html` includes).
fn main() {}
