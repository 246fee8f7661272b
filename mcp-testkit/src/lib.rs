//! Test support for the interop tests that install and run real npm peers (the reference
//! server `@modelcontextprotocol/server-everything`, the TypeScript SDK client) against the
//! workspace's crates. Used as a dev-dependency only; it depends on no workspace crate.
//!
//! - [`run`]: runs a command to completion, killing it after a timeout, and collects its
//!   output as a [`Finished`]; [`Finished::json_report`] parses the one-JSON-object report the
//!   JS test clients print.
//! - [`require_tool`]: checks that `node`/`npm` run, with an error that says what is missing.
//! - [`target_dir`]: the cargo target directory, found from the running test executable.
//! - [`NpmPackage`]: a pinned npm package (optionally with a lockfile) installed once per
//!   target directory into `<target>/npm-peers/<dir>/`, staged then renamed into place.
//! - [`free_loopback_port`], [`loopback_preload`]: a free port on 127.0.0.1 and a Node
//!   preload that keeps a peer's listeners on 127.0.0.1.
//! - [`KilledOnDrop`]: a spawned peer process that is killed (and reaped) when dropped.
//! - [`base64_decode`], [`base64_encode`], [`crc32`]: for asserting on binary content.
//!
//! Every fallible function returns `Result<_, String>` with a message meant for a test
//! failure; every wait is bounded.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Bound on one `npm ci`/`npm install` run by [`NpmPackage::install`].
pub const NPM_TIMEOUT: Duration = Duration::from_secs(300);

/// Bound on one `<tool> --version` run by [`require_tool`].
const VERSION_TIMEOUT: Duration = Duration::from_secs(30);

/// How often [`run`] polls the child for exit.
const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// A command that ran to completion under [`run`].
#[derive(Debug)]
pub struct Finished {
    /// The exit status.
    pub status: ExitStatus,
    /// Everything the command wrote to stdout (empty when that was not UTF-8).
    pub stdout: String,
    /// Everything the command wrote to stderr (empty when that was not UTF-8).
    pub stderr: String,
}

impl Finished {
    /// Parses the report of a JS test client: the last non-empty stdout line is one JSON
    /// object; a `"fatal"` member in it means the client gave up.
    ///
    /// # Errors
    /// A message (with the captured stdout/stderr) when the command exited unsuccessfully,
    /// when the last line is not JSON, or when the report has a `"fatal"` member.
    pub fn json_report(&self) -> Result<Value, String> {
        if !self.status.success() {
            return Err(format!("the JS client failed ({}):\n{}\n{}", self.status, self.stdout, self.stderr));
        }
        let line = self.stdout.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
        let observed: Value = serde_json::from_str(line)
            .map_err(|e| format!("the JS client printed no JSON ({e}):\n{}\n{}", self.stdout, self.stderr))?;
        if let Some(fatal) = observed.get("fatal") {
            return Err(format!(
                "the JS client failed: {}\nstderr:\n{}",
                fatal.as_str().unwrap_or_default(),
                self.stderr
            ));
        }
        Ok(observed)
    }
}

/// Spawns `command` with stdin closed and stdout/stderr piped.
fn spawn_piped(mut command: Command, what: &str) -> Result<Child, String> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {what}: {e}"))
}

