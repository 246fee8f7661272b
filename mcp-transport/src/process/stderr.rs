//! Forwarding a child's stderr, line by line, to `tracing` or a callback.
//!
//! stderr is free-form logging (2026-07-28 `basic/transports/stdio.mdx`); lines are passed on
//! and never interpreted. The pipe is always drained to its end, so a chatty server never
//! blocks on a full stderr pipe.

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncReadExt};

use crate::process::command::StderrMode;

/// Longest piece of a line passed on at once, in bytes.
pub(crate) const MAX_STDERR_LINE: usize = 64 * 1024;

/// Spawns the forwarding task for `mode` (nothing for `Inherit`/`Null`, which are not piped).
pub(crate) fn forward<R: AsyncRead + Unpin + Send + 'static>(stderr: R, mode: &StderrMode, pid: Option<u32>) {
    let sink: Arc<dyn Fn(&str) + Send + Sync> = match mode {
        StderrMode::Inherit | StderrMode::Null => return,
        StderrMode::Tracing => Arc::new(move |line: &str| {
            tracing::info!(target: "mcp_transport::process::stderr", pid, "{line}");
        }),
        StderrMode::Callback(f) => Arc::clone(f),
    };
    tokio::spawn(read_lines(stderr, move |line| sink(line)));
}

/// Reads `reader` to its end, calling `each` for every line (see [`MAX_STDERR_LINE`]).
pub(crate) async fn read_lines<R: AsyncRead + Unpin>(mut reader: R, each: impl Fn(&str)) {
    let mut pending: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 8 * 1024];
    let emit = |bytes: &[u8]| {
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.is_empty() {
            each("");
        }
        for piece in bytes.chunks(MAX_STDERR_LINE) {
            each(&String::from_utf8_lossy(piece));
        }
    };
    loop {
        let n = match reader.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        pending.extend_from_slice(&chunk[..n]);
        let mut start = 0;
        while let Some(pos) = pending[start..].iter().position(|&b| b == b'\n') {
            emit(&pending[start..start + pos]);
            start += pos + 1;
        }
        pending.drain(..start);
        while pending.len() >= MAX_STDERR_LINE {
            emit(&pending[..MAX_STDERR_LINE]);
            pending.drain(..MAX_STDERR_LINE);
        }
    }
    if !pending.is_empty() {
        emit(&pending);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[tokio::test]
    async fn splits_lines_and_long_pieces() {
        let mut input = b"first\r\nsecond\n\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_STDERR_LINE + 10));
        input.extend_from_slice(b"\nlast without newline");
        let lines = Mutex::new(Vec::new());
        read_lines(&input[..], |l| lines.lock().unwrap().push(l.to_owned())).await;
        let lines = lines.into_inner().unwrap();
        assert_eq!(lines.len(), 6, "{:?}", lines.iter().map(String::len).collect::<Vec<_>>());
        assert_eq!(&lines[..3], ["first", "second", ""]);
        assert_eq!(lines[3].len(), MAX_STDERR_LINE);
        assert_eq!(lines[4], "x".repeat(10));
        assert_eq!(lines[5], "last without newline");
    }
}
