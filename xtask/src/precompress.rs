//! Writes `.br` and `.gz` siblings of code files, served by `ServeDir` when the client accepts.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::Result;

const EXTENSIONS: &[&str] = &["js", "wasm", "css"];

/// Compresses every js, wasm and css file below `dir` (brotli q11, gzip -9).
pub fn dir(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            self::dir(&path)?;
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !EXTENSIONS.contains(&ext) {
            continue;
        }
        let bytes = fs::read(&path)?;
        fs::write(path.with_extension(format!("{ext}.br")), brotli(&bytes)?)?;
        fs::write(path.with_extension(format!("{ext}.gz")), gzip(&bytes)?)?;
    }
    Ok(())
}

/// Brotli, quality 11.
pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes)?;
    }
    Ok(out)
}

/// Gzip, level 9.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(bytes)?;
    Ok(w.finish()?)
}
