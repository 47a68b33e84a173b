//! A page of many modules, for the tests and the benchmark: one module's build copied under
//! `count` names, each copy with wasm bytes of its own (a custom section carries its number, so
//! no cache can share one copy's compiled code with another), its own manifest and, when
//! served, its own origin; and the shell's build with a slot for each.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{ensure, Context, Result};
use flotilla_contract::abi::MANIFEST_FILE;
use flotilla_contract::policy::WatchPolicy;
use flotilla_contract::registry::Remote;
use flotilla_contract::{Manifest, Registry};
use sha2::{Digest, Sha384};

use crate::serve::{self, Origin, Stack, StackConfig};
use crate::{files, manifest, precompress};

/// Copies of one module build, and a shell page with a slot for each.
#[derive(Debug)]
pub struct Fleet {
    /// The shell's build, its page with one slot per member.
    pub shell: PathBuf,
    /// Each copy: its name (also its slot's) and its folder.
    pub members: Vec<(String, PathBuf)>,
}

impl Fleet {
    /// Writes `count` copies of the module build in `module_build` and the shell build in
    /// `shell_build`, with a slot for each copy, below `out` (emptied first).
    pub fn write(
        module_build: &Path,
        shell_build: &Path,
        count: usize,
        out: &Path,
    ) -> Result<Fleet> {
        ensure!(
            (1..=99).contains(&count),
            "a fleet has 1 to 99 members, not {count}"
        );
        let text = fs::read_to_string(module_build.join(MANIFEST_FILE)).with_context(|| {
            format!(
                "{}: no manifest (build the module first)",
                module_build.display()
            )
        })?;
        let template = Manifest::from_json(&text)
            .with_context(|| format!("{}/{MANIFEST_FILE}", module_build.display()))?;
        let _ = fs::remove_dir_all(out);
        let mut members = Vec::new();
        for n in 1..=count {
            let name = format!("{}-{n:02}", template.name);
            let dir = out.join(&name);
            copy(module_build, &template, &name, n, &dir)
                .with_context(|| format!("writing fleet member {name} to {}", dir.display()))?;
            members.push((name, dir));
        }
        let shell = out.join("shell");
        files::copy_dir(shell_build, &shell)?;
        let page = shell.join("index.html");
        let html = fs::read_to_string(&page)
            .with_context(|| format!("{}: no page (build the shell first)", page.display()))?;
        let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
        fs::write(
            &page,
            with_slots(&html, &names).with_context(|| page.display().to_string())?,
        )?;
        Ok(Fleet { shell, members })
    }

    /// Serves the first `count` members, each on its own origin, and the shell with a registry
    /// placing each in its slot, checking for updates every `updates.interval_ms`.
    pub async fn serve(
        &self,
        count: usize,
        config: &StackConfig,
        updates: WatchPolicy,
    ) -> Result<Stack> {
        ensure!(
            count <= self.members.len(),
            "the fleet has {} members, not {count}",
            self.members.len()
        );
        let origins: Vec<Origin> = self.members[..count]
            .iter()
            .map(|(name, dir)| Origin {
                name: name.clone(),
                dir: dir.clone(),
                port: 0,
            })
            .collect();
        serve::start_origins(config, &self.shell, &origins, |served| Registry {
            remotes: served
                .iter()
                .map(|(name, addr)| Remote {
                    name: name.clone(),
                    manifest: format!("http://{addr}/{MANIFEST_FILE}"),
                    slot: name.clone(),
                    expose: None,
                    props: Default::default(),
                    update: Default::default(),
                    routes: Vec::new(),
                    prefetch: Default::default(),
                    keep_alive: false,
                })
                .collect(),
            allowed_origins: served.iter().map(|(_, a)| format!("http://{a}")).collect(),
            loading: Default::default(),
            updates,
            offline: Default::default(),
        })
        .await
    }
}

