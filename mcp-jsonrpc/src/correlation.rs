//! Request correlation: a sans-I/O core that both MCP roles share.
//!
//! JSON-RPC 2.0 (§4, §5) pairs every response with its request by `id`; MCP adds that an id is
//! a string or an integer, never null, and unique among the sender's *in-flight* requests
//! (2026-07-28 `basic/index.mdx` "Requests"), that either side may cancel a request it issued
//! (`basic/utilities/cancellation.mdx`), and that a sender SHOULD give up on a request after a
//! timeout and cancel it (2025-11-25 `basic/lifecycle.mdx` "Timeouts").
//!
//! Like `quinn-proto`, nothing here does I/O, spawns a task or reads a clock: the inputs are
//! messages and an [`Instant`] the caller passes in, and the outputs are messages to send and
//! events to act on. An async shell owns one [`Correlator`] per connection, feeds it every
//! message it reads ([`Correlator::handle`]), asks it for ids when it sends requests
//! ([`PendingRequests::start_request`]), passes its responses through it
//! ([`IncomingRequests::respond`]), and sleeps until [`PendingRequests::next_deadline`] to call
//! [`PendingRequests::poll_timeouts`].
//!
//! - [`PendingRequests`]: requests *we* sent and await a response to (the requester side);
//! - [`IncomingRequests`]: requests the *peer* sent that we are handling (the responder side);
//! - [`Correlator`]: both tables, and the routing of a received [`Message`] between them.
//!
//! # Cancellation and the transport
//!
//! On stdio and on the legacy HTTP transports a cancelled request is announced with a
//! `notifications/cancelled` notification (`{requestId, reason?}`). On 2026-07-28 Streamable
//! HTTP there is no such notification: the client cancels by closing the SSE response stream
//! (2026-07-28 `basic/transports/streamable-http.mdx` "Cancellation"). [`CancelSignal`] tells
//! the core which one applies, and every [`Cancelled`] event says whether a notification must
//! be sent.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fmt;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::id::RequestId;
use crate::message::{ErrorResponse, Message, Notification, Request, ResultResponse};

/// The method of the cancellation notification (`basic/utilities/cancellation.mdx`).
pub const CANCELLED_METHOD: &str = "notifications/cancelled";

/// The `initialize` method, which a client MUST NOT cancel (legacy revisions,
/// 2025-11-25 `basic/utilities/cancellation.mdx` "Behavior Requirements" 2).
pub const INITIALIZE_METHOD: &str = "initialize";

/// The `subscriptions/listen` method; in 2026-07-28 a server ends a listen on stdio by sending
/// `notifications/cancelled` that references the *client's* listen request
/// (2026-07-28 `basic/patterns/subscriptions.mdx`).
pub const LISTEN_METHOD: &str = "subscriptions/listen";

/// How many retired request ids [`PendingRequests`] remembers by default, to tell a duplicate
/// or late response from one for an id that was never issued.
pub const DEFAULT_RETIRED_CAPACITY: usize = 1024;

/// The params of `notifications/cancelled`: `{"requestId": <id>, "reason"?: <string>}`
/// (`CancelledNotificationParams` in every revision's schema; `basic/utilities/cancellation.mdx`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelledParams {
    /// The id of the request being cancelled; it names a request *the sender* issued.
    pub request_id: RequestId,
    /// An optional human-readable reason, which the receiver MAY log or show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl CancelledParams {
    /// The `notifications/cancelled` notification carrying these params.
    pub fn to_notification(&self) -> Notification {
        // Serializing a string-keyed struct of a request id and a string cannot fail.
        Notification::new(CANCELLED_METHOD, self).expect("cancellation params always serialize")
    }
}

/// How the transport in use signals that a request was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CancelSignal {
    /// Send `notifications/cancelled` (stdio in every revision; legacy Streamable HTTP and
    /// HTTP+SSE, where a disconnect is not a cancel: 2025-11-25 `basic/transports.mdx`).
    #[default]
    Notification,
    /// Close the request's response stream; no notification is sent (2026-07-28
    /// `basic/transports/streamable-http.mdx` "Cancellation").
    CloseStream,
}

/// A JSON-RPC response of either kind (JSON-RPC 2.0 §5).
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// A successful response (`result`).
    Result(ResultResponse),
    /// An error response (`error`).
    Error(ErrorResponse),
}

impl Response {
    /// The id the response answers; `None` only for an error response whose request id could
    /// not be read (JSON-RPC 2.0 §5: `id` is null after a parse error).
    pub fn id(&self) -> Option<&RequestId> {
        match self {
            Response::Result(r) => Some(&r.id),
            Response::Error(e) => e.id.as_ref(),
        }
    }

    /// The response as a [`Message`] to encode.
    pub fn into_message(self) -> Message {
        match self {
            Response::Result(r) => Message::Response(r),
            Response::Error(e) => Message::Error(e),
        }
    }
}

impl From<ResultResponse> for Response {
    fn from(r: ResultResponse) -> Self {
        Response::Result(r)
    }
}

impl From<ErrorResponse> for Response {
    fn from(e: ErrorResponse) -> Self {
        Response::Error(e)
    }
}

impl From<Response> for Message {
    fn from(r: Response) -> Self {
        r.into_message()
    }
}

impl TryFrom<Message> for Response {
    type Error = Message;

    /// Takes the response out of a message; requests and notifications are given back.
    fn try_from(m: Message) -> Result<Self, Message> {
        match m {
            Message::Response(r) => Ok(Response::Result(r)),
            Message::Error(e) => Ok(Response::Error(e)),
            other => Err(other),
        }
    }
}

