//! The `location` blocks of one origin. nginx does not merge `add_header` across levels (a
//! location with one drops the server's), so each block lists every header it sends.

/// Hashed names: a stem ending in `-<16 hex digits>` (or `…_bg`), as `serve::cache_control_for`.
const HASHED: &str = r"/[^/.]*-[0-9a-fA-F]{16}(_bg)?";

/// File kinds served precompressed (`.br`, `.gz` siblings), as the development server.
const CODE: &str = r"\.(js|wasm|css)$";

/// A deployed code file, `<pre>versions/<id>/<stem>-<hash><tail>`, in named captures.
const VERSIONED_CODE: &str = r"^(?<fl_pre>/(.*/)?)versions/(?<fl_ver>[^/]+)/(?<fl_file>(?<fl_stem>[A-Za-z0-9_-]+)-[0-9a-fA-F]{16}(?<fl_tail>(_bg)?\.(js|wasm|css)))$";

/// `Vary` of module code: precompressed variants, and deltas by the client's dictionary.
const CODE_VARY: &str = "accept-encoding, available-dictionary";

/// The http-level maps the delta location reads (see [`Headers::files`]):
/// `$flotilla_dictionary`, the base64 text of `Available-Dictionary` when `Accept-Encoding`
/// names `dcb` (empty otherwise); `$flotilla_delta_encoding`, `dcb` once `try_files` has picked
/// a stored delta.
pub const DELTA_MAPS: &str = r#"    map "$http_available_dictionary|$http_accept_encoding" $flotilla_dictionary {
        "~^:([A-Za-z0-9+/]{43}=):\|(.*[ ,])?dcb([ ,;]|$)" $1;
        default "";
    }
    map $uri $flotilla_delta_encoding {
        "~/\.deltas/" dcb;
        default "";
    }
"#;

/// What differs between a module's origin and the shell's.
#[derive(Debug, Clone)]
pub struct Headers {
    /// Sent with every response of the origin (CORS and timing, or the CSP).
    pub always: Vec<String>,
    /// Whether `brotli_static` is available.
    pub brotli: bool,
    /// `CDN-Cache-Control` for revalidated files, if any.
    pub cdn_cache_control: Option<String>,
    /// Whether deployed code is a dictionary for its later versions, answered with stored
    /// deltas (module origins).
    pub deltas: bool,
}

impl Headers {
    /// A module origin's: CORS for any page, its timings readable.
    pub fn module(brotli: bool, cdn_cache_control: Option<String>) -> Headers {
        Headers {
            always: vec![
                add("Access-Control-Allow-Origin", "*"),
                add("Access-Control-Expose-Headers", "etag, last-modified"),
                add("Timing-Allow-Origin", "*"),
            ],
            brotli,
            cdn_cache_control,
            deltas: true,
        }
    }

    /// The shell origin's: its Content-Security-Policy.
    pub fn shell(csp: &str, brotli: bool, cdn_cache_control: Option<String>) -> Headers {
        Headers {
            always: vec![add("Content-Security-Policy", csp)],
            brotli,
            cdn_cache_control,
            deltas: false,
        }
    }

    fn block(&self, matcher: &str, body: &[String]) -> String {
        let mut lines: Vec<String> = body.to_vec();
        lines.extend(self.always.iter().cloned());
        let inner: String = lines.iter().map(|l| format!("            {l}\n")).collect();
        format!("        location {matcher} {{\n{inner}        }}\n")
    }

    fn precompressed(&self) -> Vec<String> {
        let vary = if self.deltas {
            CODE_VARY
        } else {
            "Accept-Encoding"
        };
        let mut lines = vec!["gzip_static on;".to_owned(), add("Vary", vary)];
        if self.brotli {
            lines.push("brotli_static on;".to_owned());
        }
        lines
    }

    /// `no-cache` and a strong `ETag` only: `If-Modified-Since` is ignored and
    /// `Last-Modified` not sent, since a deploy within the same second would look unchanged.
    fn revalidated(&self) -> Vec<String> {
        let mut lines = vec![
            cache_control("no-cache"),
            "if_modified_since off;".to_owned(),
            "add_header Last-Modified \"\";".to_owned(),
        ];
        if let Some(cdn) = &self.cdn_cache_control {
            lines.push(format!("add_header CDN-Cache-Control \"{cdn}\";"));
        }
        lines
    }

    /// The page at `/` (and at `routes`, a regex, when given): the static `index.html`, or the
    /// route's own page (`favorites/index.html`, written by `cargo xtask page`) when there is one.
    pub fn pages(&self, routes: Option<&str>) -> String {
        let mut body = vec!["try_files /index.html =404;".to_owned()];
        body.extend(self.revalidated());
        let mut out = self.block("= /", &body);
        if let Some(routes) = routes {
            body[0] = "try_files $uri/index.html /index.html =404;".to_owned();
            out.push_str(&self.block(&format!("~ \"{routes}\""), &body));
        }
        out
    }

    /// Dot paths refused; hashed files immutable; code precompressed (and, with deltas,
    /// deployed code answered with its stored delta when the request names its dictionary);
    /// manifests, registry and pages revalidated; anything else cached for five minutes.
    /// `fallback` is the last location's extra directive (the shell's `try_files`).
    pub fn files(&self, fallback: Option<&str>) -> String {
        let immutable = cache_control("public, max-age=31536000, immutable");
        let short = cache_control("public, max-age=300");
        let mut out = self.block(r#"~ "/\.""#, &["return 400 \"not served\\n\";".to_owned()]);
        if self.deltas {
            // `try_files` serves the delta in this location (a dot folder, never matched as a
            // URL), or the file itself; `$uri` is then the delta's path.
            let mut versioned = vec![
                "try_files ${fl_pre}versions/$fl_ver/.deltas/$flotilla_dictionary/$fl_file $uri =404;"
                    .to_owned(),
                "add_header Content-Encoding $flotilla_delta_encoding;".to_owned(),
                "add_header Use-As-Dictionary 'match=\"${fl_pre}versions/*/${fl_stem}-*${fl_tail}\"';"
                    .to_owned(),
                immutable.clone(),
            ];
            versioned.extend(self.precompressed());
            out.push_str(&self.block(&format!("~ \"{VERSIONED_CODE}\""), &versioned));
        }
        let mut hashed_code = vec![immutable.clone()];
        hashed_code.extend(self.precompressed());
        out.push_str(&self.block(&format!("~ \"{HASHED}{CODE}\""), &hashed_code));
        out.push_str(&self.block(
            &format!("~ \"{HASHED}(\\.[^/]*)?$\""),
            std::slice::from_ref(&immutable),
        ));
        let mut code = vec![short.clone()];
        code.extend(self.precompressed());
        out.push_str(&self.block(&format!("~ \"{CODE}\""), &code));
        out.push_str(&self.block(r#"~ "(\.json|\.html|/[^/.]*)$""#, &self.revalidated()));
        let mut rest = vec![short];
        rest.extend(fallback.map(str::to_owned));
        out.push_str(&self.block("/", &rest));
        out
    }
}

/// `add_header NAME "VALUE" always;` (values are checked free of `"`, `\` and `$` by the caller).
fn add(name: &str, value: &str) -> String {
    format!("add_header {name} \"{value}\" always;")
}

/// `Cache-Control` for successful answers (and 304s) only, as the development server.
fn cache_control(value: &str) -> String {
    format!("add_header Cache-Control \"{value}\";")
}
