//! Code the page fetches on first use. With the `split` feature (the shell's release build,
//! which `cargo xtask build` splits after cargo), a function written with [`lazy_fn!`] is
//! compiled into a wasm chunk of its own, fetched, verified (the loader carries the chunk's
//! `integrity`) and instantiated on the page's memory the first time it is called; without the
//! feature (tests, `trunk serve`) it is an ordinary function. Either way the call is async and
//! may fail with [`ChunkMissing`], which callers turn into FLO-208 ([`HostError::LazyCode`]).
//!
//! [`HostError::LazyCode`]: crate::HostError::LazyCode

/// A chunk of the page's code could not be loaded (a failed load is not remembered: the next
/// call tries again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkMissing;

impl ChunkMissing {
    /// FLO-208 for the code of `part` (what the page was doing: "opening a tool").
    pub fn error(self, part: &'static str) -> crate::HostError {
        crate::HostError::LazyCode { part }
    }
}

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for ChunkMissing {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

/// `fn name[chunk](args) -> Result<T, ChunkMissing> { body }`: an async function whose code
/// lives in wasm chunk `chunk` when the calling crate's `split` feature is on (that feature
/// must turn on `flotilla-host/split`). Arguments are owned or borrowed, and the function is
/// neither generic nor a method (a chunk is entered through one plain function); to run async
/// code there, return it boxed (`LocalBoxFuture`).
#[macro_export]
macro_rules! lazy_fn {
    (
        $(#[$meta:meta])*
        $vis:vis fn $name:ident [$chunk:ident] ($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        $(#[$meta])*
        #[cfg(feature = "split")]
        #[$crate::__split::wasm_split($chunk, fallible, wasm_split_path = $crate::__split)]
        $vis fn $name($($arg: $ty),*) -> $ret $body

        $(#[$meta])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> $ret $body
    };
}