/// A response matched to the pending request it answers (JSON-RPC 2.0 §5).
#[derive(Debug, Clone, PartialEq)]
pub struct Completed<T> {
    /// The request id.
    pub id: RequestId,
    /// The method of the request.
    pub method: String,
    /// The caller's context given to [`PendingRequests::start_request`].
    pub context: T,
    /// The response.
    pub response: Response,
}

/// Why a response matched no pending request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnmatchedReason {
    /// An error response with a null id (JSON-RPC 2.0 §5: the request id could not be read);
    /// it cannot be matched to any request.
    NoId,
    /// A second response for a request that was already answered.
    Duplicate,
    /// A response that arrived after we cancelled the request; the sender SHOULD ignore it
    /// (`basic/utilities/cancellation.mdx` "Behavior Requirements" 5).
    Cancelled,
    /// A response that arrived after the request timed out (and was cancelled;
    /// 2025-11-25 `basic/lifecycle.mdx` "Timeouts").
    TimedOut,
    /// An id that this side never issued, or one retired so long ago that it is forgotten.
    Unknown,
}

impl fmt::Display for UnmatchedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnmatchedReason::NoId => "response without an id",
            UnmatchedReason::Duplicate => "duplicate response",
            UnmatchedReason::Cancelled => "response to a cancelled request",
            UnmatchedReason::TimedOut => "response to a timed-out request",
            UnmatchedReason::Unknown => "response to an unknown request id",
        })
    }
}

/// A response that matched no pending request; reported to the caller, never a panic.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{reason}: {}", response.id().map_or_else(|| "null".to_owned(), ToString::to_string))]
pub struct Unmatched {
    /// Why it did not match.
    pub reason: UnmatchedReason,
    /// The response as received.
    pub response: Response,
}

/// What ended a pending request without a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelCause {
    /// The caller cancelled it ([`PendingRequests::cancel`]).
    Requested,
    /// Its deadline passed ([`PendingRequests::poll_timeouts`]); the sender SHOULD then cancel
    /// it and stop waiting (2025-11-25 `basic/lifecycle.mdx` "Timeouts").
    TimedOut {
        /// The deadline that passed.
        deadline: Instant,
    },
}

/// A pending request that was cancelled or timed out and removed from the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Cancelled<T> {
    /// The request id.
    pub id: RequestId,
    /// The method of the request.
    pub method: String,
    /// The caller's context.
    pub context: T,
    /// Why it ended.
    pub cause: CancelCause,
    /// The `notifications/cancelled` params that announce the cancellation.
    pub params: CancelledParams,
    /// Whether the notification must be sent: true when the transport signals cancellation
    /// with a notification ([`CancelSignal::Notification`]) and the request is not
    /// `initialize` (which MUST NOT be cancelled); false when closing the stream is the
    /// cancellation ([`CancelSignal::CloseStream`]).
    pub send_notification: bool,
}

impl<T> Cancelled<T> {
    /// The notification to send, when [`Cancelled::send_notification`] says one is needed.
    pub fn notification(&self) -> Option<Notification> {
        self.send_notification.then(|| self.params.to_notification())
    }
}

/// Why [`PendingRequests::cancel`] refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CancelError {
    /// No pending request has this id (never sent, already answered, cancelled or timed out);
    /// a cancellation MUST only reference a request that is still in progress
    /// (`basic/utilities/cancellation.mdx` "Behavior Requirements" 1).
    #[error("no pending request has this id")]
    NotPending,
    /// The request is `initialize`, which a client MUST NOT cancel
    /// (`basic/utilities/cancellation.mdx` "Behavior Requirements" 2). It stays pending.
    #[error("the initialize request must not be cancelled")]
    NotCancellable,
}

/// One request we sent that awaits a response.
#[derive(Debug, Clone)]
struct Pending<T> {
    method: String,
    deadline: Option<Instant>,
    context: T,
}

/// Requests this side sent and awaits responses to (the requester half of correlation).
///
/// Ids are integers allocated in increasing order from a starting value (1 by default); an id
/// is never reused while its request is pending (2026-07-28 `basic/index.mdx`: ids are unique
/// among the sender's in-flight requests). Should the `i64` range ever be exhausted, allocation
/// wraps to the starting value and skips pending ids. Each entry carries the caller's context
/// `T` (a oneshot sender, a typed decoder, a test tag ...), the method and an optional
/// deadline.
#[derive(Debug, Clone)]
pub struct PendingRequests<T> {
    signal: CancelSignal,
    first_id: i64,
    next_id: i64,
    wrapped: bool,
    pending: HashMap<i64, Pending<T>>,
    deadlines: BTreeSet<(Instant, i64)>,
    retired: HashMap<i64, UnmatchedReason>,
    retired_order: VecDeque<i64>,
    retired_capacity: usize,
}

impl<T> Default for PendingRequests<T> {
    fn default() -> Self {
        PendingRequests::new(CancelSignal::default())
    }
}

impl<T> PendingRequests<T> {
    /// An empty table whose transport signals cancellation as `signal`; ids start at 1.
    pub fn new(signal: CancelSignal) -> Self {
        PendingRequests::with_first_id(signal, 1)
    }

    /// An empty table whose first allocated id is `first_id` (tests, or to keep ids of a
    /// restarted connection apart).
    pub fn with_first_id(signal: CancelSignal, first_id: i64) -> Self {
        PendingRequests {
            signal,
            first_id,
            next_id: first_id,
            wrapped: false,
            pending: HashMap::new(),
            deadlines: BTreeSet::new(),
            retired: HashMap::new(),
            retired_order: VecDeque::new(),
            retired_capacity: DEFAULT_RETIRED_CAPACITY,
        }
    }

    /// Sets how many retired ids are remembered to classify late and duplicate responses
    /// (default [`DEFAULT_RETIRED_CAPACITY`]); older ones are reported as
    /// [`UnmatchedReason::Unknown`].
    pub fn with_retired_capacity(mut self, capacity: usize) -> Self {
        self.retired_capacity = capacity;
        self.trim_retired();
        self
    }

