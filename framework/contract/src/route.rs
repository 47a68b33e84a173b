//! Route patterns: the paths on which a remote is active (`/`, `/favorites`, `/photos/:id`).
//!
//! A pattern is `/` or `/`-separated segments, each a literal (`[A-Za-z0-9._~-]+`) or a
//! parameter (`:name`), optionally ending with `/*` (the rest of the path). It matches a path
//! whose segments match one for one; a trailing `/` in the path is ignored. Matching ignores
//! the query and the fragment.

/// Longest pattern a registry may hold.
pub const MAX_PATTERN_LEN: usize = 200;

/// Whether `pattern` has the form above.
pub fn is_valid(pattern: &str) -> bool {
    if pattern.len() > MAX_PATTERN_LEN || !pattern.starts_with('/') {
        return false;
    }
    if pattern == "/" {
        return true;
    }
    let segments: Vec<&str> = pattern[1..].split('/').collect();
    let last = segments.len() - 1;
    segments.iter().enumerate().all(|(i, s)| {
        let literal = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '~' | '-'))
        };
        (*s == "*" && i == last && i > 0) || s.strip_prefix(':').is_some_and(literal) || literal(s)
    })
}

/// Whether `path` (a URL's path, maybe with `?query` or `#fragment`) matches `pattern`.
pub fn matches(pattern: &str, path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let trim = |p: &str| p.trim_end_matches('/').to_owned();
    let (pattern, path) = (trim(pattern), trim(path));
    let wanted: Vec<&str> = pattern.split('/').collect();
    let given: Vec<&str> = path.split('/').collect();
    if wanted.last() == Some(&"*") {
        let fixed = &wanted[..wanted.len() - 1];
        return given.len() > fixed.len() && segments_match(fixed, &given[..fixed.len()]);
    }
    wanted.len() == given.len() && segments_match(&wanted, &given)
}

fn segments_match(wanted: &[&str], given: &[&str]) -> bool {
    wanted.iter().zip(given).all(|(w, g)| {
        if w.starts_with(':') {
            !g.is_empty()
        } else {
            w == g
        }
    })
}

/// Whether a remote with `routes` is active on `path` (no routes: always).
pub fn active(routes: &[String], path: &str) -> bool {
    routes.is_empty() || routes.iter().any(|r| matches(r, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_patterns_match_their_paths() {
        assert!(matches("/", "/"));
        assert!(matches("/", ""));
        assert!(!matches("/", "/favorites"));
        assert!(matches("/favorites", "/favorites"));
        assert!(matches("/favorites", "/favorites/"));
        assert!(matches("/favorites", "/favorites?sort=new#top"));
        assert!(!matches("/favorites", "/favorites/1"));
        assert!(!matches("/favorites", "/favorite"));
        assert!(matches("/photos/:id", "/photos/42"));
        assert!(!matches("/photos/:id", "/photos"));
        assert!(!matches("/photos/:id", "/photos/42/big"));
        assert!(matches("/docs/*", "/docs/a/b"));
        assert!(!matches("/docs/*", "/docs"));
        assert!(active(&[], "/anything"));
        assert!(!active(&["/favorites".into()], "/"));
    }

    #[test]
    fn ok_only_well_formed_patterns_are_valid() {
        for good in [
            "/",
            "/favorites",
            "/photos/:id",
            "/a-b/c_d/e.f/~g",
            "/docs/*",
        ] {
            assert!(is_valid(good), "{good}");
        }
        for bad in [
            "",
            "favorites",
            "//x",
            "/a//b",
            "/a/",
            "/:",
            "/*",
            "/a/*/b",
            "/a b",
            "/é",
            "/a?b",
            "http://x/a",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
        assert!(!is_valid(&format!("/{}", "a".repeat(MAX_PATTERN_LEN))));
    }
}
