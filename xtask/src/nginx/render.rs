//! The configuration file's text.

use std::fmt::Write;
use std::path::Path;

use anyhow::{bail, Result};

use super::locations::Headers;
use super::{routes, Config, Site};
use crate::serve::content_security_policy;

/// The whole `nginx.conf` for `config`; refuses values that could break out of a quoted
/// string (a `"`, `\`, `$` or line break in a path or header).
pub fn render(config: &Config) -> Result<String> {
    let csp = content_security_policy(&config.registry);
    checked("the Content-Security-Policy", &csp)?;
    if let Some(cdn) = &config.cdn_cache_control {
        checked("CDN-Cache-Control", cdn)?;
    }
    quoted_path(&config.dir)?;
    let dir = config.dir.display();
    let at = |rel: &str| format!("\"{dir}/{rel}\"");
    let mut out = String::from(
        "# Written by `cargo xtask nginx`: Flotilla's shell and module origins with the headers\n\
         # of `cargo xtask run`. Run it in the foreground, unprivileged:\n",
    );
    writeln!(
        out,
        "#   nginx -p {dir} -e {dir}/logs/error.log -c {dir}/nginx.conf"
    )?;
    out.push_str("daemon off;\nworker_processes 2;\n");
    writeln!(out, "pid {};", at("run/nginx.pid"))?;
    writeln!(out, "error_log {} warn;", at("logs/error.log"))?;
    if let Some(user) = &config.user {
        checked("user", user)?;
        writeln!(out, "user {user};")?;
    }
    if let Some(module) = &config.brotli {
        writeln!(out, "load_module {};", quoted_path(module)?)?;
    }
    out.push_str("events {\n    worker_connections 4096;\n}\nhttp {\n");
    writeln!(out, "    access_log {};", at("logs/access.log"))?;
    for kind in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"] {
        writeln!(out, "    {kind}_temp_path {};", at(&format!("tmp/{kind}")))?;
    }
    out.push_str(HTTP);
    out.push_str(super::locations::DELTA_MAPS);
    let brotli = config.brotli.is_some();
    let cdn = config.cdn_cache_control.clone();
    let shell = Headers::shell(&csp, brotli, cdn.clone());
    let mut body = shell.pages(routes::regex(&config.registry).as_deref());
    body.push_str(&shell.files(Some("try_files $uri =404;")));
    out.push_str(&server(
        &config.shell,
        "error_page 404 /404.html;\n",
        &body,
    )?);
    let module = Headers::module(brotli, cdn);
    for site in &config.modules {
        out.push_str(&server(site, "", &module.files(None))?);
    }
    out.push_str("}\n");
    Ok(out)
}

/// Settings of every origin: types (wasm among them), no version in headers, relative
/// redirects, precompressed files only where a location asks for them.
const HTTP: &str = r#"    types {
        text/html html;
        text/javascript js mjs;
        text/css css;
        application/wasm wasm;
        application/json json map;
        image/svg+xml svg;
        image/png png;
        image/jpeg jpg jpeg;
        image/webp webp;
        image/x-icon ico;
        font/woff2 woff2;
        text/plain txt;
    }
    default_type application/octet-stream;
    charset utf-8;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    server_tokens off;
    absolute_redirect off;
    gzip off;
"#;

fn server(site: &Site, extra: &str, locations: &str) -> Result<String> {
    checked("the site's name", &site.name)?;
    Ok(format!(
        "    # {name}\n    server {{\n        listen {listen};\n        root {root};\n        {extra}{locations}    }}\n",
        name = site.name,
        listen = site.listen,
        root = quoted_path(&site.root)?,
        extra = if extra.is_empty() { String::new() } else { format!("{extra}        ") },
    ))
}

fn quoted_path(path: &Path) -> Result<String> {
    let text = path.to_string_lossy();
    checked(&format!("the path {}", path.display()), &text)?;
    Ok(format!("\"{text}\""))
}

/// Refuses what could end a quoted nginx string or be read as a variable.
fn checked(what: &str, value: &str) -> Result<()> {
    if value.contains(['"', '\\', '$', '\n', '\r']) {
        bail!("{what} cannot go into an nginx configuration: {value:?}");
    }
    Ok(())
}