    /// The cancellation signal of the transport.
    pub fn cancel_signal(&self) -> CancelSignal {
        self.signal
    }

    /// Changes the cancellation signal (e.g. once the era of an HTTP connection is known).
    pub fn set_cancel_signal(&mut self, signal: CancelSignal) {
        self.signal = signal;
    }

    /// The number of pending requests.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether no request is pending.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Whether `id` names a pending request.
    pub fn contains(&self, id: &RequestId) -> bool {
        id.as_number().is_some_and(|n| self.pending.contains_key(&n))
    }

    /// The method of the pending request `id`.
    pub fn method(&self, id: &RequestId) -> Option<&str> {
        self.entry(id).map(|p| p.method.as_str())
    }

    /// The caller's context of the pending request `id`.
    pub fn context(&self, id: &RequestId) -> Option<&T> {
        self.entry(id).map(|p| &p.context)
    }

    /// Mutable access to the caller's context of the pending request `id`.
    pub fn context_mut(&mut self, id: &RequestId) -> Option<&mut T> {
        id.as_number().and_then(|n| self.pending.get_mut(&n)).map(|p| &mut p.context)
    }

    fn entry(&self, id: &RequestId) -> Option<&Pending<T>> {
        id.as_number().and_then(|n| self.pending.get(&n))
    }

    fn allocate(&mut self) -> i64 {
        loop {
            let id = self.next_id;
            self.next_id = match self.next_id.checked_add(1) {
                Some(next) => next,
                None => {
                    self.wrapped = true;
                    self.first_id
                }
            };
            if !self.pending.contains_key(&id) {
                return id;
            }
        }
    }

    /// Allocates the next id, records the request as pending with `context` and an optional
    /// `deadline`, and returns the [`Request`] to send.
    ///
    /// `params` is the raw JSON params object (or `None`); use [`crate::message::to_raw`] to
    /// build it. The deadline is an absolute instant on the caller's clock; after it
    /// [`PendingRequests::poll_timeouts`] reports the request (2025-11-25 `basic/lifecycle.mdx`
    /// "Timeouts": implementations SHOULD set timeouts for all sent requests).
    pub fn start_request(
        &mut self,
        method: impl Into<String>,
        params: Option<Box<serde_json::value::RawValue>>,
        deadline: Option<Instant>,
        context: T,
    ) -> Request {
        let n = self.allocate();
        let method = method.into();
        if let Some(at) = deadline {
            self.deadlines.insert((at, n));
        }
        self.retired.remove(&n);
        self.pending.insert(n, Pending { method: method.clone(), deadline, context });
        Request { id: RequestId::Number(n), method, params }
    }

    /// Moves the deadline of the pending request `id` (`None` removes it); returns false when
    /// `id` is not pending. Receivers MAY reset the timeout clock on a progress notification
    /// for the request (2025-11-25 `basic/lifecycle.mdx` "Timeouts"), and SHOULD still
    /// enforce a maximum.
    pub fn set_deadline(&mut self, id: &RequestId, deadline: Option<Instant>) -> bool {
        let Some(n) = id.as_number() else { return false };
        let Some(entry) = self.pending.get_mut(&n) else { return false };
        if let Some(old) = entry.deadline.take() {
            self.deadlines.remove(&(old, n));
        }
        if let Some(at) = deadline {
            self.deadlines.insert((at, n));
        }
        entry.deadline = deadline;
        true
    }

    fn remove(&mut self, n: i64, why: UnmatchedReason) -> Option<Pending<T>> {
        let entry = self.pending.remove(&n)?;
        if let Some(at) = entry.deadline {
            self.deadlines.remove(&(at, n));
        }
        if self.retired_capacity > 0 {
            self.retired.insert(n, why);
            self.retired_order.push_back(n);
            self.trim_retired();
        }
        Some(entry)
    }

    fn trim_retired(&mut self) {
        while self.retired_order.len() > self.retired_capacity {
            if let Some(old) = self.retired_order.pop_front() {
                self.retired.remove(&old);
            }
        }
    }

    fn was_issued(&self, n: i64) -> bool {
        n >= self.first_id && (self.wrapped || n < self.next_id)
    }

    /// Matches a received response to the pending request with its id and removes the entry
    /// (JSON-RPC 2.0 §5: the response carries the id of the request it answers).
    ///
    /// # Errors
    /// [`Unmatched`] when no request is pending under that id: a null id
    /// ([`UnmatchedReason::NoId`]), a second response ([`UnmatchedReason::Duplicate`]), a late
    /// response after [`PendingRequests::cancel`] or a timeout ([`UnmatchedReason::Cancelled`],
    /// [`UnmatchedReason::TimedOut`]; these SHOULD be ignored), or an id never issued
    /// ([`UnmatchedReason::Unknown`]; string ids are never issued here).
    // The error hands the response back to the caller (to log or drop); it is not a hot path.
    #[allow(clippy::result_large_err)]
    pub fn handle_response(&mut self, response: impl Into<Response>) -> Result<Completed<T>, Unmatched> {
        let response = response.into();
        let Some(id) = response.id() else {
            return Err(Unmatched { reason: UnmatchedReason::NoId, response });
        };
        let Some(n) = id.as_number() else {
            return Err(Unmatched { reason: UnmatchedReason::Unknown, response });
        };
        match self.remove(n, UnmatchedReason::Duplicate) {
            Some(entry) => Ok(Completed {
                id: RequestId::Number(n),
                method: entry.method,
                context: entry.context,
                response,
            }),
            None => {
                let reason = match self.retired.get(&n) {
                    Some(&why) if self.was_issued(n) => why,
                    _ => UnmatchedReason::Unknown,
                };
                Err(Unmatched { reason, response })
            }
        }
    }

