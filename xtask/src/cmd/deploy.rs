//! `cargo xtask deploy`: builds one module and publishes it as a new version on its origin, a
//! module of this workspace by name, or a module crate in a folder of its own (`--path`).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::target::Target;
use crate::tools::{self, Toolchain};
use crate::workspace::{self, Workspace};
use crate::{build, deploy};

/// What was published where.
#[derive(Debug, Clone)]
pub struct Deployed {
    /// The module.
    pub name: String,
    /// The version id now current on the origin.
    pub id: String,
    /// The origin folder.
    pub origin: PathBuf,
}

/// Builds workspace module `module` (as `version`, when given) and publishes it to `to` (its
/// deploy folder, `target/deploy/<module>`, by default; or a bucket, `s3://bucket/prefix`),
/// with deltas against the last `deltas` versions (folders only).
pub async fn run(
    module: &str,
    version: Option<&str>,
    to: Option<&str>,
    deltas: usize,
) -> Result<()> {
    let ws = workspace::current()?;
    let app = ws.module(module)?;
    let tools = tools::ensure_build_tools()?;
    let dist = build::module_as(&tools, app, version)?;
    let target = to.map_or_else(|| Target::Folder(app.deploy_dir()), Target::parse);
    let id = target
        .publish(&dist, deltas)
        .await
        .with_context(|| format!("publishing {module} to {target}"))?;
    println!("{module}: version {id} deployed to {target}");
    Ok(())
}

/// `deploy --path DIR`: builds the module crate in `dir` and publishes it, with deltas against
/// the last `deltas` versions.
pub fn run_path(
    dir: &Path,
    version: Option<&str>,
    origin: Option<&Path>,
    deltas: usize,
) -> Result<()> {
    let tools = tools::ensure_build_tools()?;
    let d = outside_with(&tools, dir, version, origin, None, deltas)?;
    println!(
        "{}: version {} deployed to {}",
        d.name,
        d.id,
        d.origin.display()
    );
    Ok(())
}

/// Builds the module crate in `dir`, which has a workspace of its own (its `Cargo.toml`, lock
/// file and `[profile.release]`), exactly as a workspace module is built, in its own target
/// folder (or in `build_dir`, when given, e.g. to share compiled dependencies), and publishes
/// it to `origin` (`target/deploy/<name>` of this workspace by default).
pub fn outside(
    tools: &Toolchain,
    dir: &Path,
    version: Option<&str>,
    origin: Option<&Path>,
    build_dir: Option<&Path>,
) -> Result<Deployed> {
    outside_with(
        tools,
        dir,
        version,
        origin,
        build_dir,
        crate::delta::DEFAULT_COUNT,
    )
}

/// [`outside`], with deltas against the last `deltas` versions.
pub fn outside_with(
    tools: &Toolchain,
    dir: &Path,
    version: Option<&str>,
    origin: Option<&Path>,
    build_dir: Option<&Path>,
    deltas: usize,
) -> Result<Deployed> {
    let manifest = dir.join("Cargo.toml");
    if !manifest.is_file() {
        bail!(
            "{} has no Cargo.toml: --path takes a module crate's folder",
            dir.display()
        );
    }
    let lone = Workspace::discover(&manifest)?;
    let dir = dir.canonicalize()?;
    if lone.root.canonicalize()? != dir {
        bail!(
            "{} belongs to the workspace at {}; deploy a workspace module by name \
             (`cargo xtask deploy <module>`), or give the crate a `[workspace]` table of its own",
            dir.display(),
            lone.root.display()
        );
    }
    let app = match lone.apps.as_slice() {
        [app] if app.is_module() => app,
        [] => bail!(
            "{}: no [package.metadata.flotilla] table; a module declares at least `exposes`",
            manifest.display()
        ),
        _ => bail!("{}: not a module crate", manifest.display()),
    };
    let mut app = app.clone();
    if let Some(build_dir) = build_dir {
        app.build_dir = build_dir.to_path_buf();
    }
    let dist = build::module_as(tools, &app, version)?;
    let origin = match origin {
        Some(o) => o.to_path_buf(),
        None => workspace::current()?.target.join("deploy").join(&app.name),
    };
    let id = deploy::publish_with(&origin, &dist, deltas)
        .with_context(|| format!("publishing {} to {}", app.name, origin.display()))?;
    Ok(Deployed {
        name: app.name.clone(),
        id,
        origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(dir: &Path) -> String {
        let tools = Toolchain::default();
        outside(&tools, dir, None, None, None)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn err_path_without_a_crate_or_inside_this_workspace() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(refused(tmp.path()).contains("has no Cargo.toml"));
        let member = workspace::root().join("xtask");
        let err = refused(&member);
        assert!(err.contains("belongs to the workspace at"), "{err}");
    }

    #[test]
    fn err_path_crate_that_is_no_module() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("src")).unwrap();
        std::fs::write(
            tmp.path().join("Cargo.toml"),
            "[package]\nname = \"plain\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
        )
        .unwrap();
        std::fs::write(tmp.path().join("src/main.rs"), "fn main() {}\n").unwrap();
        let err = refused(tmp.path());
        assert!(
            err.contains("no [package.metadata.flotilla] table"),
            "{err}"
        );
    }
}