/// Runs `command` to completion with stdin closed and stdout/stderr captured, killing it
/// after `timeout` (polled every 50 ms). `what` names the command in error messages.
///
/// # Errors
/// A message when the command cannot be started or waited for, or when it did not finish
/// within `timeout` (the message carries what it printed until it was killed).
pub fn run(command: Command, timeout: Duration, what: &str) -> Result<Finished, String> {
    let mut child = spawn_piped(command, what)?;
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
        std::thread::sleep(POLL_INTERVAL);
    };
    Ok(Finished {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Checks that `tool --version` runs (bounded by 30 s) and returns its trimmed stdout, e.g.
/// `v22.11.0` for `node`.
///
/// # Errors
/// When the tool is missing or does not finish: a message saying that the interop test needs
/// Node.js (>= 20) and npm on `PATH` `purpose` (e.g. "to install and run
/// @modelcontextprotocol/sdk@1.32.2"); when it exits unsuccessfully: its status and stderr.
pub fn require_tool(tool: &str, purpose: &str) -> Result<String, String> {
    let mut command = Command::new(tool);
    command.arg("--version");
    match run(command, VERSION_TIMEOUT, tool) {
        Ok(f) if f.status.success() => Ok(f.stdout.trim().to_owned()),
        Ok(f) => Err(format!("`{tool} --version` failed ({}): {}", f.status, f.stderr)),
        Err(e) => Err(format!("{e}\nThis interop test needs Node.js (>= 20) and npm on PATH {purpose}.")),
    }
}

/// The cargo target directory of the running test executable, which cargo places at
/// `<target>/<profile>/deps/<test>`.
///
/// # Panics
/// When the executable's path cannot be read or has fewer than three ancestors.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    exe.ancestors().nth(3).map(Path::to_path_buf).expect("the test runs from <target>/<profile>/deps/")
}

/// One pinned npm package, installed into `<target>/npm-peers/<dir>/` (see
/// [`NpmPackage::install`]).
#[derive(Debug, Clone, Copy)]
pub struct NpmPackage {
    /// The package name, e.g. `@modelcontextprotocol/sdk`.
    pub name: &'static str,
    /// The exact version, e.g. `1.32.2`.
    pub version: &'static str,
    /// The folder under `<target>/npm-peers/`, e.g. `ts-sdk-1.32.2`; tests that share a
    /// folder share one install.
    pub dir: &'static str,
    /// The contents of `package.json` and `package-lock.json` to install from with `npm ci`
    /// (every transitive package pinned); `None`: `npm install --save-exact name@version`.
    pub lock: Option<(&'static str, &'static str)>,
}

impl NpmPackage {
    /// Where the package lands inside `prefix`: `<prefix>/node_modules/<name>`.
    pub fn package_dir(&self, prefix: &Path) -> PathBuf {
        prefix.join("node_modules").join(self.name)
    }

    /// Whether `prefix` holds the pinned version (installed from our lockfile, when there is
    /// one: its `package-lock.json` must equal [`NpmPackage::lock`]'s).
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

    /// Checks `node` and `npm` ([`require_tool`]), installs the package into
    /// `<target>/npm-peers/<dir>/` unless that folder already holds it, and returns that
    /// prefix (the folder holding `node_modules`).
    ///
    /// The install runs (bounded by [`NPM_TIMEOUT`]) in a sibling `<dir>.partial-<pid>` and is
    /// renamed into place, so an interrupted install never looks complete; when another
    /// process finished the same install first, its result is used.
    ///
    /// # Errors
    /// A message when node or npm is missing, when npm fails or times out, when it does not
    /// produce the pinned version, or when the staged install cannot be moved into place.
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

    /// [`NpmPackage::package_dir`] of the [`install`](NpmPackage::install)ed package, installing
    /// at most once per process (per [`NpmPackage::dir`]): concurrent callers wait for the
    /// first install, and later callers get its result.
    ///
    /// # Panics
    /// With `cannot install <name>: <error>` when the install failed (also on every later
    /// call).
    pub fn installed_package_dir(&self) -> &'static Path {
        static INSTALLS: Mutex<BTreeMap<&'static str, &'static Result<PathBuf, String>>> =
            Mutex::new(BTreeMap::new());
        let installed = {
            let mut installs = INSTALLS.lock().unwrap_or_else(|e| e.into_inner());
            *installs.entry(self.dir).or_insert_with(|| {
                Box::leak(Box::new(self.install().map(|prefix| self.package_dir(&prefix))))
            })
        };
        match installed {
            Ok(dir) => dir,
            Err(e) => panic!("cannot install {}: {e}", self.name),
        }
    }
}

/// A free TCP port on 127.0.0.1: bound to port 0, then released for the peer to take (so
/// another process may race for it; tests check that the peer really bound it).
///
/// # Panics
/// When 127.0.0.1:0 cannot be bound.
pub fn free_loopback_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("the bound address").port()
}

/// The path of `loopback_listen.cjs`, a Node preload (`node -r <path> ...`) that makes every
/// `net.Server.listen` on a port (so also express's `app.listen(PORT)`) bind 127.0.0.1 instead
/// of all interfaces, and reports each bound address on stderr as
/// `mcp-rs loopback preload: listening on <address>:<port>`.
pub fn loopback_preload() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("js").join("loopback_listen.cjs")
}

/// A spawned child process, killed (and reaped) when dropped; its stdout and stderr are
/// collected, interleaved, for failure messages.
#[derive(Debug)]
pub struct KilledOnDrop {
    child: Child,
    output: Arc<Mutex<String>>,
}

impl KilledOnDrop {
    /// Spawns `command` with stdin closed and stdout/stderr piped into [`KilledOnDrop::output`].
    /// `what` names the process in the error message.
    ///
    /// # Errors
    /// A message when the process cannot be started.
    pub fn spawn(command: Command, what: &str) -> Result<KilledOnDrop, String> {
        let mut child = spawn_piped(command, what)?;
        let output = Arc::new(Mutex::new(String::new()));
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

    /// What the process printed so far (stdout and stderr interleaved, lossy UTF-8).
    pub fn output(&self) -> String {
        self.output.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The exit status once the process has exited; `None` while it runs.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Kills the process (SIGKILL) unless it has exited, and reaps it; bounded, as SIGKILL
    /// cannot be ignored.
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

/// Decodes standard base64 (RFC 4648 §4, `+` and `/`), ignoring ASCII whitespace and `=`
/// padding; for asserting on `data`/`blob` fields of MCP content.
///
/// # Panics
/// On a byte outside the alphabet.
pub fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("invalid base64 byte {c:#x}"),
        }
    };
    let symbols: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=').collect();
    let mut out = Vec::with_capacity(symbols.len() * 3 / 4);
    for chunk in symbols.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c) << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// Encodes `bytes` as standard base64 with `=` padding (RFC 4648 §4).