    fn cancelled(
        &self,
        n: i64,
        entry: Pending<T>,
        cause: CancelCause,
        reason: Option<String>,
    ) -> Cancelled<T> {
        let id = RequestId::Number(n);
        let send_notification =
            self.signal == CancelSignal::Notification && entry.method != INITIALIZE_METHOD;
        Cancelled {
            params: CancelledParams { request_id: id.clone(), reason },
            id,
            method: entry.method,
            context: entry.context,
            cause,
            send_notification,
        }
    }

    /// Cancels the pending request `id`: removes it and returns what to tell the peer, the
    /// `notifications/cancelled` params `{requestId, reason}` and whether the transport needs
    /// the notification (`basic/utilities/cancellation.mdx`; on 2026-07-28 Streamable HTTP
    /// closing the stream is the cancellation). A response that arrives later is reported as
    /// [`UnmatchedReason::Cancelled`], to be ignored.
    ///
    /// # Errors
    /// [`CancelError::NotPending`] when `id` is not pending; [`CancelError::NotCancellable`]
    /// for `initialize`, which stays pending.
    pub fn cancel(&mut self, id: &RequestId, reason: Option<String>) -> Result<Cancelled<T>, CancelError> {
        let n = id.as_number().filter(|n| self.pending.contains_key(n)).ok_or(CancelError::NotPending)?;
        if self.pending.get(&n).is_some_and(|p| p.method == INITIALIZE_METHOD) {
            return Err(CancelError::NotCancellable);
        }
        let entry = self.remove(n, UnmatchedReason::Cancelled).ok_or(CancelError::NotPending)?;
        Ok(self.cancelled(n, entry, CancelCause::Requested, reason))
    }

    /// The earliest deadline of any pending request: the instant an async shell should sleep
    /// until before calling [`PendingRequests::poll_timeouts`].
    pub fn next_deadline(&self) -> Option<Instant> {
        self.deadlines.first().map(|&(at, _)| at)
    }

    /// Removes every pending request whose deadline is at or before `now` and returns them,
    /// earliest deadline first, as cancellations with [`CancelCause::TimedOut`]: the sender
    /// SHOULD issue a cancellation notification and stop waiting (2025-11-25
    /// `basic/lifecycle.mdx` "Timeouts"). A timed-out `initialize` is removed too, but without
    /// a notification.
    pub fn poll_timeouts(&mut self, now: Instant) -> Vec<Cancelled<T>> {
        let mut expired = Vec::new();
        while let Some(&(at, n)) = self.deadlines.first() {
            if at > now {
                break;
            }
            if let Some(entry) = self.remove(n, UnmatchedReason::TimedOut) {
                let reason = Some(format!("request timed out ({})", entry.method));
                expired.push(self.cancelled(n, entry, CancelCause::TimedOut { deadline: at }, reason));
            }
        }
        expired
    }

    /// Removes every pending request and returns `(id, method, context)` for each, in id order:
    /// for when the connection is closed and no response can arrive any more.
    pub fn drain(&mut self) -> Vec<(RequestId, String, T)> {
        let mut ids: Vec<i64> = self.pending.keys().copied().collect();
        ids.sort_unstable();
        ids.into_iter()
            .filter_map(|n| {
                self.remove(n, UnmatchedReason::Cancelled)
                    .map(|p| (RequestId::Number(n), p.method, p.context))
            })
            .collect()
    }

    /// Removes the pending request `id` because the peer ended it: in 2026-07-28 a server ends
    /// a `subscriptions/listen` on stdio with `notifications/cancelled` referencing the listen
    /// id (`basic/patterns/subscriptions.mdx`). Only listen requests are ended this way.
    fn end_listen(&mut self, id: &RequestId) -> Option<(RequestId, String, T)> {
        let n = id.as_number()?;
        if self.pending.get(&n)?.method != LISTEN_METHOD {
            return None;
        }
        self.remove(n, UnmatchedReason::Cancelled).map(|p| (RequestId::Number(n), p.method, p.context))
    }
}

/// A request from the peer that we are handling.
#[derive(Debug, Clone)]
struct InFlight {
    method: String,
    /// `Some(reason)` once cancelled.
    cancelled: Option<Option<String>>,
}

/// A peer request was rejected because its id is already in flight.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("request id {} is already in flight", request.id)]
pub struct DuplicateRequestId {
    /// The rejected request; the one already in flight keeps the id.
    pub request: Request,
}

/// The peer cancelled one of its requests that we are handling: stop work on it. Nothing more
/// may be sent for it (`basic/utilities/cancellation.mdx` "Behavior Requirements" 3; 2026-07-28
/// `basic/transports/stdio.mdx`: after the cancel the server MUST NOT send anything more for
/// that request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingCancelled {
    /// The id of the cancelled request.
    pub id: RequestId,
    /// Its method.
    pub method: String,
    /// The reason the peer gave, if any.
    pub reason: Option<String>,
}

/// Why a cancellation of an incoming request was ignored; a receiver MAY ignore one whose
/// request is unknown, already finished or not cancellable (`basic/utilities/cancellation.mdx`
/// "Behavior Requirements" 4).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CancelIgnored {
    /// The notification's params are not `{requestId, reason?}`.
    #[error("invalid notifications/cancelled params: {0}")]
    InvalidParams(String),
    /// No request with this id is in flight (unknown, or already answered).
    #[error("no request {0} is in flight")]
    Unknown(RequestId),
    /// The request was already cancelled.
    #[error("request {0} is already cancelled")]
    AlreadyCancelled(RequestId),
    /// The request is `initialize`, which MUST NOT be cancelled.
    #[error("the initialize request cannot be cancelled")]
    NotCancellable(RequestId),
}

