//! Deploying to an S3-compatible bucket (s3s-fs on loopback, a real server): deploy and
//! rollback, versions never overwritten, and a server stopped mid-deploy leaving the previous
//! version live.

use crate::support;

use std::time::{Duration, Instant};

use flotilla_e2e::s3::S3Server;
use flotilla_e2e::{module, ModuleCopy};
use support::{header_v2_dist, HEADER_V2};

#[tokio::test]
async fn a_module_deploys_to_a_bucket_and_rolls_back() {
    let server = S3Server::start();
    let bucket = server.bucket("header-app");
    let v1 = module("header-app").dist_dir();
    let id1 = bucket.publish(&v1).await.unwrap();
    let current = bucket.current_manifest().await.unwrap().unwrap();
    assert_eq!(current.version, module("header-app").version);
    assert_eq!(
        current.assets.wasm.file,
        format!("versions/{id1}/{}", {
            let m = std::fs::read_to_string(v1.join("mf-manifest.json")).unwrap();
            flotilla_contract::Manifest::from_json(&m)
                .unwrap()
                .assets
                .wasm
                .file
        })
    );
    let wasm = server.object_file(&format!("header-app/{}", current.assets.wasm.file));
    assert!(wasm.is_file(), "{} is missing", wasm.display());

    let id2 = bucket.publish(&header_v2_dist()).await.unwrap();
    assert!(id2.starts_with(HEADER_V2), "{id2}");
    let current = bucket.current_manifest().await.unwrap().unwrap();
    assert_eq!(current.version, HEADER_V2);
    assert!(wasm.is_file(), "version 1 is kept");

    assert_eq!(bucket.rollback(None).await.unwrap(), id1);
    let current = bucket.current_manifest().await.unwrap().unwrap();
    assert_ne!(current.version, HEADER_V2);
    let log = bucket.read_log().await.unwrap();
    let actions: Vec<&str> = log.history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["deploy", "deploy", "rollback"]);
    assert_eq!(log.current.as_deref(), Some(id1.as_str()));

    // A build claiming a deployed version's id with other bytes is refused, not written.
    let forged = ModuleCopy::from_dir(&header_v2_dist());
    std::fs::write(
        forged.path("index.html"),
        "<html><head></head>forged</html>",
    )
    .unwrap();
    std::fs::remove_file(
        server.object_file(&format!("header-app/versions/{id2}/.live/mf-manifest.json")),
    )
    .unwrap();
    let err = bucket.publish(forged.dir.path()).await.unwrap_err();
    assert!(format!("{err:#}").contains("never overwritten"), "{err:#}");
    assert_eq!(
        bucket.current_manifest().await.unwrap().unwrap().version,
        current.version
    );
}

#[tokio::test]
async fn a_server_stopped_mid_deploy_leaves_the_previous_version_live() {
    let mut server = S3Server::start();
    let bucket = server.bucket("header-app");
    bucket
        .publish(&module("header-app").dist_dir())
        .await
        .unwrap();
    let live = bucket.current_manifest().await.unwrap().unwrap().version;

    // Version 2 with a large last file, so the upload is still going when the server stops.
    let v2 = ModuleCopy::from_dir(&header_v2_dist());
    std::fs::write(v2.path("zzz-padding.bin"), vec![7u8; 48 << 20]).unwrap();
    let id2 = xtask::deploy::version_id(&v2.manifest());
    let first = server.object_file(&format!("header-app/versions/{id2}"));
    let upload = {
        let bucket = bucket.clone();
        let dist = v2.dir.path().to_path_buf();
        tokio::spawn(async move { bucket.publish(&dist).await })
    };
    let started = Instant::now();
    while !first.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the upload never began"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.stop();
    let err = upload.await.unwrap().unwrap_err();
    eprintln!("the deploy failed as it should: {err:#}");

    server.resume();
    let current = bucket.current_manifest().await.unwrap().unwrap();
    assert_eq!(current.version, live, "a half-uploaded version went live");
    assert_eq!(bucket.read_log().await.unwrap().history.len(), 1);
    // Publishing again resumes and completes.
    assert_eq!(bucket.publish(v2.dir.path()).await.unwrap(), id2);
    assert_eq!(
        bucket.current_manifest().await.unwrap().unwrap().version,
        HEADER_V2
    );
}