pub fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// CRC-32 (IEEE 802.3 / ISO 3309, reflected polynomial `0xEDB88320`), bitwise: the checksum
/// of PNG chunks and of the gzip trailer (RFC 1952 §2.3.1).
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.arg("-c").arg(script);
        command
    }

    #[test]
    fn run_collects_status_stdout_and_stderr() {
        let done = run(sh("echo out; echo err >&2; exit 3"), Duration::from_secs(10), "sh").unwrap();
        assert_eq!(done.status.code(), Some(3));
        assert_eq!(done.stdout, "out\n");
        assert_eq!(done.stderr, "err\n");
    }

    #[test]
    fn run_kills_a_command_that_outlives_its_timeout() {
        let started = Instant::now();
        let error = run(sh("echo partial; exec sleep 30"), Duration::from_millis(300), "the sleeper")
            .expect_err("the command is killed");
        assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
        assert!(error.starts_with("the sleeper did not finish within 300ms"), "{error}");
        assert!(error.contains("stdout:\npartial\n"), "{error}");
    }

    #[test]
    fn a_missing_tool_is_reported_with_what_needs_it() {
        let error = require_tool("mcp-testkit-no-such-tool", "to run the example").unwrap_err();
        assert!(error.starts_with("cannot start mcp-testkit-no-such-tool: "), "{error}");
        assert!(error.ends_with("needs Node.js (>= 20) and npm on PATH to run the example."), "{error}");
        // `false` exits 1 even for `--version`.
        let error = require_tool("false", "-").unwrap_err();
        assert!(error.starts_with("`false --version` failed (exit status: 1): "), "{error}");
    }

    #[test]
    fn json_report_takes_the_last_line_and_rejects_fatal_and_failures() {
        let report = |script: &str| run(sh(script), Duration::from_secs(10), "sh").unwrap().json_report();
        assert_eq!(report("echo noise; echo '{\"a\": 1}'; echo").unwrap(), serde_json::json!({"a": 1}));
        let fatal = report("echo '{\"fatal\": \"boom\"}'; echo why >&2").unwrap_err();
        assert_eq!(fatal, "the JS client failed: boom\nstderr:\nwhy\n");
        assert!(report("echo not json").unwrap_err().starts_with("the JS client printed no JSON"));
        assert!(
            report("echo '{}'; exit 1").unwrap_err().starts_with("the JS client failed (exit status: 1)")
        );
    }

    #[test]
    fn the_binary_helpers_match_rfc_4648_and_the_crc_check_value() {
        for (plain, encoded) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")]
        {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded), plain.as_bytes());
        }
        assert_eq!(base64_decode("Zm9v\nYmE="), b"fooba");
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn the_target_dir_is_the_one_cargo_tagged() {
        assert!(target_dir().join("CACHEDIR.TAG").is_file(), "{}", target_dir().display());
    }

    #[test]
    fn the_package_dir_is_under_node_modules() {
        let package = NpmPackage { name: "@scope/pkg", version: "1.0.0", dir: "pkg-1.0.0", lock: None };
        assert_eq!(package.package_dir(Path::new("/p")), Path::new("/p/node_modules/@scope/pkg"));
        assert!(!package.is_installed(Path::new("/nonexistent/mcp-testkit")));
    }

    #[test]
    fn a_free_loopback_port_can_be_bound_again() {
        let port = free_loopback_port();
        assert_ne!(port, 0);
        std::net::TcpListener::bind(("127.0.0.1", port)).expect("the port is free");
        assert!(loopback_preload().is_file(), "{}", loopback_preload().display());
    }

    #[test]
    fn killed_on_drop_collects_output_and_reaps_the_process() {
        let mut process = KilledOnDrop::spawn(sh("echo hello; exec sleep 30"), "sh").unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !process.output().contains("hello") {
            assert!(Instant::now() < deadline, "no output: {:?}", process.output());
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(process.exited().is_none(), "still running");
        let proc_dir = PathBuf::from(format!("/proc/{}", process.id()));
        assert!(proc_dir.exists());
        drop(process);
        assert!(!proc_dir.exists(), "killed and reaped");
        let error = KilledOnDrop::spawn(Command::new("mcp-testkit-no-such-tool"), "the peer").unwrap_err();
        assert!(error.starts_with("cannot start the peer: "), "{error}");
    }
}