/// Why a response to an incoming request was not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressReason {
    /// The peer cancelled the request; the receiver SHOULD NOT send a response for it
    /// (`basic/utilities/cancellation.mdx` "Behavior Requirements" 3).
    Cancelled,
    /// No request with this id is in flight: never received, or already answered (one
    /// request, one response: JSON-RPC 2.0 §5).
    NotInFlight,
}

/// A response that must not be sent, with the reason; the entry is no longer tracked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("response suppressed: {reason:?}")]
pub struct Suppressed {
    /// Why.
    pub reason: SuppressReason,
    /// The response that was held back.
    pub response: Response,
}

/// Requests the peer sent and we are handling (the responder half of correlation).
///
/// Keyed by the peer's id, which may be a string or an integer; an id is reusable once its
/// response has been sent ([`IncomingRequests::respond`]) or the entry dropped
/// ([`IncomingRequests::finish`]).
#[derive(Debug, Clone, Default)]
pub struct IncomingRequests {
    in_flight: HashMap<RequestId, InFlight>,
}

impl IncomingRequests {
    /// An empty table.
    pub fn new() -> Self {
        IncomingRequests::default()
    }

    /// The number of requests in flight (including cancelled ones not yet finished).
    pub fn len(&self) -> usize {
        self.in_flight.len()
    }

    /// Whether no request is in flight.
    pub fn is_empty(&self) -> bool {
        self.in_flight.is_empty()
    }

    /// The method of the in-flight request `id`.
    pub fn method(&self, id: &RequestId) -> Option<&str> {
        self.in_flight.get(id).map(|r| r.method.as_str())
    }

    /// Records a received request as in flight.
    ///
    /// # Errors
    /// [`DuplicateRequestId`] when a request with the same id is still in flight: request ids
    /// MUST be unique among the sender's in-flight requests (2026-07-28 `basic/index.mdx`
    /// "Requests"). The first request keeps the id; the duplicate is not tracked (answering it
    /// would be indistinguishable from answering the first).
    pub fn receive(&mut self, request: Request) -> Result<Request, DuplicateRequestId> {
        if self.in_flight.contains_key(&request.id) {
            return Err(DuplicateRequestId { request });
        }
        self.in_flight
            .insert(request.id.clone(), InFlight { method: request.method.clone(), cancelled: None });
        Ok(request)
    }

    /// Marks the in-flight request `id` cancelled: from now on [`IncomingRequests::may_send`]
    /// is false and [`IncomingRequests::respond`] suppresses its response. Call this directly
    /// when the transport signals the cancel (the client closed the 2026-07-28 Streamable HTTP
    /// response stream), or through [`IncomingRequests::receive_cancelled`].
    ///
    /// # Errors
    /// [`CancelIgnored`] when the request is unknown, already cancelled, or `initialize`.
    pub fn cancel(
        &mut self,
        id: &RequestId,
        reason: Option<String>,
    ) -> Result<IncomingCancelled, CancelIgnored> {
        let entry = self.in_flight.get_mut(id).ok_or_else(|| CancelIgnored::Unknown(id.clone()))?;
        if entry.method == INITIALIZE_METHOD {
            return Err(CancelIgnored::NotCancellable(id.clone()));
        }
        if entry.cancelled.is_some() {
            return Err(CancelIgnored::AlreadyCancelled(id.clone()));
        }
        entry.cancelled = Some(reason.clone());
        Ok(IncomingCancelled { id: id.clone(), method: entry.method.clone(), reason })
    }

    /// Handles a received `notifications/cancelled` notification (its `method` is not checked):
    /// reads `{requestId, reason?}` and cancels that in-flight request.
    ///
    /// # Errors
    /// [`CancelIgnored::InvalidParams`] for params of the wrong shape, otherwise as
    /// [`IncomingRequests::cancel`].
    pub fn receive_cancelled(
        &mut self,
        notification: &Notification,
    ) -> Result<IncomingCancelled, CancelIgnored> {
        let params: CancelledParams =
            notification.params_as().map_err(|e| CancelIgnored::InvalidParams(e.to_string()))?;
        self.cancel(&params.request_id, params.reason)
    }

    /// Whether the in-flight request `id` has been cancelled.
    pub fn is_cancelled(&self, id: &RequestId) -> bool {
        self.in_flight.get(id).is_some_and(|r| r.cancelled.is_some())
    }

    /// Whether messages about `id` (progress, logging related to it, its response) may still
    /// be sent: it is in flight and not cancelled.
    pub fn may_send(&self, id: &RequestId) -> bool {
        self.in_flight.get(id).is_some_and(|r| r.cancelled.is_none())
    }

    /// Passes a response to an incoming request through the table: returns it to send when its
    /// request is in flight and not cancelled, and stops tracking the request either way.
    /// An error response with a null id (answering a message that could not be decoded) does
    /// not correlate and is always returned.
    ///
    /// # Errors
    /// [`Suppressed`] with [`SuppressReason::Cancelled`] after a cancellation (nothing more is
    /// sent for a cancelled request), or [`SuppressReason::NotInFlight`] for an id that was
    /// never received or is already answered.
    // The error hands the response back to the caller (to log or drop); it is not a hot path.
    #[allow(clippy::result_large_err)]
    pub fn respond(&mut self, response: impl Into<Response>) -> Result<Response, Suppressed> {
        let response = response.into();
        let Some(id) = response.id() else { return Ok(response) };
        match self.in_flight.remove(id) {
            Some(InFlight { cancelled: None, .. }) => Ok(response),
            Some(InFlight { cancelled: Some(_), .. }) => {
                Err(Suppressed { reason: SuppressReason::Cancelled, response })
            }
            None => Err(Suppressed { reason: SuppressReason::NotInFlight, response }),
        }
    }

