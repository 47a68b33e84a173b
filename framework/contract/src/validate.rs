//! Field-by-field checks of a manifest; each failure names the field.

use crate::abi::{SUPPORTED_ABI_VERSIONS, SUPPORTED_SCHEMA_VERSIONS};
use crate::error::{ContractError, Problem};
use crate::manifest::{Asset, Manifest};

const MAX_NAME: usize = 64;
const MAX_PATH: usize = 256;
const MAX_EXPOSES: usize = 32;
const MAX_CSS: usize = 16;
const MAX_ASSET_BYTES: u64 = 64 * 1024 * 1024;
/// `sha384-` followed by the base64 of 48 bytes.
const SHA384_B64_LEN: usize = 64;

type Check = Result<(), ContractError>;

pub(crate) fn manifest(m: &Manifest) -> Check {
    if !SUPPORTED_SCHEMA_VERSIONS.contains(&m.schema_version) {
        return Err(ContractError::UnsupportedSchema {
            found: m.schema_version,
            supported: SUPPORTED_SCHEMA_VERSIONS.to_vec(),
        });
    }
    if !SUPPORTED_ABI_VERSIONS.contains(&m.abi_version) {
        return Err(ContractError::UnsupportedAbi {
            found: m.abi_version,
            supported: SUPPORTED_ABI_VERSIONS.to_vec(),
        });
    }
    module_name("name", &m.name)?;
    semver("version", &m.version)?;
    timestamp("build_time", &m.build_time)?;
    if m.exposes.is_empty() {
        return Err(ContractError::field("exposes", Problem::Empty));
    }
    if m.exposes.len() > MAX_EXPOSES {
        return Err(ContractError::field(
            "exposes",
            Problem::TooLong { limit: MAX_EXPOSES },
        ));
    }
    for (i, e) in m.exposes.iter().enumerate() {
        component_name(&format!("exposes[{i}].name"), &e.name)?;
        js_identifier(&format!("exposes[{i}].export"), &e.export)?;
        if m.exposes[..i].iter().any(|prev| prev.name == e.name) {
            let problem = Problem::Duplicate(e.name.clone());
            return Err(ContractError::field(format!("exposes[{i}].name"), problem));
        }
    }
    asset("assets.js", &m.assets.js, ".js")?;
    asset("assets.wasm", &m.assets.wasm, ".wasm")?;
    if m.assets.css.len() > MAX_CSS {
        return Err(ContractError::field(
            "assets.css",
            Problem::TooLong { limit: MAX_CSS },
        ));
    }
    for (i, css) in m.assets.css.iter().enumerate() {
        asset(&format!("assets.css[{i}]"), css, ".css")?;
    }
    Ok(())
}

fn format_err(field: &str, expected: &'static str, found: &str) -> ContractError {
    let found: String = found.chars().take(80).collect();
    ContractError::field(field, Problem::Format { expected, found })
}

fn bounded(field: &str, value: &str, limit: usize) -> Check {
    if value.is_empty() {
        return Err(ContractError::field(field, Problem::Empty));
    }
    if value.chars().count() > limit {
        return Err(ContractError::field(field, Problem::TooLong { limit }));
    }
    Ok(())
}

/// Lower-case letters, digits and `-`, starting with a letter: `header-app`.
pub(crate) fn module_name(field: &str, v: &str) -> Check {
    bounded(field, v, MAX_NAME)?;
    let ok = v.starts_with(|c: char| c.is_ascii_lowercase())
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    ok.then_some(())
        .ok_or_else(|| format_err(field, "lower-case letters, digits and '-'", v))
}

fn component_name(field: &str, v: &str) -> Check {
    bounded(field, v, MAX_NAME)?;
    let ok = v.starts_with(|c: char| c.is_ascii_alphabetic())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then_some(())
        .ok_or_else(|| format_err(field, "a name of letters, digits, '_' and '-'", v))
}

fn js_identifier(field: &str, v: &str) -> Check {
    bounded(field, v, MAX_NAME)?;
    let ok = v.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    ok.then_some(())
        .ok_or_else(|| format_err(field, "a JavaScript identifier", v))
}

