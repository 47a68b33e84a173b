//! Delta updates (Compression Dictionary Transport, RFC 9842): at deploy time each code file of a
//! new version is compressed against the same file of earlier versions, as `dcb` (the bytes
//! `FF 44 43 42`, the dictionary's SHA-256, then a brotli stream using the old file as a custom
//! dictionary). A browser holding the old file (sent with `Use-As-Dictionary`) names it in
//! `Available-Dictionary: :<base64 sha-256>:`; the origin then answers with the delta.
//!
//! ```text
//! versions/<id>/.deltas/<base64 sha-256 of the old file>/<file of <id>>
//! ```
//! The base64 text is the header's, with each `/` a folder level (so nginx can map the header
//! to a path); a file of `<id>` is paired with the old version's file of the same kind (wasm,
//! glue JS, each CSS file by its name stem).

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use base64::Engine;
use flotilla_contract::Manifest;
use sha2::{Digest, Sha256};

/// The folder, inside a version's folder, holding its deltas (a dot folder: no URL of its own).
pub const DELTAS: &str = ".deltas";

/// How many earlier versions a new version gets deltas against, unless told otherwise.
pub const DEFAULT_COUNT: usize = 3;

/// The first bytes of a `dcb` body.
pub const DCB_MAGIC: [u8; 4] = [0xFF, 0x44, 0x43, 0x42];

/// The dictionary's hash as `Available-Dictionary` names it, without the colons (base64).
pub fn dictionary_id(dictionary: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(dictionary))
}

/// The base64 text of an `Available-Dictionary` value (`:<base64 of 32 bytes>:`), if it is one.
pub fn parse_available_dictionary(value: &str) -> Option<&str> {
    let text = value.trim().strip_prefix(':')?.strip_suffix(':')?;
    let well_formed = text.len() == 44
        && text.ends_with('=')
        && text[..43]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    well_formed.then_some(text)
}

/// Where, below a version's folder, the delta of `file` against the dictionary `id` is kept.
pub fn path_in_version(id: &str, file: &str) -> PathBuf {
    let mut path = PathBuf::from(DELTAS);
    // Each `/` is a folder level; empty levels (`//`) collapse, as they do on the file system.
    path.extend(id.split('/').filter(|level| !level.is_empty()));
    path.push(file);
    path
}

/// `file` compressed against `dictionary` as a `dcb` body.
pub fn encode(file: &[u8], dictionary: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(file.len() / 8 + 36);
    out.extend_from_slice(&DCB_MAGIC);
    out.extend_from_slice(&Sha256::digest(dictionary));
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: window_bits(file.len() + dictionary.len()),
        ..Default::default()
    };
    let (mut input, mut output) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    let mut no_callback =
        |_: &mut brotli::interface::PredictionModeContextMap<brotli::InputReferenceMut>,
         _: &mut [brotli::interface::StaticCommand],
         _: brotli::InputPair,
         _: &mut brotli::enc::StandardAlloc| ();
    brotli::BrotliCompressCustomIoCustomDict(
        &mut brotli::IoReaderWrapper(&mut &file[..]),
        &mut brotli::IoWriterWrapper(&mut out),
        &mut input,
        &mut output,
        &params,
        brotli::enc::StandardAlloc::default(),
        &mut no_callback,
        dictionary,
        std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "unexpected end of input"),
    )
    .context("brotli with a custom dictionary")?;
    Ok(out)
}

/// The file a `dcb` body decodes to with `dictionary`; fails if the body names another
/// dictionary or is not brotli.
pub fn decode(body: &[u8], dictionary: &[u8]) -> Result<Vec<u8>> {
    anyhow::ensure!(
        body.len() >= 36 && body[..4] == DCB_MAGIC,
        "not a dcb body (no FF 44 43 42 header)"
    );
    anyhow::ensure!(
        body[4..36] == Sha256::digest(dictionary)[..],
        "the dcb body was made against another dictionary"
    );
    let mut out = Vec::new();
    brotli::Decompressor::new_with_custom_dict(&body[36..], 1 << 16, dictionary.to_vec().into())
        .read_to_end(&mut out)
        .context("decoding the brotli stream")?;
    Ok(out)
}

/// A window that reaches back over the dictionary and the file: brotli's distances cannot
/// point further than the window (at most 2^24, as `dcb` allows).
fn window_bits(reach: usize) -> i32 {
    let mut bits = 16;
    while bits < 24 && (1usize << bits) - 16 < reach {
        bits += 1;
    }
    bits
}

/// Writes into the version folder `version` (with its manifest `new`) the deltas of each of
/// its code files against the matching file of each of `older` (version folders, with their
/// manifests). Returns how many were written.
pub fn write_for_version(
    version: &Path,
    new: &Manifest,
    older: &[(PathBuf, Manifest)],
) -> Result<usize> {
    let mut written = 0;
    for (old_dir, old) in older {
        for (file, old_file) in pairs(new, old) {
            let dictionary = fs::read(old_dir.join(&old_file))
                .with_context(|| format!("reading {}", old_dir.join(&old_file).display()))?;
            let target = version.join(path_in_version(&dictionary_id(&dictionary), &file));
            if target.exists() {
                continue;
            }
            let source = version.join(&file);
            let bytes =
                fs::read(&source).with_context(|| format!("reading {}", source.display()))?;
            let body = encode(&bytes, &dictionary)
                .with_context(|| format!("the delta of {}", source.display()))?;
            fs::create_dir_all(target.parent().unwrap_or(version))?;
            let mut out = fs::File::create(&target)
                .with_context(|| format!("writing {}", target.display()))?;
            out.write_all(&body)?;
            written += 1;
        }
    }
    Ok(written)
}

/// Each code file of `new` with its counterpart in `old` (paths as the manifests give them,
/// relative to their version folders): the wasm, the glue JS, and each CSS file with the old
/// one of the same name stem (or the only one, when both have one).
pub fn pairs(new: &Manifest, old: &Manifest) -> Vec<(String, String)> {
    let (a, b) = (&new.assets, &old.assets);
    let mut out = vec![
        (a.wasm.file.clone(), b.wasm.file.clone()),
        (a.js.file.clone(), b.js.file.clone()),
    ];
    for css in &a.css {
        let same_stem = b.css.iter().find(|o| stem(&o.file) == stem(&css.file));
        let only = (a.css.len() == 1 && b.css.len() == 1).then(|| &b.css[0]);
        if let Some(old) = same_stem.or(only) {
            out.push((css.file.clone(), old.file.clone()));
        }
    }
    out
}

/// A file's name without its content hash and extension (`style-0123456789abcdef.css` →
/// `style`).
pub fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    let base = name.split('.').next().unwrap_or(name);
    match base.rsplit_once('-') {
        Some((stem, hash)) if is_hash(hash.trim_end_matches("_bg")) => stem,
        _ => base,
    }
}

/// 16 hex digits: trunk's content hash in file names.
pub fn is_hash(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests;
