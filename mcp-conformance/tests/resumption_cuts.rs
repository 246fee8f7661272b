//! Resumption under random stream cuts: our client against our server over legacy Streamable
//! HTTP (2025-11-25 `basic/transports.mdx` "Resumability and Redelivery"), through a TCP
//! proxy that cuts the server-to-client bytes of SSE responses at random points.
//!
//! The server has one tool, `count {n, tag}`, that sends `n` progress notifications
//! (`progress` 1..=n, message `tag:i`) and then its result. Its SSE responses start with a
//! priming event (an id, empty data, `retry: 5`); every event carries an id.
//!
//! The proxy (tokio, 127.0.0.1) forwards each connection, adding `Connection: close` to the
//! request head so that a connection carries exactly one exchange. For a `text/event-stream`
//! response it may (seeded RNG, per-seed budget) pick a cut point: a random byte offset after
//! the end of the response's first event (before it, the client could not name any event to
//! resume from: losing such a stream is allowed by the spec, and is not what this tests).
//! At the cut point it forwards the bytes up to there and closes both sockets, which can land
//! inside an event, inside a line, or inside the HTTP chunk framing.
//!
//! The client must resume each broken stream with GET + `Last-Event-ID` (after the `retry`
//! delay), and the server must replay exactly the events after that id. The tests check
//! that every notification and every result arrives exactly once and in order:
//!
//! - [`every_message_arrives_once_and_in_order_at_the_transport`] drives the HTTP client
//!   transport directly and records every message it delivers, so a duplicated *response*
//!   would be seen too (the client role would drop it silently);
//! - [`the_client_sees_every_progress_once_under_cuts`] runs the full client role
//!   (`Client::connect_http`) and checks progress callbacks and results.
//!
//! Everything is bounded: cut budget, number of calls, and a timeout on every wait.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mcp_client::http::{DetectionCache, HttpClientOptions, HttpEvent, TransportKind};
use mcp_client::{Client, RequestOptions, ToolCallOutcome};
use mcp_jsonrpc::schema::tools::{CallToolRequestParams, CallToolResult};
use mcp_jsonrpc::{Message, Notification, ProtocolVersion, Request, RequestId};
use mcp_server::Server;
use mcp_transport::http::client::HttpClientTransport;
use mcp_transport::http::server::{HostPolicy, HttpServerConfig};
use mcp_transport::{MessageSink, MessageStream, Transport};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The seeds: each gets its own proxy, session and cut pattern.
const SEEDS: [u64; 4] = [0x5EED_0001, 0xC0FF_EE42, 0x0BAD_CAFE, 0x1234_5678_9ABC];
/// Cuts per seed (so at most 200 in a test).
const CUTS_PER_SEED: usize = 50;
/// A cut happens at most this many bytes after the end of a response's first event.
const MAX_CUT_OFFSET: usize = 6000;
/// Probability that an SSE response gets a cut point.
const CUT_PROBABILITY: f64 = 0.85;
/// Rounds of concurrent calls per seed, calls per round, notifications per call.
const ROUNDS: usize = 6;
const CALLS_PER_ROUND: usize = 3;
const NOTIFICATIONS: u32 = 60;
/// The server's `retry` (ms): the client waits this long before resuming.
const RETRY_MS: u64 = 5;
/// Bound on one round (all its calls), and on each whole test.
const ROUND_TIMEOUT: Duration = Duration::from_secs(30);
const TEST_TIMEOUT: Duration = Duration::from_secs(240);
/// After the last result, how long to watch for a late duplicate.
const QUIET_PERIOD: Duration = Duration::from_millis(300);

// ---------------------------------------------------------------------------------------
// A seeded RNG (SplitMix64): small, deterministic, good enough to place cuts.

struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound`.
    fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

// ---------------------------------------------------------------------------------------
// The server.

#[derive(Debug, Deserialize, JsonSchema)]
struct CountArguments {
    /// How many progress notifications to send.
    n: u32,
    /// Names the call in every message.
    tag: String,
}

fn counting_server() -> Server {
    Server::builder("resumption-cuts", "1.0.0")
        .tool::<CountArguments, _, _>(
            "count",
            "Sends n progress notifications, then its result",
            |ctx, args| async move {
                for i in 1..=args.n {
                    ctx.progress(f64::from(i), Some(f64::from(args.n)), Some(&format!("{}:{i}", args.tag)))
                        .await;
                    // Let the stream be written while the tool still runs (live events), and
                    // sometimes race ahead of it (replayed events).
                    if i % 4 == 0 {
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                }
                Ok(CallToolResult::text(format!("counted {} for {}", args.n, args.tag)))
            },
        )
        .build()
        .expect("the server's registrations are valid")
}

/// Serves the counting server on 127.0.0.1 (until the test's runtime ends). Clients reach it
/// through the proxy, so the `Host` they send (`public`, the proxy's address) is the one
/// allowed, as for a server behind a reverse proxy.
async fn serve(public: SocketAddr) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("the bound address");
    let config = HttpServerConfig {
        sse_retry_ms: RETRY_MS,
        hosts: HostPolicy::List(vec![public.to_string()]),
        ..Default::default()
    };
    tokio::spawn(async move { counting_server().serve_http(listener, config, std::future::pending()).await });
    addr
}

// ---------------------------------------------------------------------------------------
// The cutting proxy.

#[derive(Default)]
struct ProxyStats {
    connections: AtomicUsize,
    sse_responses: AtomicUsize,
    cuts: AtomicUsize,
}

struct CutPlan {
    rng: Mutex<SplitMix64>,
    budget: AtomicUsize,
    stats: ProxyStats,
}

impl CutPlan {
    /// For a new SSE response: the cut offset after its first event, if any.
    fn plan(&self) -> Option<usize> {
        let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
        let cut = rng.unit() < CUT_PROBABILITY;
        let offset = rng.below(MAX_CUT_OFFSET);
        (cut && self.budget.load(Ordering::SeqCst) > 0).then_some(offset)
    }

    /// Takes one cut from the budget; false when it is spent.
    fn take(&self) -> bool {
        let taken =
            self.budget.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| b.checked_sub(1)).is_ok();
        if taken {
            self.stats.cuts.fetch_add(1, Ordering::SeqCst);
        }
        taken
    }
}

/// Starts the proxy on `listener` in front of `upstream`.
fn start_proxy(listener: TcpListener, upstream: SocketAddr, plan: Arc<CutPlan>) {
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else { return };
            plan.stats.connections.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(proxy_connection(client, upstream, plan.clone()));
        }
    });
}

/// Reads from `from` until `buf` holds a complete HTTP head (`\r\n\r\n`); returns its length
/// (including the blank line), or `None` at end of stream. Heads are bounded to 64 KiB.
async fn read_head(from: &mut (impl AsyncReadExt + Unpin), buf: &mut Vec<u8>) -> Option<usize> {
    loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            return Some(at + 4);
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let mut chunk = [0u8; 8192];
        match from.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

async fn proxy_connection(client: TcpStream, upstream: SocketAddr, plan: Arc<CutPlan>) {
    let Ok(server) = TcpStream::connect(upstream).await else { return };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();

    // Client to server: the request head gets `Connection: close` (one exchange per
    // connection), the rest is copied as is.
    let upstream_copy = async move {
        let mut buf = Vec::new();
        let Some(head_len) = read_head(&mut client_read, &mut buf).await else { return };
        let head = String::from_utf8_lossy(&buf[..head_len - 2]).into_owned();
        let mut rewritten: String = head
            .split_inclusive("\r\n")
            .filter(|line| !line.to_ascii_lowercase().starts_with("connection:"))
            .collect();
        rewritten.push_str("connection: close\r\n\r\n");
        if server_write.write_all(rewritten.as_bytes()).await.is_err()
            || server_write.write_all(&buf[head_len..]).await.is_err()
        {
            return;
        }
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        let _ = server_write.shutdown().await;
    };

    // Server to client: forwarded, except that an SSE response may be cut.
    let downstream_copy = async move {
        let mut buf = Vec::new();
        let Some(head_len) = read_head(&mut server_read, &mut buf).await else { return };
        let head = String::from_utf8_lossy(&buf[..head_len]).to_ascii_lowercase();
        let is_sse = head.contains("content-type: text/event-stream");
        let mut cut_after = None;
        if is_sse {
            plan.stats.sse_responses.fetch_add(1, Ordering::SeqCst);
            cut_after = plan.plan();
        }
        if client_write.write_all(&buf[..head_len]).await.is_err() {
            return;
        }
        let mut pending = buf.split_off(head_len);
        // Bytes of the body forwarded after the end of the first event (`None`: not yet).
        let mut after_first: Option<usize> = None;
        let mut previous = 0u8;
        loop {
            if !pending.is_empty() {
                let mut forward = pending.len();
                let mut cut = false;
                if let Some(offset) = cut_after {
                    let mut start = 0;
                    if after_first.is_none() {
                        // The first blank line (`\n\n`), possibly split across reads.
                        let end = (0..pending.len()).find(|&i| {
                            pending[i] == b'\n' && (if i == 0 { previous } else { pending[i - 1] }) == b'\n'
                        });
                        if let Some(i) = end {
                            after_first = Some(0);
                            start = i + 1;
                        }
                    }
                    if let Some(done) = after_first {
                        let available = pending.len() - start;
                        if done + available >= offset {
                            forward = start + (offset - done);
                            cut = true;
                        } else {
                            after_first = Some(done + available);
                        }
                    }
                }
                if cut && !plan.take() {
                    cut = false;
                    cut_after = None;
                    forward = pending.len();
                }
                if client_write.write_all(&pending[..forward]).await.is_err() {
                    return;
                }
                if cut {
                    let _ = client_write.flush().await;
                    return; // Dropping both halves closes both sockets.
                }
                previous = pending[pending.len() - 1];
                pending.clear();
            }
            let mut chunk = [0u8; 8192];
            match server_read.read(&mut chunk).await {
                Ok(0) | Err(_) => {
                    let _ = client_write.shutdown().await;
                    return;
                }
                Ok(n) => pending.extend_from_slice(&chunk[..n]),
            }
        }
    };

    // A cut ends the downstream copy: the whole connection goes with it.
    tokio::select! {
        () = downstream_copy => {}
        () = async { upstream_copy.await; std::future::pending::<()>().await } => {}
    }
}

/// A server, and a proxy in front of it with `seed`'s cut pattern.
async fn setup(seed: u64) -> (String, Arc<CutPlan>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
    let proxy = listener.local_addr().expect("the proxy's address");
    let upstream = serve(proxy).await;
    let plan = Arc::new(CutPlan {
        rng: Mutex::new(SplitMix64(seed)),
        budget: AtomicUsize::new(CUTS_PER_SEED),
        stats: ProxyStats::default(),
    });
    start_proxy(listener, upstream, plan.clone());
    (format!("http://{proxy}/mcp"), plan)
}

fn client_options() -> HttpClientOptions {
    HttpClientOptions {
        transport: TransportKind::StreamableHttp,
        cache: Arc::new(DetectionCache::new()),
        // A cut can land before the first replayed event several times in a row.
        max_reconnects: 20,
        response_timeout: Duration::from_secs(20),
        ..Default::default()
    }
}

/// Counts `HttpEvent::Resumed` until the returned counter's task is aborted.
fn count_resumptions(mut events: tokio::sync::broadcast::Receiver<HttpEvent>) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    tokio::spawn(async move {
        loop {
            match events.recv().await {
                Ok(HttpEvent::Resumed { .. }) => {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        }
    });
    count
}

// ---------------------------------------------------------------------------------------
// Checking what arrived.

/// What one call must produce: progress 1..=n with messages `tag:i`, then one result.
fn expected_events(tag: &str, n: u32) -> Vec<String> {
    let mut events: Vec<String> = (1..=n).map(|i| format!("progress {i}/{n} {tag}:{i}")).collect();
    events.push(format!("result counted {n} for {tag}"));
    events
}

/// The events of one call as delivered: progress notifications (by token) and responses
/// (by id), in arrival order.
fn describe(message: &Message, calls: &HashMap<RequestId, String>) -> Option<(String, String)> {
    match message {
        Message::Notification(n) if n.method == "notifications/progress" => {
            let p: Value = n.params_as().expect("progress params");
            let tag = p["progressToken"].as_str().expect("a string token").to_owned();
            let text = format!(
                "progress {}/{} {}",
                p["progress"].as_f64().unwrap_or(-1.0),
                p["total"].as_f64().unwrap_or(-1.0),
                p["message"].as_str().unwrap_or("")
            );
            Some((tag, text))
        }
        Message::Response(r) => {
            let tag = calls.get(&r.id).cloned().unwrap_or_else(|| format!("unknown id {}", r.id));
            let result: CallToolResult = r.result_as().expect("a tools/call result");
            let text = result.content.first().and_then(|c| c.as_text()).unwrap_or("").to_owned();
            Some((tag, format!("result {text}")))
        }
        Message::Error(e) => panic!("an error response arrived: {e:?}"),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// The tests.

/// One seed at the transport level: initialize, then rounds of concurrent calls; every
/// message the transport delivers is recorded and checked.
async fn transport_run(seed: u64) -> (usize, usize, usize) {
    let (url, plan) = setup(seed).await;
    let transport = HttpClientTransport::new(&url, client_options()).expect("a transport");
    let resumptions = count_resumptions(transport.handle().events());
    let (mut sink, mut stream) = transport.split();

    let init = Request::new(
        0i64,
        "initialize",
        &json!({
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": { "name": "resumption-cuts", "version": "1.0.0" }
        }),
    )
    .expect("initialize");
    sink.send(Message::Request(init)).await.expect("send initialize");
    let reply =
        tokio::time::timeout(ROUND_TIMEOUT, stream.recv()).await.expect("initialize answered in time");
    let Some(Ok(Message::Response(reply))) = reply else { panic!("initialize failed: {reply:?}") };
    assert_eq!(reply.result_as::<Value>().expect("a result")["protocolVersion"], "2025-11-25");
    sink.send(Message::Notification(Notification::without_params("notifications/initialized")))
        .await
        .expect("send notifications/initialized");

    let mut next_id = 1i64;
    for round in 0..ROUNDS {
        let mut calls = HashMap::new();
        for k in 0..CALLS_PER_ROUND {
            let tag = format!("s{seed:x}-r{round}-c{k}");
            let id = RequestId::from(next_id);
            next_id += 1;
            let params = json!({
                "name": "count",
                "arguments": { "n": NOTIFICATIONS, "tag": tag },
                "_meta": { "progressToken": tag }
            });
            let request = Request::new(id.clone(), "tools/call", &params).expect("tools/call");
            calls.insert(id, tag);
            sink.send(Message::Request(request)).await.expect("send tools/call");
        }
        // Collect until every call has its result, then a quiet period for late duplicates.
        let mut seen: HashMap<String, Vec<String>> = HashMap::new();
        let deadline = tokio::time::Instant::now() + ROUND_TIMEOUT;
        let mut quiet_until: Option<tokio::time::Instant> = None;
        loop {
            let until = quiet_until.unwrap_or(deadline);
            let next = match tokio::time::timeout_at(until, stream.recv()).await {
                Ok(next) => next,
                Err(_) if quiet_until.is_some() => break,
                Err(_) => panic!(
                    "seed {seed:#x} round {round}: not every call finished within {ROUND_TIMEOUT:?}: {:?}",
                    seen.iter().map(|(t, e)| (t, e.len(), e.last())).collect::<Vec<_>>()
                ),
            };
            let message = match next {
                Some(Ok(m)) => m,
                other => panic!("seed {seed:#x} round {round}: the transport ended: {other:?}"),
            };
            if let Some((tag, event)) = describe(&message, &calls) {
                seen.entry(tag).or_default().push(event);
            }
            let finished = calls.values().all(|tag| {
                seen.get(tag).and_then(|e| e.last()).is_some_and(|last| last.starts_with("result"))
            });
            if finished && quiet_until.is_none() {
                quiet_until = Some(tokio::time::Instant::now() + QUIET_PERIOD);
            }
        }
        assert_eq!(
            seen.len(),
            calls.len(),
            "seed {seed:#x} round {round}: only these calls: {:?}",
            seen.keys()
        );
        for tag in calls.values() {
            let got = seen.get(tag).cloned().unwrap_or_default();
            let want = expected_events(tag, NOTIFICATIONS);
            assert!(
                got == want,
                "seed {seed:#x} round {round} {tag}: {} events instead of {}; first difference at {:?}\n\
                 got:  {:?}",
                got.len(),
                want.len(),
                got.iter().zip(&want).position(|(a, b)| a != b),
                got
            );
        }
    }
    sink.close().await.expect("close");
    let cuts = plan.stats.cuts.load(Ordering::SeqCst);
    let sse = plan.stats.sse_responses.load(Ordering::SeqCst);
    (cuts, sse, resumptions.load(Ordering::SeqCst))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_message_arrives_once_and_in_order_at_the_transport() {
    tokio::time::timeout(TEST_TIMEOUT, async {
        let started = Instant::now();
        let (mut cuts, mut resumed) = (0, 0);
        for seed in SEEDS {
            let (c, sse, r) = transport_run(seed).await;
            eprintln!("seed {seed:#x}: {c} cuts in {sse} SSE responses, {r} resumptions");
            // Most calls get cut at least once; the test is void without cuts.
            assert!(c >= 10, "seed {seed:#x}: only {c} cuts");
            assert!(r >= c / 2, "seed {seed:#x}: {r} resumptions for {c} cuts");
            cuts += c;
            resumed += r;
        }
        assert!(cuts <= SEEDS.len() * CUTS_PER_SEED);
        eprintln!(
            "transport: {} calls x {NOTIFICATIONS} notifications, {cuts} cuts, {resumed} resumptions, {:?}",
            SEEDS.len() * ROUNDS * CALLS_PER_ROUND,
            started.elapsed()
        );
    })
    .await
    .expect("the test finished within its timeout");
}

/// A check of one call's recorded progress (plus its result text) against the expectation.
fn check_later(tag: String, result: String) -> impl Fn(&Vec<String>) {
    move |progress| {
        let mut got = progress.clone();
        got.push(result.clone());
        assert_eq!(got, expected_events(&tag, NOTIFICATIONS), "{tag} after the quiet period");
    }
}

/// One seed with the full client role: progress callbacks and results.
async fn client_run(seed: u64) -> (usize, usize) {
    let (url, plan) = setup(seed).await;
    let (client, handle) = Client::builder()
        .protocol_version(ProtocolVersion::V2025_11_25)
        .request_timeout(Some(ROUND_TIMEOUT))
        .connect_http_with_handle(&url, client_options())
        .await
        .expect("connect through the proxy");
    let resumptions = count_resumptions(handle.events());
    assert_eq!(client.protocol_version(), ProtocolVersion::V2025_11_25);
    let mut finished = Vec::new();
    for round in 0..ROUNDS {
        let mut calls = Vec::new();
        for k in 0..CALLS_PER_ROUND {
            let tag = format!("client-s{seed:x}-r{round}-c{k}");
            let progress = Arc::new(Mutex::new(Vec::new()));
            let sink = progress.clone();
            let options = RequestOptions::new().on_progress(move |p| {
                let line = format!(
                    "progress {}/{} {}",
                    p.progress,
                    p.total.unwrap_or(-1.0),
                    p.message.as_deref().unwrap_or("")
                );
                sink.lock().unwrap_or_else(|e| e.into_inner()).push(line);
            });
            let params = CallToolRequestParams {
                name: "count".into(),
                arguments: json!({ "n": NOTIFICATIONS, "tag": tag }).as_object().cloned(),
                ..Default::default()
            };
            let client = client.clone();
            let call = tokio::spawn(async move { client.call_tool_with(params, &options).await });
            calls.push((tag, progress, call));
        }
        for (tag, progress, call) in calls {
            let outcome = tokio::time::timeout(ROUND_TIMEOUT, call)
                .await
                .unwrap_or_else(|_| panic!("seed {seed:#x} {tag}: no result within {ROUND_TIMEOUT:?}"))
                .expect("the call task")
                .unwrap_or_else(|e| panic!("seed {seed:#x} {tag}: {e:?}"));
            let ToolCallOutcome::Complete(result) = outcome else { panic!("a direct result: {outcome:?}") };
            let text = format!("result {}", result.content.first().and_then(|c| c.as_text()).unwrap_or(""));
            let check = |progress: &Mutex<Vec<String>>| {
                let mut got = progress.lock().unwrap_or_else(|e| e.into_inner()).clone();
                got.push(text.clone());
                assert_eq!(got, expected_events(&tag, NOTIFICATIONS), "seed {seed:#x} {tag}");
            };
            check(&progress);
            finished.push((progress, check_later(tag.clone(), text.clone())));
        }
    }
    // A late duplicate would reach a progress callback: compare every list again after a
    // quiet period.
    tokio::time::sleep(QUIET_PERIOD).await;
    for (progress, check) in finished {
        check(&progress.lock().unwrap_or_else(|e| e.into_inner()));
    }
    tokio::time::timeout(Duration::from_secs(10), client.close())
        .await
        .expect("close in time")
        .expect("close");
    (plan.stats.cuts.load(Ordering::SeqCst), resumptions.load(Ordering::SeqCst))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_sees_every_progress_once_under_cuts() {
    tokio::time::timeout(TEST_TIMEOUT, async {
        let started = Instant::now();
        let (mut cuts, mut resumed) = (0, 0);
        for seed in SEEDS {
            let (c, r) = client_run(seed ^ 0xA5A5).await;
            eprintln!("client seed {seed:#x}: {c} cuts, {r} resumptions");
            assert!(c >= 10, "seed {seed:#x}: only {c} cuts");
            cuts += c;
            resumed += r;
        }
        eprintln!("client: {cuts} cuts, {resumed} resumptions, {:?}", started.elapsed());
    })
    .await
    .expect("the test finished within its timeout");
}
