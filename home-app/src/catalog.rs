//! Photographs that ship with the module, so it works offline.

use crate::photo::Photo;

struct Entry {
    file: &'static str,
    title: &'static str,
    author: &'static str,
    license: &'static str,
    link: &'static str,
}

const ENTRIES: &[Entry] = &[
    Entry {
        file: "images/astronaut.jpg",
        title: "Astronaut Eileen Collins",
        author: "NASA",
        license: "Public domain",
        link: "https://flic.kr/p/r9qvLn",
    },
    Entry {
        file: "images/chelsea.jpg",
        title: "Chelsea the cat",
        author: "Stéfan van der Walt",
        license: "CC0 1.0",
        link: "https://scikit-image.org/docs/stable/api/skimage.data.html",
    },
    Entry {
        file: "images/coffee.jpg",
        title: "Coffee cup, Pikolo Espresso Bar",
        author: "Rachel Michetti",
        license: "CC0 1.0",
        link: "https://scikit-image.org/docs/stable/api/skimage.data.html",
    },
    Entry {
        file: "images/rocket.jpg",
        title: "DSCOVR launch on Falcon 9",
        author: "SpaceX",
        license: "Public domain",
        link: "https://www.flickr.com/photos/spacexphotos/16511594820/",
    },
    Entry {
        file: "images/hubble.jpg",
        title: "Hubble eXtreme Deep Field",
        author: "NASA",
        license: "Public domain",
        link: "http://hubblesite.org/newscenter/archive/releases/2012/37/image/a/",
    },
    Entry {
        file: "images/hopper.jpg",
        title: "Commodore Grace M. Hopper",
        author: "U.S. Navy, James S. Davis",
        license: "Public domain",
        link:
            "https://commons.wikimedia.org/wiki/File:Commodore_Grace_M._Hopper,_USN_(covered).jpg",
    },
];

/// Every photograph of the catalog, its file's URL under `asset_base`.
pub fn photos(asset_base: &str) -> Vec<Photo> {
    ENTRIES
        .iter()
        .map(|e| Photo {
            url: format!("{asset_base}{}", e.file),
            title: e.title.into(),
            author: e.author.into(),
            license: e.license.into(),
            link: e.link.into(),
        })
        .collect()
}
