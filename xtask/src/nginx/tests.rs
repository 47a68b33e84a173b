use std::net::SocketAddr;
use std::path::Path;

use super::*;

fn config(dir: &Path) -> Config {
    let registry: Registry = serde_json::from_value(serde_json::json!({
        "remotes": [{ "name": "alpha-app", "slot": "a", "routes": ["/favorites", "/photos/:id"],
                      "manifest": "http://127.0.0.1:3999/mf-manifest.json" }],
        "allowed_origins": ["http://127.0.0.1:3999"]
    }))
    .unwrap();
    let site = |name: &str, port: u16| Site {
        name: name.into(),
        listen: SocketAddr::from(([127, 0, 0, 1], port)),
        root: dir.join(name),
    };
    Config {
        dir: dir.join("nginx"),
        shell: site("shell", 3998),
        registry,
        modules: vec![site("alpha-app", 3999)],
        user: Config::user_for_this_process(),
        brotli: Config::brotli_if_installed(),
        cdn_cache_control: Some("max-age=1, stale-while-revalidate=2".into()),
    }
}

#[test]
fn ok_the_configuration_carries_the_development_servers_headers() {
    let tmp = tempfile::tempdir().unwrap();
    let text = render(&config(tmp.path())).unwrap();
    for wanted in [
        "daemon off;",
        "listen 127.0.0.1:3998;",
        "listen 127.0.0.1:3999;",
        "application/wasm wasm;",
        "add_header Access-Control-Allow-Origin \"*\" always;",
        "add_header Timing-Allow-Origin \"*\" always;",
        "connect-src 'self' http://127.0.0.1:3999;",
        "add_header Cache-Control \"public, max-age=31536000, immutable\";",
        "add_header Cache-Control \"no-cache\";",
        "add_header Vary \"Accept-Encoding\" always;",
        "add_header Vary \"accept-encoding, available-dictionary\" always;",
        "map \"$http_available_dictionary|$http_accept_encoding\" $flotilla_dictionary {",
        "add_header Content-Encoding $flotilla_delta_encoding;",
        "gzip_static on;",
        "if_modified_since off;",
        "error_page 404 /404.html;",
        "location ~ \"^(/favorites|/photos/[^/]+)/*$\"",
        "add_header CDN-Cache-Control \"max-age=1, stale-while-revalidate=2\";",
    ] {
        assert!(text.contains(wanted), "{wanted} missing from\n{text}");
    }
}

#[test]
fn err_a_quote_in_a_path_is_refused_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut config = config(tmp.path());
    config.modules[0].root = tmp.path().join("a\"b");
    let err = render(&config).unwrap_err().to_string();
    assert!(
        err.contains("a\"b") && err.contains("cannot go into"),
        "{err}"
    );
}

/// Runs only where nginx is installed (`cargo xtask test` installs it first and sets
/// `FLOTILLA_REQUIRE_SERVERS`, which makes a missing nginx a failure).
#[test]
fn ok_the_written_configuration_passes_nginx_t() {
    if !Path::new(process::NGINX).exists() {
        assert!(
            std::env::var_os("FLOTILLA_REQUIRE_SERVERS").is_none(),
            "{} is missing: cargo xtask install",
            process::NGINX
        );
        eprintln!("skipped: {} is not installed", process::NGINX);
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let config = config(tmp.path());
    write(&config).unwrap();
    check(&config.dir).unwrap();
}
