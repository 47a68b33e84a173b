//! The VCL of the edge: one backend per origin, chosen by the listener a request came in on.

use std::fmt::Write;

use super::Route;

/// The VCL for `routes` (listener `l<i>` fronts backend `b<i>`).
pub fn render(routes: &[Route]) -> String {
    let mut out = String::from(
        "vcl 4.1;\n# Written by xtask (cdn::vcl): a CDN edge in front of Flotilla's origins.\nimport std;\n\n",
    );
    for (i, route) in routes.iter().enumerate() {
        let _ = writeln!(
            out,
            "# {name}\nbackend b{i} {{\n    .host = \"{host}\";\n    .port = \"{port}\";\n}}\n",
            name = route.name,
            host = route.origin.ip(),
            port = route.origin.port()
        );
    }
    out.push_str("sub vcl_recv {\n");
    for i in 0..routes.len() {
        let _ = writeln!(
            out,
            "    if (local.socket == \"l{i}\") {{\n        set req.backend_hint = b{i};\n    }}"
        );
    }
    out.push_str(RECV_AND_RESPONSE);
    out
}

/// Request normalisation and the cache policy (see the module's documentation).
const RECV_AND_RESPONSE: &str = r#"    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Code is precompressed at the origin: one cached variant per encoding it has.
    if (req.http.Accept-Encoding ~ "\bbr\b") {
        set req.http.Accept-Encoding = "br";
    } elsif (req.http.Accept-Encoding ~ "\bgzip\b") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
    }
    unset req.http.Cookie;
    unset req.http.Authorization;
    return (hash);
}

sub vcl_backend_response {
    if (beresp.status >= 400) {
        # A missing file may be deployed a moment later.
        set beresp.ttl = 1s;
        set beresp.grace = 0s;
        return (deliver);
    }
    # RFC 9213: CDN-Cache-Control is this tier's, Cache-Control the browser's (no-cache).
    if (beresp.http.CDN-Cache-Control ~ "max-age=[0-9]+") {
        set beresp.ttl = std.duration(regsub(beresp.http.CDN-Cache-Control,
            "^.*max-age=([0-9]+).*$", "\1") + "s", 0s);
        set beresp.grace = 0s;
        if (beresp.http.CDN-Cache-Control ~ "stale-while-revalidate=[0-9]+") {
            set beresp.grace = std.duration(regsub(beresp.http.CDN-Cache-Control,
                "^.*stale-while-revalidate=([0-9]+).*$", "\1") + "s", 0s);
        }
        # Kept a while longer to revalidate with If-None-Match (a 304 from the origin).
        set beresp.keep = 60s;
        unset beresp.http.CDN-Cache-Control;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_each_listener_has_its_backend() {
        let routes = [
            Route {
                name: "alpha-app".into(),
                listen: "127.0.0.1:7000".parse().unwrap(),
                origin: "127.0.0.1:3000".parse().unwrap(),
            },
            Route {
                name: "beta-app".into(),
                listen: "127.0.0.1:7001".parse().unwrap(),
                origin: "127.0.0.1:3001".parse().unwrap(),
            },
        ];
        let vcl = render(&routes);
        assert!(
            vcl.contains("backend b1 {\n    .host = \"127.0.0.1\";\n    .port = \"3001\";"),
            "{vcl}"
        );
        assert!(
            vcl.contains("if (local.socket == \"l1\") {\n        set req.backend_hint = b1;"),
            "{vcl}"
        );
        assert!(vcl.contains("CDN-Cache-Control"), "{vcl}");
    }

    /// Runs only where varnishd is installed (`cargo xtask test` installs it first and sets
    /// `FLOTILLA_REQUIRE_SERVERS`, which makes a missing varnishd a failure).
    #[test]
    fn ok_the_vcl_compiles() {
        let varnishd = std::path::Path::new(super::super::VARNISHD);
        if !varnishd.exists() {
            assert!(
                std::env::var_os("FLOTILLA_REQUIRE_SERVERS").is_none(),
                "{} is missing: cargo xtask install",
                varnishd.display()
            );
            eprintln!("skipped: {} is not installed", varnishd.display());
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let routes = [Route {
            name: "alpha-app".into(),
            listen: "127.0.0.1:7000".parse().unwrap(),
            origin: "127.0.0.1:3000".parse().unwrap(),
        }];
        let file = tmp.path().join("edge.vcl");
        std::fs::write(&file, render(&routes)).unwrap();
        let out = std::process::Command::new(varnishd)
            .arg("-C")
            .arg("-n")
            .arg(tmp.path().join("work"))
            .arg("-f")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
