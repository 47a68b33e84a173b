//! A module's manifest (`mf-manifest.json`) read into the contract's type.

use flotilla_contract::manifest::{Asset, Assets, Exposed};
use flotilla_contract::Manifest;

use super::read::{Read, Value};

/// Reads a parsed manifest; unknown fields are ignored (newer builds may add some).
pub(crate) fn manifest(value: Value) -> Read<Manifest> {
    let fields = value.object()?;
    Ok(Manifest {
        schema_version: fields.required("schema_version", Value::u32)?,
        name: fields.required("name", Value::string)?,
        version: fields.required("version", Value::string)?,
        abi_version: fields.required("abi_version", Value::u32)?,
        build_time: fields.required("build_time", Value::string)?,
        exposes: fields.required("exposes", |v| v.list(exposed))?,
        assets: fields.required("assets", assets)?,
    })
}

fn exposed(value: Value) -> Read<Exposed> {
    let fields = value.object()?;
    Ok(Exposed {
        name: fields.required("name", Value::string)?,
        export: fields.required("export", Value::string)?,
    })
}

fn assets(value: Value) -> Read<Assets> {
    let fields = value.object()?;
    Ok(Assets {
        js: fields.required("js", asset)?,
        wasm: fields.required("wasm", asset)?,
        css: fields.or_default("css", |v| v.list(asset))?,
    })
}

fn asset(value: Value) -> Read<Asset> {
    let fields = value.object()?;
    Ok(Asset {
        file: fields.required("file", Value::string)?,
        integrity: fields.required("integrity", Value::string)?,
        size: fields.required("size", Value::u64)?,
    })
}
