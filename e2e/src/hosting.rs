//! Production-like hosting on loopback: every module deployed (`xtask::deploy`) into a folder
//! of its own, served by Debian's nginx with the configuration `cargo xtask nginx` writes, and
//! the shell's static site (`cargo xtask page`) beside them.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;

use flotilla_contract::Registry;
use xtask::cdn::{Route, Varnish};
use xtask::nginx::{self, Config, Nginx, Site};

use crate::ws;

/// A free loopback port (bound, then released).
pub fn free_port() -> SocketAddr {
    let probe = TcpListener::bind("127.0.0.1:0").expect("a free port");
    probe.local_addr().expect("its address")
}

/// Free loopback ports, each held until [`Ports::release`], so none is handed out twice.
#[derive(Default)]
struct Ports(Vec<TcpListener>);

impl Ports {
    fn take(&mut self) -> SocketAddr {
        let probe = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let addr = probe.local_addr().expect("its address");
        self.0.push(probe);
        addr
    }

    fn release(self) {}
}

/// nginx serving the shell's static site and each module's deploy folder.
pub struct NginxHosting {
    /// The registry in the page (module origins: the edge's with a CDN, else nginx's).
    pub registry: Registry,
    /// Address of the shell's origin.
    pub shell: SocketAddr,
    /// Each module's name, nginx address and deploy folder, in page order.
    pub modules: Vec<(String, SocketAddr, PathBuf)>,
    /// The running nginx (logs in its folder).
    pub nginx: Nginx,
    /// Each module's edge listener (its nginx address without a CDN) and origin.
    pub routes: Vec<Route>,
    /// The CDN tier, when started with one.
    pub varnish: Option<Varnish>,
    /// The folder holding everything.
    pub dir: tempfile::TempDir,
}

impl NginxHosting {
    /// Deploys every module's release build, starts nginx and writes the static page, whose
    /// registry `customize` may change. With `cdn`, Varnish stands in front of every module
    /// origin and the page loads modules through it.
    pub async fn start(customize: impl FnOnce(&mut Registry), cdn: bool) -> NginxHosting {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut modules = Vec::new();
        let mut page_modules = Vec::new();
        let mut routes = Vec::new();
        let mut ports = Ports::default();
        for app in ws().modules() {
            let folder = dir.path().join("modules").join(&app.name);
            xtask::deploy::publish(&folder, &app.dist_dir()).expect("deploy v1");
            let addr = ports.take();
            let edge = if cdn { ports.take() } else { addr };
            routes.push(Route {
                name: app.name.clone(),
                listen: edge,
                origin: addr,
            });
            page_modules.push((app, edge));
            modules.push((app.name.clone(), addr, folder));
        }
        let mut registry = xtask::serve::default_registry(&page_modules);
        customize(&mut registry);
        let shell = ports.take();
        let shell_root = dir.path().join("shell");
        std::fs::create_dir_all(&shell_root).expect("shell folder");
        let config = Config {
            dir: dir.path().join("nginx"),
            shell: Site {
                name: ws().shell().expect("a shell").name.clone(),
                listen: shell,
                root: shell_root.clone(),
            },
            registry: registry.clone(),
            modules: modules
                .iter()
                .map(|(name, listen, root)| Site {
                    name: name.clone(),
                    listen: *listen,
                    root: root.clone(),
                })
                .collect(),
            user: Config::user_for_this_process(),
            brotli: Config::brotli_if_installed(),
            cdn_cache_control: Some(nginx::CDN_CACHE_CONTROL.to_owned()),
        };
        nginx::write(&config).expect("nginx.conf written");
        nginx::check(&config.dir).expect("nginx -t");
        let mut listen: Vec<SocketAddr> = modules.iter().map(|(_, a, _)| *a).collect();
        listen.push(shell);
        ports.release();
        let nginx = Nginx::start(&config.dir, &listen).expect("nginx starts");
        let varnish = cdn.then(|| {
            Varnish::start(&dir.path().join("varnish"), &routes).expect("varnishd starts")
        });
        let shell_dist = ws().shell().expect("a shell").dist_dir();
        xtask::cmd::page::write_site(&shell_dist, &registry, &shell_root)
            .await
            .expect("static page written");
        NginxHosting {
            registry,
            shell,
            modules,
            nginx,
            routes,
            varnish,
            dir,
        }
    }

    /// URL of the page.
    pub fn shell_url(&self) -> String {
        format!("http://{}/", self.shell)
    }

    /// nginx's origin of a module (`http://127.0.0.1:<port>`).
    pub fn module_origin(&self, name: &str) -> String {
        let (_, addr, _) = self.module(name);
        format!("http://{addr}")
    }

    /// The origin the page loads a module from: the edge's with a CDN, else nginx's.
    pub fn page_origin(&self, name: &str) -> String {
        let route = self
            .routes
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no module {name}"));
        format!("http://{}", route.listen)
    }

    /// How many requests nginx answered for paths ending in `suffix` (from its access log).
    pub fn origin_requests(&self, suffix: &str) -> usize {
        self.nginx
            .access_log()
            .lines()
            .filter(|l| {
                l.split('"')
                    .nth(1)
                    .and_then(|r| r.split_whitespace().nth(1))
                    .is_some_and(|path| path.ends_with(suffix))
            })
            .count()
    }

    /// The deploy folder nginx serves for a module.
    pub fn module_dir(&self, name: &str) -> PathBuf {
        self.module(name).2.clone()
    }

    fn module(&self, name: &str) -> &(String, SocketAddr, PathBuf) {
        self.modules
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("no module {name}"))
    }
}