/// The page `html` (as trunk writes it, maybe minified) with its slot elements replaced by one
/// `<div class="flotilla-slot" data-flotilla-slot="NAME">` per name, where the first one was.
fn with_slots(html: &str, names: &[&str]) -> Result<String> {
    let mut rest = html;
    let mut out = String::new();
    let mut first = None;
    while let Some(at) = rest.find("data-flotilla-slot=") {
        let open = rest[..at]
            .rfind('<')
            .context("a slot attribute outside a tag")?;
        let tag: String = rest[open + 1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let close = format!("</{tag}>");
        let end = rest[at..]
            .find(&close)
            .with_context(|| format!("a slot <{tag}> without {close}"))?
            + at
            + close.len();
        out.push_str(&rest[..open]);
        first.get_or_insert(out.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    let first = first.context("the page has no element with data-flotilla-slot")?;
    let slots: String = names
        .iter()
        .map(|n| format!("<div class=\"flotilla-slot\" data-flotilla-slot=\"{n}\"></div>"))
        .collect();
    out.insert_str(first, &slots);
    Ok(out)
}

/// Copies the build to `dir` as module `name`, its wasm made distinct with member number `n`.
fn copy(build: &Path, template: &Manifest, name: &str, n: usize, dir: &Path) -> Result<()> {
    let wasm_file = &template.assets.wasm.file;
    files::copy_dir_except(build, dir, &|p: &Path| {
        p.to_str()
            .is_some_and(|f| f.starts_with(wasm_file.as_str()) || f == MANIFEST_FILE)
    })?;
    let wasm = with_custom_section(
        &fs::read(build.join(wasm_file))?,
        "flotilla-fleet",
        &[n as u8],
    );
    let integrity = manifest::integrity(&wasm);
    let hash = format!("{:x}", Sha384::digest(&wasm));
    let file = format!("{name}-{}_bg.wasm", &hash[..16]);
    fs::write(dir.join(&file), &wasm)?;
    fs::write(dir.join(format!("{file}.br")), precompress::brotli(&wasm)?)?;
    fs::write(dir.join(format!("{file}.gz")), precompress::gzip(&wasm)?)?;
    let mut copy = template.clone();
    copy.name = name.to_owned();
    copy.assets.wasm.file = file;
    copy.assets.wasm.integrity = integrity;
    copy.assets.wasm.size = wasm.len() as u64;
    copy.validate().context("the copy's manifest")?;
    manifest::write(dir, &copy)?;
    Ok(())
}

/// `wasm` with a custom section `name` holding `payload` appended (the module runs the same).
fn with_custom_section(wasm: &[u8], name: &str, payload: &[u8]) -> Vec<u8> {
    let mut body = leb128(name.len());
    body.extend_from_slice(name.as_bytes());
    body.extend_from_slice(payload);
    let mut out = wasm.to_vec();
    out.push(0);
    out.extend(leb128(body.len()));
    out.extend(body);
    out
}

fn leb128(mut n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_gets_one_slot_per_member_where_its_slots_were() {
        let minified = "<body><div class=flotilla-slot data-flotilla-slot=header></div><main class=flotilla-slot data-flotilla-slot=content></main><div id=flotilla-shell></div></body>";
        assert_eq!(
            with_slots(minified, &["a", "b"]).unwrap(),
            "<body><div class=\"flotilla-slot\" data-flotilla-slot=\"a\"></div><div class=\"flotilla-slot\" data-flotilla-slot=\"b\"></div><div id=flotilla-shell></div></body>"
        );
        let pretty = "<body>\n  <div class=\"flotilla-slot\" data-flotilla-slot=\"header\"></div>\n  <div id=\"flotilla-shell\"></div>\n</body>\n";
        assert_eq!(
            with_slots(pretty, &["a"]).unwrap(),
            "<body>\n  <div class=\"flotilla-slot\" data-flotilla-slot=\"a\"></div>\n  <div id=\"flotilla-shell\"></div>\n</body>\n"
        );
        assert!(with_slots("<body></body>", &["a"]).is_err());
        assert!(with_slots("<body><div data-flotilla-slot=x></body>", &["a"]).is_err());
    }

    #[test]
    fn leb128_encodes_sizes() {
        assert_eq!(leb128(0), [0]);
        assert_eq!(leb128(127), [127]);
        assert_eq!(leb128(128), [0x80, 1]);
        assert_eq!(leb128(300), [0xac, 2]);
    }

    #[test]
    fn the_custom_section_is_appended_whole() {
        let header = b"\0asm\x01\0\0\0";
        let out = with_custom_section(header, "ab", &[7]);
        assert_eq!(&out[..8], header);
        assert_eq!(&out[8..], [0, 4, 2, b'a', b'b', 7]);
    }
}
