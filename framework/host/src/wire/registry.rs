//! The registry (`remotes.json`) read into the contract's types, policies included.

use flotilla_contract::policy::{
    LoadPolicy, OfflinePolicy, Prefetch, RetryPolicy, Timeouts, UpdateMode, WatchPolicy,
};

use super::read::{Fields, Read, Value};
use crate::props::{Props, Registry, Remote};

/// Reads a parsed registry; unknown fields are ignored except inside the policies.
pub(crate) fn registry(value: Value) -> Read<Registry> {
    let fields = value.object()?;
    Ok(Registry {
        remotes: fields.required("remotes", |v| v.list(remote))?,
        allowed_origins: fields.or_default("allowed_origins", |v| v.list(Value::string))?,
        loading: fields.or_default("loading", load_policy)?,
        updates: fields.or_default("updates", watch_policy)?,
        offline: fields.or_default("offline", offline_policy)?,
    })
}

fn remote(value: Value) -> Read<Remote> {
    let fields = value.object()?;
    Ok(Remote {
        name: fields.required("name", Value::string)?,
        manifest: fields.required("manifest", Value::string)?,
        slot: fields.required("slot", Value::string)?,
        expose: fields.optional("expose", Value::string)?,
        props: fields.or_default("props", props)?,
        update: fields.or_default("update", |v| {
            v.one_of(&[
                ("auto", UpdateMode::Auto),
                ("prompt", UpdateMode::Prompt),
                ("off", UpdateMode::Off),
            ])
        })?,
        routes: fields.or_default("routes", |v| v.list(Value::string))?,
        prefetch: fields.or_default("prefetch", |v| {
            v.one_of(&[
                ("idle", Prefetch::Idle),
                ("hover", Prefetch::Hover),
                ("none", Prefetch::None),
            ])
        })?,
    })
}

fn props(value: Value) -> Read<Props> {
    if value.is_plain_object() {
        Ok(Props::new(value.into_js()))
    } else {
        Err(value.wrong("a JSON object"))
    }
}

fn load_policy(value: Value) -> Read<LoadPolicy> {
    let fields = policy(value, &["timeouts", "retry"])?;
    Ok(LoadPolicy {
        timeouts: fields.or_default("timeouts", timeouts)?,
        retry: fields.or_default("retry", retry_policy)?,
    })
}

fn timeouts(value: Value) -> Read<Timeouts> {
    let fields = policy(value, &["manifest_ms", "fetch_ms", "init_ms", "mount_ms"])?;
    let default = Timeouts::default();
    Ok(Timeouts {
        manifest_ms: number(&fields, "manifest_ms", default.manifest_ms)?,
        fetch_ms: number(&fields, "fetch_ms", default.fetch_ms)?,
        init_ms: number(&fields, "init_ms", default.init_ms)?,
        mount_ms: number(&fields, "mount_ms", default.mount_ms)?,
    })
}

fn retry_policy(value: Value) -> Read<RetryPolicy> {
    let fields = policy(value, &["attempts", "base_delay_ms", "max_delay_ms"])?;
    let default = RetryPolicy::default();
    Ok(RetryPolicy {
        attempts: number(&fields, "attempts", default.attempts)?,
        base_delay_ms: number(&fields, "base_delay_ms", default.base_delay_ms)?,
        max_delay_ms: number(&fields, "max_delay_ms", default.max_delay_ms)?,
    })
}

fn watch_policy(value: Value) -> Read<WatchPolicy> {
    let fields = policy(
        value,
        &["interval_ms", "max_interval_ms", "suggest_reload_after"],
    )?;
    let default = WatchPolicy::default();
    Ok(WatchPolicy {
        interval_ms: number(&fields, "interval_ms", default.interval_ms)?,
        max_interval_ms: number(&fields, "max_interval_ms", default.max_interval_ms)?,
        suggest_reload_after: number(
            &fields,
            "suggest_reload_after",
            default.suggest_reload_after,
        )?,
    })
}

fn offline_policy(value: Value) -> Read<OfflinePolicy> {
    let fields = policy(value, &["enabled", "evict_after_s", "deadline_ms"])?;
    let default = OfflinePolicy::default();
    Ok(OfflinePolicy {
        enabled: fields.or("enabled", default.enabled, Value::bool)?,
        evict_after_s: number(&fields, "evict_after_s", default.evict_after_s)?,
        deadline_ms: number(&fields, "deadline_ms", default.deadline_ms)?,
    })
}

/// A policy object: only the fields it knows, each taking its default when absent.
fn policy(value: Value, known: &[&str]) -> Read<Fields> {
    let fields = value.object()?;
    fields.only(known)?;
    Ok(fields)
}

fn number(fields: &Fields, key: &str, default: u32) -> Read<u32> {
    fields.or(key, default, Value::u32)
}
