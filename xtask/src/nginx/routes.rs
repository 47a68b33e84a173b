//! Registry route patterns (`/favorites`, `/photos/:id`, `/docs/*`) as one nginx location
//! regex, matching the paths `flotilla_contract::route::matches` does (a trailing `/` ignored).

use flotilla_contract::Registry;

/// A regex matching every path some remote's routes cover (besides `/`), or none when no
/// remote has routes.
pub fn regex(registry: &Registry) -> Option<String> {
    let mut alternatives: Vec<String> = registry
        .remotes
        .iter()
        .flat_map(|r| &r.routes)
        .filter(|p| p.as_str() != "/")
        .map(|p| pattern(p))
        .collect();
    alternatives.sort();
    alternatives.dedup();
    (!alternatives.is_empty()).then(|| format!("^({})/*$", alternatives.join("|")))
}

/// One (valid) pattern: literals escaped, `:name` one segment, a final `*` the rest.
fn pattern(pattern: &str) -> String {
    pattern
        .trim_end_matches('/')
        .split('/')
        .skip(1)
        .map(|segment| match segment {
            "*" => "/.*[^/]".to_owned(),
            s if s.starts_with(':') => "/[^/]+".to_owned(),
            s => format!("/{}", s.replace('.', "\\.")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(routes: &[&str]) -> Registry {
        let mut registry: Registry = serde_json::from_value(serde_json::json!({
            "remotes": [{ "name": "alpha-app", "slot": "a",
                          "manifest": "http://127.0.0.1:9/mf-manifest.json" }],
            "allowed_origins": ["http://127.0.0.1:9"]
        }))
        .unwrap();
        registry.remotes[0].routes = routes.iter().map(|r| (*r).to_owned()).collect();
        registry
    }

    #[test]
    fn ok_route_patterns_become_one_regex() {
        let r = regex(&registry(&[
            "/favorites",
            "/photos/:id",
            "/docs/*",
            "/v1.2",
        ]))
        .unwrap();
        assert_eq!(r, "^(/docs/.*[^/]|/favorites|/photos/[^/]+|/v1\\.2)/*$");
        assert_eq!(regex(&registry(&[])), None);
        assert_eq!(regex(&registry(&["/"])), None);
    }
}