/// `MAJOR.MINOR.PATCH` with an optional `-pre` and `+build`.
fn semver(field: &str, v: &str) -> Check {
    bounded(field, v, MAX_NAME)?;
    let core = v.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    let tail_ok = v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    (parts.len() == 3 && parts.iter().all(numeric) && tail_ok)
        .then_some(())
        .ok_or_else(|| format_err(field, "a semantic version such as 1.2.3", v))
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
fn timestamp(field: &str, v: &str) -> Check {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let shape = b.len() >= 20
        && b.len() <= 35
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[b.len() - 1] == b'Z'
        && (b.len() == 20 || (b[19] == b'.' && digits(20..b.len() - 1)));
    shape.then_some(()).ok_or_else(|| {
        format_err(
            field,
            "an RFC 3339 UTC time such as 2026-11-23T10:00:00Z",
            v,
        )
    })
}

fn asset(field: &str, a: &Asset, extension: &'static str) -> Check {
    relative_path(&format!("{field}.file"), &a.file, extension)?;
    integrity(&format!("{field}.integrity"), &a.integrity)?;
    if a.size == 0 || a.size > MAX_ASSET_BYTES {
        let found = a.size.to_string();
        return Err(format_err(
            &format!("{field}.size"),
            "1 byte to 64 MiB",
            &found,
        ));
    }
    Ok(())
}

/// A plain path below the manifest's folder: no scheme, no `..`, no absolute path.
fn relative_path(field: &str, v: &str, extension: &'static str) -> Check {
    bounded(field, v, MAX_PATH)?;
    let chars_ok = v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'));
    let segments_ok = v.split('/').all(|s| !s.is_empty() && s != "." && s != "..");
    if !(chars_ok && segments_ok) {
        return Err(format_err(
            field,
            "a relative path below the manifest (no scheme, no '..')",
            v,
        ));
    }
    if !v.ends_with(extension) {
        return Err(format_err(field, extension_hint(extension), v));
    }
    Ok(())
}

fn extension_hint(extension: &'static str) -> &'static str {
    match extension {
        ".js" => "a file ending in .js",
        ".wasm" => "a file ending in .wasm",
        _ => "a file ending in .css",
    }
}

fn integrity(field: &str, v: &str) -> Check {
    let expected = "sha384-<base64 of 48 bytes>";
    let Some(b64) = v.strip_prefix("sha384-") else {
        return Err(format_err(field, expected, v));
    };
    let ok = b64.len() == SHA384_B64_LEN
        && b64
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/');
    ok.then_some(())
        .ok_or_else(|| format_err(field, expected, v))
}

#[cfg(feature = "json")]
pub(crate) use registry_checks::registry;

#[cfg(feature = "json")]
mod registry_checks {
    use super::*;
    use crate::policy::{
        LoadPolicy, MAX_ATTEMPTS, MAX_EVICT_S, MAX_TIMEOUT_MS, MAX_WATCH_MS, MIN_WATCH_MS,
    };
    use crate::registry::Registry;

    pub(crate) fn registry<P>(r: &Registry<P>) -> Check {
        if r.remotes.is_empty() {
            return Err(ContractError::field("remotes", Problem::Empty));
        }
        for (i, remote) in r.remotes.iter().enumerate() {
            module_name(&format!("remotes[{i}].name"), &remote.name)?;
            module_name(&format!("remotes[{i}].slot"), &remote.slot)?;
            http_url(&format!("remotes[{i}].manifest"), &remote.manifest)?;
            if let Some(expose) = &remote.expose {
                component_name(&format!("remotes[{i}].expose"), expose)?;
            }
            let earlier = &r.remotes[..i];
            if earlier.iter().any(|p| p.name == remote.name) {
                let problem = Problem::Duplicate(remote.name.clone());
                return Err(ContractError::field(format!("remotes[{i}].name"), problem));
            }
            for (j, route) in remote.routes.iter().enumerate() {
                if !crate::route::is_valid(route) {
                    let problem = Problem::Format {
                        expected: "a path pattern such as /favorites or /photos/:id",
                        found: route.chars().take(60).collect(),
                    };
                    return Err(ContractError::field(
                        format!("remotes[{i}].routes[{j}]"),
                        problem,
                    ));
                }
            }
            if earlier.iter().any(|p| p.slot == remote.slot) {
                let problem = Problem::Duplicate(remote.slot.clone());
                return Err(ContractError::field(format!("remotes[{i}].slot"), problem));
            }
        }
        for (i, origin) in r.allowed_origins.iter().enumerate() {
            http_origin(&format!("allowed_origins[{i}]"), origin)?;
        }
        loading(&r.loading)?;
        let w = &r.updates;
        in_range(
            "updates.interval_ms",
            w.interval_ms,
            MIN_WATCH_MS,
            MAX_WATCH_MS,
        )?;
        in_range(
            "updates.max_interval_ms",
            w.max_interval_ms,
            w.interval_ms,
            MAX_WATCH_MS,
        )?;
        in_range(
            "updates.suggest_reload_after",
            w.suggest_reload_after,
            0,
            1_000,
        )?;
        let o = &r.offline;
        in_range("offline.evict_after_s", o.evict_after_s, 1, MAX_EVICT_S)?;
        in_range("offline.deadline_ms", o.deadline_ms, 1, MAX_TIMEOUT_MS)
    }

    fn loading(p: &LoadPolicy) -> Check {
        let t = &p.timeouts;
        let timeouts = [
            ("manifest_ms", t.manifest_ms),
            ("fetch_ms", t.fetch_ms),
            ("init_ms", t.init_ms),
            ("mount_ms", t.mount_ms),
        ];
        for (name, ms) in timeouts {
            in_range(&format!("loading.timeouts.{name}"), ms, 1, MAX_TIMEOUT_MS)?;
        }
        let r = &p.retry;
        in_range("loading.retry.attempts", r.attempts, 1, MAX_ATTEMPTS)?;
        in_range(
            "loading.retry.max_delay_ms",
            r.max_delay_ms,
            0,
            MAX_TIMEOUT_MS,
        )?;
        in_range(
            "loading.retry.base_delay_ms",
            r.base_delay_ms,
            0,
            r.max_delay_ms,
        )
    }

    fn in_range(field: &str, v: u32, min: u32, max: u32) -> Check {
        if (min..=max).contains(&v) {
            return Ok(());
        }
        Err(ContractError::field(
            field,
            Problem::Range {
                min: u64::from(min),
                max: u64::from(max),
                found: u64::from(v),
            },
        ))
    }

    /// `http(s)://host[:port]`, with at most a trailing `/`: no path, query or credentials.
    fn http_origin(field: &str, v: &str) -> Check {
        http_url(field, v)?;
        let rest = after_scheme(v).unwrap_or_default();
        let host = rest.strip_suffix('/').unwrap_or(rest);
        // Host name or IPv4 (ASCII letters, digits, `.`, `-`), or `[IPv6]`, then `:port`: nothing
        // that could end a CSP source list or smuggle in another directive.
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port))
                if !name.ends_with(':') && !name.is_empty() && !host.ends_with(']') =>
            {
                (name, Some(port))
            }
            _ => (host, None),
        };
        let name_ok = if let Some(v6) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            !v6.is_empty()
                && v6
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        } else {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        };
        let port_ok = port
            .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()));
        let bare = name_ok && port_ok;
        bare.then_some(())
            .ok_or_else(|| format_err(field, "an origin: http(s)://host[:port], no path", v))
    }

    /// What follows `https://` or `http://` (prefixes compared, no substring search: that
    /// would bring a string searcher into the startup code).
    fn after_scheme(v: &str) -> Option<&str> {
        v.strip_prefix("https://")
            .or_else(|| v.strip_prefix("http://"))
    }

    fn http_url(field: &str, v: &str) -> Check {
        bounded(field, v, 2048)?;
        match after_scheme(v) {
            Some(rest) if !rest.is_empty() && !rest.starts_with('/') => Ok(()),
            _ => Err(format_err(field, "an absolute http(s) URL", v)),
        }
    }
}
