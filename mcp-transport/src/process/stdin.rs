//! The child's stdin, shared between the sending half and the shutdown sequence.
//!
//! Shutdown step 1 closes the child's stdin even while the sending half is held elsewhere
//! (e.g. by a client role) or is blocked writing to a child that stopped reading: a `closing`
//! signal interrupts any send in progress, then the pipe is dropped.

use mcp_jsonrpc::Message;
use tokio::process::ChildStdin;
use tokio::sync::{Mutex, watch};

use crate::error::TransportError;
use crate::stdio::StdioWriter;
use crate::transport::MessageSink;

#[derive(Debug)]
pub(crate) struct SharedStdin {
    writer: Mutex<Option<StdioWriter<ChildStdin>>>,
    closing: watch::Sender<bool>,
}

impl SharedStdin {
    pub(crate) fn new(stdin: ChildStdin) -> Self {
        SharedStdin { writer: Mutex::new(Some(StdioWriter::new(stdin))), closing: watch::Sender::new(false) }
    }

    /// Sends one message unless the stdin is, or gets, force-closed meanwhile.
    pub(crate) async fn send(&self, message: Message) -> Result<(), TransportError> {
        let mut closing = self.closing.subscribe();
        let mut guard = tokio::select! {
            biased;
            _ = closing.wait_for(|c| *c) => return Err(TransportError::Closed),
            guard = self.writer.lock() => guard,
        };
        let writer = guard.as_mut().ok_or(TransportError::Closed)?;
        let outcome = tokio::select! {
            biased;
            _ = closing.wait_for(|c| *c) => None,
            sent = writer.send(message) => Some(sent),
        };
        outcome.unwrap_or_else(|| {
            *guard = None;
            Err(TransportError::Closed)
        })
    }

    /// Flushes and closes stdin (the graceful half-close of [`MessageSink::close`]).
    pub(crate) async fn close(&self) -> Result<(), TransportError> {
        let mut closing = self.closing.subscribe();
        let mut guard = tokio::select! {
            biased;
            _ = closing.wait_for(|c| *c) => return Ok(()),
            guard = self.writer.lock() => guard,
        };
        let Some(mut writer) = guard.take() else { return Ok(()) };
        tokio::select! {
            biased;
            _ = closing.wait_for(|c| *c) => Ok(()),
            closed = writer.close() => closed,
        }
    }

    /// Closes stdin now, interrupting any send or close in progress (shutdown step 1).
    pub(crate) async fn force_close(&self) {
        self.closing.send_replace(true);
        drop(self.writer.lock().await.take());
    }
}
