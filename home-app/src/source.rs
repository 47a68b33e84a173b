//! Where images come from: the built-in catalog, or a picsum-style list API.

use flotilla_module::MountContext;
use gloo_net::http::Request;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::JsValue;

use crate::catalog;
use crate::photo::Photo;

/// The configured image source (prop `source`: `"catalog"` or the URL of a JSON list).
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Photographs shipped with the module.
    Catalog {
        /// The module's asset base URL.
        asset_base: String,
    },
    /// A list API answering `[{ id, author, url, download_url }, ...]` (picsum's `/v2/list`).
    Remote {
        /// URL of the list.
        list_url: String,
        /// Licence shown in credits for this source.
        license: String,
    },
}

impl Source {
    /// Reads the source from the mount context's props.
    pub fn from_context(ctx: &MountContext) -> Self {
        match ctx.prop_str("source") {
            Some(url) if url != "catalog" => Source::Remote {
                list_url: url,
                license: ctx
                    .prop_str("license")
                    .unwrap_or_else(|| "Unsplash License".into()),
            },
            _ => Source::Catalog {
                asset_base: ctx.asset_base.clone(),
            },
        }
    }

    /// Picks a random photograph other than `current`.
    pub async fn pick(&self, current: Option<&str>) -> Result<Photo, String> {
        let mut photos: Vec<Photo> = match self {
            Source::Catalog { asset_base } => catalog::photos(asset_base),
            Source::Remote { list_url, license } => {
                let items = fetch_list(list_url).await?;
                let photos: Vec<Photo> = items
                    .iter()
                    .filter_map(|item| remote_photo(&item, list_url, license))
                    .collect();
                if photos.is_empty() {
                    return Err(format!("{list_url} lists no usable images"));
                }
                photos
            }
        };
        let i = random_index(photos.len(), |i| Some(photos[i].url.as_str()) == current);
        Ok(photos.swap_remove(i))
    }
}

/// A random index below `len`, avoiding one that `is_current` says is on screen when it can.
fn random_index(len: usize, is_current: impl Fn(usize) -> bool) -> usize {
    let i = (js_sys::Math::random() * len as f64) as usize % len.max(1);
    if len > 1 && is_current(i) {
        (i + 1) % len
    } else {
        i
    }
}

async fn fetch_list(url: &str) -> Result<Array, String> {
    // A plain GET: gloo-net's builder (headers, query, abort signal) is code this module does
    // not need.
    let request =
        web_sys::Request::new_with_str(url).map_err(|_| format!("{url} is no image source URL"))?;
    let response = Request::from(request)
        .send()
        .await
        .map_err(|e| format!("image source {url} is unreachable: {e}"))?;
    if !response.ok() {
        return Err(format!(
            "image source {url} answered HTTP {}",
            response.status()
        ));
    }
    let text = response
        .text()
        .await
        .map_err(|e| format!("image source {url}: {e}"))?;
    let value =
        JSON::parse(&text).map_err(|_| format!("image source {url} did not answer JSON"))?;
    if !Array::is_array(&value) {
        return Err(format!("image source {url} did not answer a JSON list"));
    }
    Ok(Array::from(&value))
}

fn remote_photo(item: &JsValue, list_url: &str, license: &str) -> Option<Photo> {
    let field = |k: &str| {
        Reflect::get(item, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_string())
    };
    let download = field("download_url")?;
    let url = web_sys::Url::new_with_base(&download, list_url)
        .ok()?
        .href();
    Some(Photo {
        url,
        title: format!("Photo {}", field("id").unwrap_or_default()),
        author: field("author").unwrap_or_else(|| "unknown".into()),
        license: license.to_owned(),
        link: field("url").unwrap_or(download),
    })
}
