//! The one error type of the crate.

/// Why a value could not be read, naming the field:
/// ``field `assets.js.size`: expected a whole number from 0 to 9007199254740991, found the
/// string "12"``, ``field `remotes[0].slot` is missing``, or the JSON parser's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError(String);

impl WireError {
    /// An error with this message.
    pub(crate) fn new(message: String) -> Self {
        WireError(message)
    }
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WireError {}

impl From<WireError> for String {
    fn from(error: WireError) -> Self {
        error.0
    }
}