    /// Stops tracking `id` without a response (the handler of a cancelled request ended);
    /// returns whether it was in flight.
    pub fn finish(&mut self, id: &RequestId) -> bool {
        self.in_flight.remove(id).is_some()
    }
}

/// What a received message means, from [`Correlator::handle`].
#[derive(Debug, Clone, PartialEq)]
pub enum Event<T> {
    /// A new request from the peer, now in flight: handle it and answer through
    /// [`IncomingRequests::respond`].
    Request(Request),
    /// A request whose id is already in flight; it was not recorded.
    DuplicateRequest(DuplicateRequestId),
    /// The peer cancelled one of its in-flight requests: stop working on it.
    IncomingCancelled(IncomingCancelled),
    /// A `notifications/cancelled` that was ignored.
    CancelIgnored(CancelIgnored),
    /// The peer ended our `subscriptions/listen` with `notifications/cancelled` (2026-07-28
    /// `basic/patterns/subscriptions.mdx`); the entry is removed.
    ListenEnded {
        /// The listen request's id.
        id: RequestId,
        /// The caller's context.
        context: T,
        /// The reason the peer gave, if any.
        reason: Option<String>,
    },
    /// Any other notification.
    Notification(Notification),
    /// A response matched to a pending request.
    Completed(Completed<T>),
    /// A response that matched no pending request.
    Unmatched(Unmatched),
}

/// Both correlation tables of one connection and the routing between them.
///
/// Every MCP peer can both send and receive requests in the legacy revisions; in 2026-07-28 a
/// client only sends and a server only receives, and the unused table simply stays empty.
#[derive(Debug, Clone, Default)]
pub struct Correlator<T> {
    /// Requests we sent.
    pub outgoing: PendingRequests<T>,
    /// Requests the peer sent.
    pub incoming: IncomingRequests,
}

impl<T> Correlator<T> {
    /// Empty tables for a transport whose cancellation is signalled as `signal`.
    pub fn new(signal: CancelSignal) -> Self {
        Correlator { outgoing: PendingRequests::new(signal), incoming: IncomingRequests::new() }
    }

    /// Routes one received message:
    /// - a request is recorded as in flight ([`Event::Request`]) or refused as a duplicate;
    /// - `notifications/cancelled` cancels the peer's in-flight request it names (cancellation
    ///   references a request issued in the same direction: `basic/utilities/cancellation.mdx`
    ///   "Behavior Requirements" 1), or, when no such request is in flight, ends our pending
    ///   `subscriptions/listen` with that id ([`Event::ListenEnded`]);
    /// - any other notification is passed on;
    /// - a response is matched to our pending request ([`Event::Completed`] or
    ///   [`Event::Unmatched`]).
    pub fn handle(&mut self, message: Message) -> Event<T> {
        match message {
            Message::Request(r) => match self.incoming.receive(r) {
                Ok(r) => Event::Request(r),
                Err(d) => Event::DuplicateRequest(d),
            },
            Message::Notification(n) if n.method == CANCELLED_METHOD => {
                match self.incoming.receive_cancelled(&n) {
                    Ok(c) => Event::IncomingCancelled(c),
                    Err(CancelIgnored::Unknown(id)) => match self.outgoing.end_listen(&id) {
                        Some((id, _, context)) => {
                            let reason = n.params_as::<CancelledParams>().ok().and_then(|p| p.reason);
                            Event::ListenEnded { id, context, reason }
                        }
                        None => Event::CancelIgnored(CancelIgnored::Unknown(id)),
                    },
                    Err(e) => Event::CancelIgnored(e),
                }
            }
            Message::Notification(n) => Event::Notification(n),
            Message::Response(r) => self.response(r.into()),
            Message::Error(e) => self.response(e.into()),
        }
    }

