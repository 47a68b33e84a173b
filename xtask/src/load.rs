//! Load figures for a module origin's manifest: wrk against the development server and nginx,
//! with `If-None-Match` (304s, what watching pages send) and without (200s), on loopback.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// wrk's settings: threads, connections, seconds per run.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// wrk threads (`-t`).
    pub threads: u32,
    /// Open connections (`-c`).
    pub connections: u32,
    /// Seconds per run (`-d`).
    pub seconds: u32,
}

/// One run's figures.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The server (`development server`, `nginx`).
    pub server: String,
    /// The status answered (`304` with If-None-Match, `200` without).
    pub status: u16,
    /// Requests per second.
    pub per_second: f64,
    /// Mean latency as wrk prints it (`1.23ms`).
    pub latency: String,
}

/// Runs wrk (`wrk` binary) against `url`, with `If-None-Match: etag` when given.
pub fn run(wrk: &Path, url: &str, etag: Option<&str>, settings: Settings) -> Result<(f64, String)> {
    let mut cmd = Command::new(wrk);
    cmd.arg(format!("-t{}", settings.threads))
        .arg(format!("-c{}", settings.connections))
        .arg(format!("-d{}s", settings.seconds));
    if let Some(etag) = etag {
        cmd.arg("-H").arg(format!("If-None-Match: {etag}"));
    }
    let out = cmd
        .arg(url)
        .output()
        .with_context(|| format!("running {}", wrk.display()))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!(
            "wrk failed on {url}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    parse(&text).with_context(|| format!("reading wrk's output for {url}:\n{text}"))
}

/// Requests/s and mean latency from wrk's report; fails when wrk saw errors or statuses other
/// than 2xx/3xx.
pub fn parse(report: &str) -> Result<(f64, String)> {
    if let Some(line) = report
        .lines()
        .find(|l| l.contains("Non-2xx or 3xx responses"))
    {
        bail!("wrong statuses: {}", line.trim());
    }
    let per_second = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .context("no Requests/sec line")?
        .trim()
        .parse()?;
    let latency = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Latency"))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or("?")
        .to_owned();
    Ok((per_second, latency))
}

/// The figures as a Markdown table.
pub fn table(figures: &[Figure], settings: Settings) -> String {
    let mut out = String::from(
        "| server | manifest answer | requests/s | mean latency |\n|---|---|---|---|\n",
    );
    for f in figures {
        let answer = if f.status == 304 {
            "304 (If-None-Match)"
        } else {
            "200 (full body)"
        };
        out.push_str(&format!(
            "| {} | {answer} | {:.0} | {} |\n",
            f.server, f.per_second, f.latency
        ));
    }
    out.push_str(&format!(
        "\nwrk -t{} -c{} -d{}s on loopback, one run each.\n",
        settings.threads, settings.connections, settings.seconds
    ));
    out
}

/// The manifest's ETag as `addr` serves it (a GET over a plain connection).
pub fn etag(addr: SocketAddr, path: &str) -> Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    text.lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("etag")
                .then(|| value.trim().to_owned())
        })
        .with_context(|| format!("http://{addr}{path} sent no ETag"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_reads_wrks_report() {
        let report = "Running 10s test @ http://127.0.0.1:1/mf-manifest.json\n  2 threads and 64 connections\n  Thread Stats   Avg      Stdev     Max   +/- Stdev\n    Latency     1.17ms  402.11us   9.80ms   79.35%\n    Req/Sec    27.53k     1.10k   30.05k    71.50%\n  547842 requests in 10.00s, 131.18MB read\nRequests/sec:  54770.09\nTransfer/sec:     13.12MB\n";
        let (rps, latency) = parse(report).unwrap();
        assert!((rps - 54770.09).abs() < 0.01);
        assert_eq!(latency, "1.17ms");
        let bad = format!("{report}  Non-2xx or 3xx responses: 12\n");
        assert!(parse(&bad).unwrap_err().to_string().contains("Non-2xx"));
    }
}
