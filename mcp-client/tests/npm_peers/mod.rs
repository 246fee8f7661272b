//! Shared by the interop tests that run real npm peers (the HTTP ones of `mcp-client` and
//! `mcp-conformance`): running a command with a timeout, checking that node and npm exist,
//! installing a pinned npm package once per target directory, and a child process that is
//! killed when dropped.
//!
//! Installs go to `<target>/npm-peers/<dir>/`: with a lockfile, `npm ci` from it (the
//! install is reused only when it holds the same version *and* the same lockfile); without,
//! `npm install --save-exact name@version`. The install is staged in a temporary sibling and
//! renamed into place, so an interrupted install never looks complete. The directory names
//! match the ones the stdio interop tests use, so both reuse one install.

#![allow(dead_code, unreachable_pub)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Bound on one `npm ci`/`npm install`.
pub const NPM_TIMEOUT: Duration = Duration::from_secs(300);

/// A command that ran to completion.
pub struct Finished {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `command` to completion, killing it after `timeout`.
pub fn run(mut command: Command, timeout: Duration, what: &str) -> Result<Finished, String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {what}: {e}"))?;
    let pipe = |mut reader: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = reader.read_to_string(&mut text);
            text
        })
    };
    let stdout = pipe(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = pipe(Box::new(child.stderr.take().expect("piped stderr")));
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("waiting for {what}: {e}"))? {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            let stdout = stdout.join().unwrap_or_default();
            let stderr = stderr.join().unwrap_or_default();
            return Err(format!(
                "{what} did not finish within {timeout:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Ok(Finished {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Checks that `tool --version` runs and returns its output; the error says what `purpose`
/// needs the tool for.
pub fn require_tool(tool: &str, purpose: &str) -> Result<String, String> {
    let mut command = Command::new(tool);
    command.arg("--version");
    match run(command, Duration::from_secs(30), tool) {
        Ok(f) if f.status.success() => Ok(f.stdout.trim().to_owned()),
        Ok(f) => Err(format!("`{tool} --version` failed ({}): {}", f.status, f.stderr)),
        Err(e) => Err(format!("{e}\nThis interop test needs Node.js (>= 20) and npm on PATH {purpose}.")),
    }
}

/// `<target dir>` of the running test executable (`<target>/<profile>/deps/<test>`).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    exe.ancestors().nth(3).map(Path::to_path_buf).expect("the test runs from <target>/<profile>/deps/")
}

/// One pinned npm package.
pub struct NpmPackage {
    /// The package name, e.g. `@modelcontextprotocol/sdk`.
    pub name: &'static str,
    /// The exact version.
    pub version: &'static str,
    /// The folder under `<target>/npm-peers/`.
    pub dir: &'static str,
    /// `package.json` and `package-lock.json` to install from with `npm ci`; `None`:
    /// `npm install --save-exact name@version`.
    pub lock: Option<(&'static str, &'static str)>,
}

impl NpmPackage {
    /// Where the package lands inside `prefix`.
    pub fn package_dir(&self, prefix: &Path) -> PathBuf {
        prefix.join("node_modules").join(self.name)
    }

    /// Whether `prefix` holds the pinned version (from our lockfile, when there is one).
    fn is_installed(&self, prefix: &Path) -> bool {
        let manifest =
            std::fs::read_to_string(self.package_dir(prefix).join("package.json")).unwrap_or_default();
        let version = serde_json::from_str::<Value>(&manifest)
            .ok()
            .and_then(|v| v["version"].as_str().map(str::to_owned));
        version.as_deref() == Some(self.version)
            && self.lock.is_none_or(|(_, lock)| {
                std::fs::read_to_string(prefix.join("package-lock.json")).ok().as_deref() == Some(lock)
            })
    }

    /// Checks node and npm, installs the package unless it is there, and returns the
    /// prefix (the folder holding `node_modules`).
    pub fn install(&self) -> Result<PathBuf, String> {
        let purpose = format!("to install and run {}@{}", self.name, self.version);
        require_tool("node", &purpose)?;
        require_tool("npm", &purpose)?;
        let prefix = target_dir().join("npm-peers").join(self.dir);
        if self.is_installed(&prefix) {
            return Ok(prefix);
        }
        let parent = prefix.parent().expect("the prefix has a parent");
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let staging = parent.join(format!("{}.partial-{}", self.dir, std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir_all(&staging).map_err(|e| format!("cannot create {}: {e}", staging.display()))?;
        let mut npm = Command::new("npm");
        match self.lock {
            Some((manifest, lock)) => {
                std::fs::write(staging.join("package.json"), manifest).map_err(|e| e.to_string())?;
                std::fs::write(staging.join("package-lock.json"), lock).map_err(|e| e.to_string())?;
                npm.args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"]).current_dir(&staging);
            }
            None => {
                npm.args(["install", "--no-audit", "--no-fund", "--save-exact", "--prefix"])
                    .arg(&staging)
                    .arg(format!("{}@{}", self.name, self.version));
            }
        }
        let done = run(npm, NPM_TIMEOUT, "npm")?;
        if !done.status.success() {
            return Err(format!("npm failed ({}):\n{}\n{}", done.status, done.stdout, done.stderr));
        }
        if !self.is_installed(&staging) {
            return Err(format!("npm did not install {}@{}", self.name, self.version));
        }
        let _ = std::fs::remove_dir_all(&prefix);
        if let Err(e) = std::fs::rename(&staging, &prefix) {
            // Another test process may have finished the same install first.
            let _ = std::fs::remove_dir_all(&staging);
            if !self.is_installed(&prefix) {
                return Err(format!("cannot move the install into {}: {e}", prefix.display()));
            }
        }
        Ok(prefix)
    }
}

/// A free TCP port on 127.0.0.1 (bound, then released for the peer to take).
pub fn free_loopback_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("the bound address").port()
}

/// A spawned child process, killed (and reaped) when dropped; its stderr and stdout are
/// collected for failure messages.
pub struct KilledOnDrop {
    child: std::process::Child,
    output: std::sync::Arc<std::sync::Mutex<String>>,
}

impl KilledOnDrop {
    /// Spawns `command` with piped output.
    pub fn spawn(mut command: Command, what: &str) -> Result<KilledOnDrop, String> {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {what}: {e}"))?;
        let output = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let readers: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().expect("piped stdout")),
            Box::new(child.stderr.take().expect("piped stderr")),
        ];
        for mut reader in readers {
            let output = output.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let text = String::from_utf8_lossy(&buf[..n]).into_owned();
                    output.lock().unwrap_or_else(|e| e.into_inner()).push_str(&text);
                }
            });
        }
        Ok(KilledOnDrop { child, output })
    }

    /// What the process printed so far (stdout and stderr interleaved).
    pub fn output(&self) -> String {
        self.output.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Whether the process has exited.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Kills the process and waits for it (bounded: SIGKILL cannot be ignored).
    pub fn kill(&mut self) {
        if self.exited().is_none() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

impl Drop for KilledOnDrop {
    fn drop(&mut self) {
        self.kill();
    }
}