    fn response(&mut self, response: Response) -> Event<T> {
        match self.outgoing.handle_response(response) {
            Ok(c) => Event::Completed(c),
            Err(u) => Event::Unmatched(u),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::error::ErrorObject;
    use serde_json::json;

    fn result(id: impl Into<RequestId>) -> ResultResponse {
        ResultResponse::new(id.into(), &json!({})).unwrap()
    }

    #[test]
    fn ids_increase_and_are_integers() {
        let mut p = PendingRequests::<u8>::default();
        let a = p.start_request("tools/list", None, None, 0);
        let b = p.start_request("tools/call", None, None, 1);
        assert_eq!(a.id, RequestId::Number(1));
        assert_eq!(b.id, RequestId::Number(2));
        assert_eq!(p.len(), 2);
        p.handle_response(result(1)).unwrap();
        let c = p.start_request("ping", None, None, 2);
        assert_eq!(c.id, RequestId::Number(3), "ids keep increasing after a response");
    }

    #[test]
    fn wrap_around_skips_pending_ids() {
        let mut p = PendingRequests::<()>::with_first_id(CancelSignal::Notification, i64::MAX - 1);
        let a = p.start_request("a", None, None, ());
        let b = p.start_request("b", None, None, ());
        assert_eq!((a.id.as_number(), b.id.as_number()), (Some(i64::MAX - 1), Some(i64::MAX)));
        p.handle_response(result(i64::MAX)).unwrap();
        // i64::MAX - 1 is still pending, so the wrapped allocator skips it.
        let c = p.start_request("c", None, None, ());
        assert_eq!(c.id, RequestId::Number(i64::MAX));
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn response_matches_context_and_method() {
        let mut p = PendingRequests::default();
        let r = p.start_request("tools/call", None, None, "ctx-a");
        p.start_request("tools/list", None, None, "ctx-b");
        let err = ErrorResponse::new(Some(r.id.clone()), ErrorObject::invalid_params("bad"));
        let done = p.handle_response(err.clone()).unwrap();
        assert_eq!(done.context, "ctx-a");
        assert_eq!(done.method, "tools/call");
        assert_eq!(done.response, Response::Error(err));
        assert!(!p.contains(&r.id));
        assert_eq!(p.context(&RequestId::Number(2)), Some(&"ctx-b"));
    }

    #[test]
    fn unmatched_responses_are_reported() {
        let mut p = PendingRequests::<()>::default();
        p.start_request("a", None, None, ());
        p.handle_response(result(1)).unwrap();
        let dup = p.handle_response(result(1)).unwrap_err();
        assert_eq!(dup.reason, UnmatchedReason::Duplicate);
        assert_eq!(p.handle_response(result(99)).unwrap_err().reason, UnmatchedReason::Unknown);
        assert_eq!(p.handle_response(result("1")).unwrap_err().reason, UnmatchedReason::Unknown);
        let null = ErrorResponse::new(None, ErrorObject::parse_error("x"));
        assert_eq!(p.handle_response(null).unwrap_err().reason, UnmatchedReason::NoId);
        assert!(dup.to_string().contains("duplicate"));
    }

    #[test]
    fn retired_ids_are_forgotten_beyond_capacity() {
        let mut p = PendingRequests::<()>::default().with_retired_capacity(2);
        for _ in 0..3 {
            let r = p.start_request("a", None, None, ());
            p.handle_response(result(r.id)).unwrap();
        }
        assert_eq!(p.handle_response(result(1)).unwrap_err().reason, UnmatchedReason::Unknown);
        assert_eq!(p.handle_response(result(2)).unwrap_err().reason, UnmatchedReason::Duplicate);
        assert_eq!(p.handle_response(result(3)).unwrap_err().reason, UnmatchedReason::Duplicate);
    }

    #[test]
    fn timeouts_expire_in_deadline_order() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut p = PendingRequests::default();
        p.start_request("slow", None, Some(t0 + 3 * s), 'a');
        p.start_request("fast", None, Some(t0 + s), 'b');
        p.start_request("none", None, None, 'c');
        p.start_request("mid", None, Some(t0 + 2 * s), 'd');
        assert_eq!(p.next_deadline(), Some(t0 + s));
        assert!(p.poll_timeouts(t0).is_empty());
        let expired = p.poll_timeouts(t0 + 2 * s);
        let got: Vec<char> = expired.iter().map(|c| c.context).collect();
        assert_eq!(got, ['b', 'd']);
        assert_eq!(expired[0].cause, CancelCause::TimedOut { deadline: t0 + s });
        assert!(expired[0].send_notification);
        let n = expired[0].notification().unwrap();
        assert_eq!(n.method, CANCELLED_METHOD);
        let v: serde_json::Value = n.params_as().unwrap();
        assert_eq!(v["requestId"], json!(2));
        assert_eq!(p.next_deadline(), Some(t0 + 3 * s));
        assert_eq!(p.handle_response(result(2)).unwrap_err().reason, UnmatchedReason::TimedOut);
        assert_eq!(p.poll_timeouts(t0 + 10 * s).len(), 1);
        assert_eq!(p.next_deadline(), None);
        assert_eq!(p.len(), 1, "the request without a deadline stays");
    }

    #[test]
    fn set_deadline_moves_the_timer() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut p = PendingRequests::default();
        let r = p.start_request("tools/call", None, Some(t0 + s), ());
        assert!(p.set_deadline(&r.id, Some(t0 + 5 * s)));
        assert!(p.poll_timeouts(t0 + 2 * s).is_empty());
        assert_eq!(p.next_deadline(), Some(t0 + 5 * s));
        assert!(p.set_deadline(&r.id, None));
        assert_eq!(p.next_deadline(), None);
        assert!(p.poll_timeouts(t0 + 100 * s).is_empty());
        assert!(!p.set_deadline(&RequestId::Number(42), Some(t0)));
    }

    #[test]
    fn cancel_yields_params_and_transport_flag() {
        let mut p = PendingRequests::new(CancelSignal::Notification);
        let r = p.start_request("tools/call", None, None, 7u32);
        let c = p.cancel(&r.id, Some("user".into())).unwrap();
        assert_eq!(c.context, 7);
        assert_eq!(c.cause, CancelCause::Requested);
        assert_eq!(c.params, CancelledParams { request_id: r.id.clone(), reason: Some("user".into()) });
        let text = String::from_utf8(Message::from(c.notification().unwrap()).to_vec()).unwrap();
        assert_eq!(
            text,
            r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"reason":"user"}}"#
        );
        assert_eq!(p.cancel(&r.id, None).unwrap_err(), CancelError::NotPending);
        assert_eq!(p.handle_response(result(1)).unwrap_err().reason, UnmatchedReason::Cancelled);

