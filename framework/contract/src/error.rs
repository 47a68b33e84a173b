//! The one error type of the contract crate.

use std::fmt;

use crate::text::{Listed, Quoted};

/// What is wrong with a manifest or registry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContractError {
    /// The text is larger than a host reads.
    #[error("{bytes} bytes is more than the {limit} bytes allowed")]
    TooLarge {
        /// Size of the text.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The text is not JSON of the expected shape (serde's message says where).
    #[error("not valid JSON of the expected shape: {0}")]
    Malformed(String),
    /// The schema version is not one this host reads.
    #[error("`schema_version` is {found}; this host reads {}", Listed(.supported))]
    UnsupportedSchema {
        /// Version found.
        found: u32,
        /// Versions supported.
        supported: Vec<u32>,
    },
    /// The ABI version is not one this host can mount.
    #[error("`abi_version` is {found}; this host mounts {}", Listed(.supported))]
    UnsupportedAbi {
        /// Version found.
        found: u32,
        /// Versions supported.
        supported: Vec<u32>,
    },
    /// One field has a bad value.
    #[error("field `{field}`: {problem}")]
    Field {
        /// Path of the field, e.g. `assets.wasm.integrity`.
        field: String,
        /// What is wrong with it.
        problem: Problem,
    },
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The field is empty.
    Empty,
    /// The field is longer than allowed.
    TooLong {
        /// The limit in characters.
        limit: usize,
    },
    /// The value does not have the required form.
    Format {
        /// The form expected.
        expected: &'static str,
        /// The value found (shortened).
        found: String,
    },
    /// The value repeats one given before.
    Duplicate(String),
    /// The number is outside the allowed range.
    Range {
        /// Smallest value allowed.
        min: u64,
        /// Largest value allowed.
        max: u64,
        /// The value found.
        found: u64,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty => write!(f, "must not be empty"),
            Problem::TooLong { limit } => write!(f, "longer than {limit} characters"),
            Problem::Format { expected, found } => {
                write!(f, "expected {expected}, found {}", Quoted(found))
            }
            Problem::Duplicate(v) => write!(f, "{} appears twice", Quoted(v)),
            Problem::Range { min, max, found } => {
                write!(f, "{found} is outside {min}..={max}")
            }
        }
    }
}

impl ContractError {
    /// Builds a field error.
    pub fn field(field: impl Into<String>, problem: Problem) -> Self {
        ContractError::Field {
            field: field.into(),
            problem,
        }
    }

    /// Path of the offending field, when the error is about one field.
    pub fn field_path(&self) -> Option<&str> {
        match self {
            ContractError::Field { field, .. } => Some(field),
            ContractError::UnsupportedSchema { .. } => Some("schema_version"),
            ContractError::UnsupportedAbi { .. } => Some("abi_version"),
            _ => None,
        }
    }
}
