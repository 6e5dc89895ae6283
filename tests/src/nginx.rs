//! nginx in front of hub instances, as `docs/hub.md` ("Deployment") configures it: its
//! `stream` module forwarding TCP to the hubs (`least_conn`, passive health checks), so
//! TLS would run end to end. nginx comes from Debian's packages (`scripts/test` installs
//! `nginx-light` and `libnginx-mod-stream` as root); [`Nginx::find`] says why when it
//! cannot be used, and a test skips unless `SENIM_REQUIRE_NGINX` is set.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where Debian's nginx keeps its dynamic modules.
const MODULES: &str = "/usr/lib/nginx/modules";

/// An nginx process listening on a loopback port, stopped when dropped.
pub struct Nginx {
    child: Child,
    addr: SocketAddr,
    dir: tempfile::TempDir,
}

impl Nginx {
    /// The nginx binary, when it is installed with its stream module. `None`, saying
    /// why on standard error, when it is not (a test then skips).
    ///
    /// # Panics
    /// When nginx is required (`SENIM_REQUIRE_NGINX`) and cannot be used.
    pub fn find() -> Option<PathBuf> {
        let found = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file());
        let problem = match &found {
            None => Some("nginx is not installed"),
            Some(bin) if !has_stream(bin) => Some("nginx has no stream module"),
            Some(_) => None,
        };
        match problem {
            None => found,
            Some(problem) => {
                assert!(
                    std::env::var_os("SENIM_REQUIRE_NGINX").is_none(),
                    "nginx is required (SENIM_REQUIRE_NGINX): {problem}"
                );
                eprintln!("skipped: {problem} (scripts/test installs it as root)");
                None
            }
        }
    }

    /// Starts nginx forwarding a free loopback port to `upstreams` with the
    /// configuration of `docs/hub.md`; waits until it accepts connections.
    ///
    /// # Panics
    /// When nginx does not start (its error log is shown).
    pub fn start(bin: &Path, upstreams: &[SocketAddr]) -> Nginx {
        let dir = tempfile::tempdir().expect("a directory for nginx");
        let addr = free_port();
        let load = if Path::new(MODULES).join("ngx_stream_module.so").is_file() {
            format!("load_module {MODULES}/ngx_stream_module.so;\n")
        } else {
            String::new()
        };
        let servers: String = upstreams
            .iter()
            .map(|a| format!("        server {a} max_fails=2 fail_timeout=10s;\n"))
            .collect();
        let d = dir.path().display();
        let config = format!(
            "{load}worker_processes 1;\n\
             daemon off;\n\
             pid {d}/nginx.pid;\n\
             error_log {d}/error.log info;\n\
             events {{ worker_connections 512; }}\n\
             stream {{\n\
             \x20   upstream senim_hubs {{\n\
             \x20       least_conn;\n\
             {servers}\
             \x20   }}\n\
             \x20   server {{\n\
             \x20       listen {addr};\n\
             \x20       proxy_pass senim_hubs;\n\
             \x20       proxy_connect_timeout 5s;\n\
             \x20       proxy_timeout 120s;\n\
             \x20   }}\n\
             }}\n"
        );
        let conf = dir.path().join("nginx.conf");
        std::fs::write(&conf, config).expect("write nginx.conf");
        let child = Command::new(bin)
            .arg("-p")
            .arg(dir.path())
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .arg("-c")
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let mut nginx = Nginx { child, addr, dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            let exited = nginx.child.try_wait().ok().flatten();
            assert!(
                exited.is_none() && Instant::now() < deadline,
                "nginx did not start ({exited:?}): {}",
                nginx.error_log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        nginx
    }

    /// `http://` and the address nginx listens on.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// nginx's error log so far.
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: the master stops its worker too (SIGKILL would leave the worker
        // holding the port).
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `bin` has the stream module, built in or as Debian's dynamic module.
fn has_stream(bin: &Path) -> bool {
    let Ok(out) = Command::new(bin).arg("-V").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stderr);
    text.contains("--with-stream ")
        || text.contains("--with-stream\n")
        || (text.contains("--with-stream=dynamic")
            && Path::new(MODULES).join("ngx_stream_module.so").is_file())
}

/// A loopback port nothing listens on (bound, then released).
fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
}