        let mut http = PendingRequests::new(CancelSignal::CloseStream);
        let r = http.start_request("tools/call", None, None, 0u32);
        let c = http.cancel(&r.id, None).unwrap();
        assert!(!c.send_notification);
        assert!(c.notification().is_none());
    }

    #[test]
    fn initialize_is_never_cancelled() {
        let t0 = Instant::now();
        let mut p = PendingRequests::default();
        let r = p.start_request(INITIALIZE_METHOD, None, Some(t0), ());
        assert_eq!(p.cancel(&r.id, None).unwrap_err(), CancelError::NotCancellable);
        assert!(p.contains(&r.id));
        let expired = p.poll_timeouts(t0);
        assert_eq!(expired.len(), 1);
        assert!(!expired[0].send_notification, "a timed-out initialize is not cancelled on the wire");
    }

    #[test]
    fn drain_empties_the_table() {
        let t0 = Instant::now();
        let mut p = PendingRequests::default();
        p.start_request("a", None, Some(t0), 1);
        p.start_request("b", None, None, 2);
        let drained = p.drain();
        assert_eq!(drained.iter().map(|d| d.2).collect::<Vec<_>>(), [1, 2]);
        assert!(p.is_empty());
        assert_eq!(p.next_deadline(), None);
    }

    #[test]
    fn incoming_duplicates_are_rejected_until_answered() {
        let mut i = IncomingRequests::new();
        let req = Request::without_params(5, "tools/call");
        assert!(i.receive(req.clone()).is_ok());
        let dup = i.receive(Request::without_params(5, "ping")).unwrap_err();
        assert_eq!(dup.request.method, "ping");
        assert_eq!(i.method(&5.into()), Some("tools/call"));
        // A string id "5" is a different id.
        assert!(i.receive(Request::without_params("5", "ping")).is_ok());
        assert!(i.respond(result(5)).is_ok());
        assert!(i.receive(req).is_ok(), "an id is reusable once answered");
    }

    #[test]
    fn cancelled_incoming_request_suppresses_everything() {
        let mut i = IncomingRequests::new();
        i.receive(Request::without_params("r1", "tools/call")).unwrap();
        assert!(i.may_send(&"r1".into()));
        let n = CancelledParams { request_id: "r1".into(), reason: Some("bye".into()) }.to_notification();
        let c = i.receive_cancelled(&n).unwrap();
        assert_eq!(
            c,
            IncomingCancelled { id: "r1".into(), method: "tools/call".into(), reason: Some("bye".into()) }
        );
        assert!(i.is_cancelled(&"r1".into()));
        assert!(!i.may_send(&"r1".into()));
        assert_eq!(i.receive_cancelled(&n).unwrap_err(), CancelIgnored::AlreadyCancelled("r1".into()));
        let s = i.respond(result("r1")).unwrap_err();
        assert_eq!(s.reason, SuppressReason::Cancelled);
        assert!(i.is_empty());
        assert_eq!(i.respond(result("r1")).unwrap_err().reason, SuppressReason::NotInFlight);
    }

    #[test]
    fn incoming_cancel_edge_cases() {
        let mut i = IncomingRequests::new();
        i.receive(Request::without_params(0, INITIALIZE_METHOD)).unwrap();
        assert_eq!(i.cancel(&0.into(), None).unwrap_err(), CancelIgnored::NotCancellable(0.into()));
        assert_eq!(i.cancel(&9.into(), None).unwrap_err(), CancelIgnored::Unknown(9.into()));
        let bad = Notification::new(CANCELLED_METHOD, &json!({"reason": "no id"})).unwrap();
        assert!(matches!(i.receive_cancelled(&bad), Err(CancelIgnored::InvalidParams(_))));
        let null = ErrorResponse::new(None, ErrorObject::parse_error("x"));
        assert!(i.respond(null).is_ok(), "a null-id error always goes out");
        i.receive(Request::without_params(1, "tools/call")).unwrap();
        i.cancel(&1.into(), None).unwrap();
        assert!(i.finish(&1.into()));
        assert!(!i.finish(&1.into()));
    }

    #[test]
    fn correlator_routes_messages() {
        let mut c = Correlator::<&str>::new(CancelSignal::Notification);
        let ours = c.outgoing.start_request("sampling/createMessage", None, None, "mine");
        // The peer uses the same integer id for its own request: the tables are separate.
        let theirs = Request::without_params(ours.id.clone(), "tools/call");
        assert_eq!(c.handle(theirs.clone().into()), Event::Request(theirs.clone()));
        assert!(matches!(c.handle(theirs.into()), Event::DuplicateRequest(_)));
        assert!(matches!(
            c.handle(Notification::without_params("notifications/progress").into()),
            Event::Notification(_)
        ));
        let cancel = CancelledParams { request_id: ours.id.clone(), reason: None }.to_notification();
        assert!(
            matches!(c.handle(cancel.clone().into()), Event::IncomingCancelled(ref x) if x.method == "tools/call")
        );
        // Our pending request with the same id is not touched by the peer's cancellation.
        assert!(c.outgoing.contains(&ours.id));
        let Event::Completed(done) = c.handle(result(ours.id.clone()).into()) else {
            panic!("not completed")
        };
        assert_eq!(done.context, "mine");
        assert!(
            matches!(c.handle(result(ours.id).into()), Event::Unmatched(ref u) if u.reason == UnmatchedReason::Duplicate)
        );
    }

    #[test]
    fn peer_cancellation_ends_a_listen_only() {
        let mut c = Correlator::<u8>::new(CancelSignal::Notification);
        let listen = c.outgoing.start_request(LISTEN_METHOD, None, None, 1);
        let call = c.outgoing.start_request("tools/call", None, None, 2);
        let end = CancelledParams { request_id: listen.id.clone(), reason: Some("shutdown".into()) };
        assert_eq!(
            c.handle(end.to_notification().into()),
            Event::ListenEnded { id: listen.id, context: 1, reason: Some("shutdown".into()) }
        );
        let bogus = CancelledParams { request_id: call.id.clone(), reason: None };
        assert_eq!(
            c.handle(bogus.to_notification().into()),
            Event::CancelIgnored(CancelIgnored::Unknown(call.id.clone()))
        );
        assert!(c.outgoing.contains(&call.id));
    }

    #[test]
    fn response_conversions() {
        let r = Response::from(result(3));
        assert_eq!(r.id(), Some(&RequestId::Number(3)));
        let m = r.clone().into_message();
        assert_eq!(Response::try_from(m).unwrap(), r);
        let n: Message = Notification::without_params("x").into();
        assert!(Response::try_from(n).is_err());
    }
}
