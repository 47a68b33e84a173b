//! A photograph to show, with the credit its licence asks for.

/// One photograph and its credit.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    /// Absolute URL of the image.
    pub url: String,
    /// What the photograph shows (the image's alt text).
    pub title: String,
    /// Who took it.
    pub author: String,
    /// Licence, e.g. `CC0 1.0`.
    pub license: String,
    /// Where the original is published.
    pub link: String,
}

impl Photo {
    /// The credit line shown under the image.
    pub fn credit(&self) -> String {
        format!("“{}” by {} · {}", self.title, self.author, self.license)
    }
}
