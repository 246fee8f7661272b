//! The HTTP client transports against scripted servers on 127.0.0.1: header shapes of both
//! Streamable HTTP eras, JSON and SSE responses, legacy sessions, resumption, HTTP+SSE,
//! detection and its cache, credentials.

#[path = "http_client_support.rs"]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mcp_jsonrpc::{ErrorCode, Message, Notification, Request, RequestId, ResultResponse};
use mcp_transport::http::client::{
    Detected, DetectionCache, HttpClientError, HttpClientOptions, HttpClientTransport, HttpEvent,
    TransportKind,
};
use mcp_transport::{MessageSink, MessageStream, TransportError};
use serde_json::{Value, json};
use support::*;

fn options(kind: TransportKind) -> HttpClientOptions {
    HttpClientOptions {
        transport: kind,
        cache: Arc::new(DetectionCache::new()),
        response_timeout: WAIT,
        endpoint_timeout: WAIT,
        ..HttpClientOptions::default()
    }
}

fn modern_request(id: i64, method: &str, mut params: Value) -> Message {
    params["_meta"] = json!({"io.modelcontextprotocol/protocolVersion": "2026-07-28"});
    Message::Request(Request::new(id, method, &params).unwrap())
}

fn request(id: i64, method: &str, params: Value) -> Message {
    Message::Request(Request::new(id, method, &params).unwrap())
}

fn initialize(id: i64) -> Message {
    request(
        id,
        "initialize",
        json!({"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}),
    )
}

fn initialized() -> Message {
    Message::Notification(Notification::without_params("notifications/initialized"))
}

async fn recv(t: &mut HttpClientTransport) -> Message {
    match tokio::time::timeout(WAIT, t.recv()).await.expect("timed out waiting for a message") {
        Some(Ok(m)) => m,
        other => panic!("expected a message, got {other:?}"),
    }
}

fn result_of(m: &Message) -> Value {
    match m {
        Message::Response(r) => serde_json::from_str(r.result.get()).unwrap(),
        other => panic!("expected a result, got {other:?}"),
    }
}

fn error_code(m: &Message) -> i64 {
    match m {
        Message::Error(e) => e.error.code.0,
        other => panic!("expected an error, got {other:?}"),
    }
}

const DISCOVER_RESULT: &str = r#"{"supportedVersions":["2026-07-28"],"capabilities":{},"serverInfo":{"name":"s","version":"1"},"resultType":"complete","ttlMs":0,"cacheScope":"public"}"#;

/// A modern server: discover, tools/list (one valid and one invalid annotation), tools/call
/// answered over SSE with a comment, a priming event and a progress notification.
async fn modern_server() -> TestServer {
    serve(|r: Recorded| async move {
        let id = r.rpc_id();
        match r.rpc_method().as_deref() {
            Some("server/discover") => json(200, result(id, serde_json::from_str(DISCOVER_RESULT).unwrap())),
            Some("tools/list") => json(
                200,
                result(
                    id,
                    json!({"tools": [
                        {"name": "execute_sql", "inputSchema": {"type": "object", "properties": {
                            "region": {"type": "string", "x-mcp-header": "Region"},
                            "limit": {"type": "integer", "x-mcp-header": "Limit"},
                            "query": {"type": "string"}}}},
                        {"name": "broken", "inputSchema": {"type": "object", "properties": {
                            "xs": {"type": "array", "items": {"type": "string", "x-mcp-header": "X"}}}}}
                    ], "resultType": "complete", "ttlMs": 0, "cacheScope": "public"}),
                ),
            ),
            Some("tools/call") => {
                let progress = json!({"jsonrpc": "2.0", "method": "notifications/progress",
                    "params": {"progressToken": "p", "progress": 1}});
                let done = result(id, json!({"content": [], "resultType": "complete"}));
                sse(format!(": keep-alive\n\nid: 0\ndata:\n\n{}{}", event(&progress), event(&done)))
            }
            _ => json(404, rpc_error(id, -32601)),
        }
    })
    .await
}

#[tokio::test]
async fn modern_headers_json_and_sse_responses() {
    let server = modern_server().await;
    let opts = options(TransportKind::Auto);
    let cache = opts.cache.clone();
    let mut t = HttpClientTransport::new(&server.url("/mcp"), opts).unwrap();
    let handle = t.handle();

    t.send(modern_request(1, "server/discover", json!({}))).await.unwrap();
    let m = recv(&mut t).await;
    assert_eq!(result_of(&m)["supportedVersions"], json!(["2026-07-28"]));
    let detected = Detected::Modern { version: mcp_jsonrpc::ProtocolVersion::V2026_07_28 };
    assert_eq!(handle.wait_detected(WAIT).await, Some(detected));
    assert_eq!(cache.get(handle.url()), Some(detected));

    let mut events = handle.events();
    t.send(modern_request(2, "tools/list", json!({}))).await.unwrap();
    let listed = result_of(&recv(&mut t).await);
    let names: Vec<&str> =
        listed["tools"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["execute_sql"], "the tool with an invalid x-mcp-header is dropped");
    let rejected = tokio::time::timeout(WAIT, events.recv()).await.unwrap().unwrap();
    assert!(matches!(rejected, HttpEvent::ToolRejected { ref tool, .. } if tool == "broken"), "{rejected:?}");

    let args = json!({"region": "Zürich ", "limit": 5, "query": "select 1"});
    t.send(modern_request(3, "tools/call", json!({"name": "execute_sql", "arguments": args}))).await.unwrap();
    let progress = recv(&mut t).await;
    assert_eq!(progress.method(), Some("notifications/progress"));
    let done = recv(&mut t).await;
    assert_eq!(done.id(), Some(&RequestId::Number(3)));

    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert_eq!(r.method, http::Method::POST);
        assert_eq!(r.header("accept"), Some("application/json, text/event-stream"));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.header("mcp-protocol-version"), Some("2026-07-28"));
        assert_eq!(r.header("mcp-method").map(str::to_owned), r.rpc_method());
        assert!(r.header("mcp-session-id").is_none());
    }
    assert!(reqs[0].header("mcp-name").is_none());
    let call = &reqs[2];
    assert_eq!(call.header("mcp-name"), Some("execute_sql"));
    assert_eq!(call.header("mcp-param-limit"), Some("5"));
    let region = call.header("mcp-param-region").unwrap();
    assert_eq!(mcp_transport::http::param::decode_value(region.as_bytes()).unwrap(), "Zürich ");
    assert!(region.starts_with("=?base64?"));
}

#[tokio::test]
async fn modern_cancel_closes_the_response_stream() {
    let (response_tx, mut response_rx) = tokio::sync::mpsc::unbounded_channel();
    let senders = Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = senders.clone();
    let server = serve(move |r: Recorded| {
        let response_tx = response_tx.clone();
        let keep = keep.clone();
        async move {
            let (response, tx) = sse_stream();
            tx.send(bytes::Bytes::from_static(b"id: 1\ndata:\n\n")).unwrap();
            let _ = response_tx.send((r.rpc_id(), tx.clone()));
            keep.lock().unwrap().push(tx);
            response
        }
    })
    .await;
    let opts = options(TransportKind::StreamableHttp);
    opts.cache.insert(
        &url::Url::parse(&server.url("/")).unwrap(),
        Detected::Modern { version: mcp_jsonrpc::ProtocolVersion::V2026_07_28 },
    );
    let mut t = HttpClientTransport::new(&server.url("/mcp"), opts).unwrap();
    t.send(modern_request(7, "tools/call", json!({"name": "slow"}))).await.unwrap();
    let (id, stream_tx) = tokio::time::timeout(WAIT, response_rx.recv()).await.unwrap().unwrap();
    assert_eq!(id, json!(7));
    let cancel = Notification::new("notifications/cancelled", &json!({"requestId": 7})).unwrap();
    t.send(Message::Notification(cancel)).await.unwrap();
    tokio::time::timeout(WAIT, stream_tx.closed()).await.expect("the response stream was not closed");
    assert_eq!(server.requests().len(), 1, "no notifications/cancelled is POSTed on modern HTTP");
}

/// A legacy Streamable HTTP server: 400 with an empty body for anything before `initialize`,
/// sessions, 405 for GET, SSE answers with a server-to-client request.
async fn legacy_server(sessions: Arc<AtomicUsize>, expire_first: bool) -> TestServer {
    serve(move |r: Recorded| {
        let sessions = sessions.clone();
        async move {
            let id = r.rpc_id();
            let session = r.header("mcp-session-id").map(str::to_owned);
            let current = format!("s{}", sessions.load(Ordering::SeqCst));
            match (r.method.as_str(), r.rpc_method().as_deref()) {
                ("GET", _) => status(405),
                ("DELETE", _) => status(200),
                (_, Some("initialize")) => {
                    assert!(session.is_none(), "initialize never carries a session id");
                    let n = sessions.fetch_add(1, Ordering::SeqCst) + 1;
                    let mut resp = json(
                        200,
                        result(
                            id,
                            json!({"protocolVersion": "2025-06-18", "capabilities": {},
                            "serverInfo": {"name": "legacy", "version": "1"}}),
                        ),
                    );
                    resp.headers_mut().insert("mcp-session-id", format!("s{n}").parse().unwrap());
                    resp
                }
                _ if session.is_none() => status(400),
                _ if session.as_deref() != Some(current.as_str()) => status(404),
                _ if expire_first && current == "s1" && r.rpc_method().as_deref() == Some("tools/list") => {
                    status(404)
                }
                (_, Some("notifications/initialized")) => status(202),
                (_, Some("tools/list")) => {
                    let ping = json!({"jsonrpc": "2.0", "id": "srv-1", "method": "ping"});
                    let done = result(id, json!({"tools": []}));
                    sse(format!("id: e1\ndata:\n\n: comment\n{}{}", event(&ping), event(&done)))
                }
                (_, None) if r.json().get("result").is_some() => status(202),
                _ => json(200, rpc_error(id, -32601)),
            }
        }
    })
    .await
}

#[tokio::test]
async fn legacy_session_capture_echo_and_delete() {
    let server = legacy_server(Arc::new(AtomicUsize::new(0)), false).await;
    let opts = options(TransportKind::Auto);
    let cache = opts.cache.clone();
    let mut t = HttpClientTransport::new(&server.url("/mcp"), opts).unwrap();
    let handle = t.handle();
    let mut events = handle.events();

    // Detection: the modern probe gets an empty 400, so it is answered with an error.
    t.send(modern_request(1, "server/discover", json!({}))).await.unwrap();
    let m = recv(&mut t).await;
    assert_eq!(error_code(&m), ErrorCode::INTERNAL_ERROR.0);
    let Message::Error(e) = &m else { unreachable!() };
    assert_eq!(e.error.data.as_ref().unwrap()["httpStatus"], 400);
    assert_eq!(handle.detected(), None, "an empty 400 is not a modern answer");

    t.send(initialize(2)).await.unwrap();
    assert_eq!(result_of(&recv(&mut t).await)["protocolVersion"], "2025-06-18");
    assert_eq!(handle.session_id().as_deref(), Some("s1"));
    t.send(initialized()).await.unwrap();
    let legacy = Detected::Legacy { version: Some(mcp_jsonrpc::ProtocolVersion::V2025_06_18) };
    assert_eq!(handle.detected(), Some(legacy));
    assert_eq!(cache.get(handle.url()), Some(legacy));

    // The standalone GET stream is refused with 405, which is tolerated.
    loop {
        let e = tokio::time::timeout(WAIT, events.recv()).await.unwrap().unwrap();
        if e == HttpEvent::StandaloneRefused(405) {
            break;
        }
    }

    // An SSE answer carrying a server-to-client request, a comment and a priming event.
    t.send(request(3, "tools/list", json!({}))).await.unwrap();
    let ping = recv(&mut t).await;
    assert_eq!(ping.method(), Some("ping"));
    let done = recv(&mut t).await;
    assert_eq!(done.id(), Some(&RequestId::Number(3)));
    let answer = ResultResponse::new(RequestId::String("srv-1".into()), &json!({})).unwrap();
    t.send(Message::Response(answer)).await.unwrap();

    t.close().await.unwrap();
    assert!(tokio::time::timeout(WAIT, t.recv()).await.unwrap().is_none(), "the stream ends after close");

    let reqs = server.requests();
    let init = reqs.iter().find(|r| r.rpc_method().as_deref() == Some("initialize")).unwrap();
    assert!(init.header("mcp-protocol-version").is_none());
    let after: Vec<_> =
        reqs.iter().skip_while(|r| r.rpc_method().as_deref() != Some("initialize")).skip(1).collect();
    assert!(after.len() >= 5, "{after:#?}");
    for r in &after {
        assert_eq!(r.header("mcp-session-id"), Some("s1"), "{} {:?}", r.method, r.rpc_method());
        assert_eq!(r.header("mcp-protocol-version"), Some("2025-06-18"));
        assert!(r.header("mcp-method").is_none(), "no modern headers on legacy requests");
    }
    let get = after.iter().find(|r| r.method == http::Method::GET).unwrap();
    assert_eq!(get.header("accept"), Some("text/event-stream"));
    let posted_answer = after.iter().find(|r| r.json().get("result").is_some()).unwrap();
    assert_eq!(posted_answer.rpc_id(), json!("srv-1"));
    assert_eq!(after.last().unwrap().method, http::Method::DELETE);
}

#[tokio::test]
async fn legacy_404_reinitializes_and_retries() {
    let sessions = Arc::new(AtomicUsize::new(0));
    let server = legacy_server(sessions.clone(), true).await;
    let mut opts = options(TransportKind::StreamableHttp);
    opts.standalone_stream = false;
    let mut t = HttpClientTransport::new(&server.url("/mcp"), opts).unwrap();
    let handle = t.handle();
    let mut events = handle.events();
    t.send(initialize(1)).await.unwrap();
    recv(&mut t).await;
    t.send(initialized()).await.unwrap();

    t.send(request(2, "tools/list", json!({}))).await.unwrap();
    let ping = recv(&mut t).await;
    assert_eq!(ping.method(), Some("ping"));
    let done = recv(&mut t).await;
    assert_eq!(done.id(), Some(&RequestId::Number(2)), "the request was retried in the new session");
    assert_eq!(handle.session_id().as_deref(), Some("s2"));
    let mut seen = Vec::new();
    while let Ok(Ok(e)) = tokio::time::timeout(Duration::from_millis(200), events.recv()).await {
        seen.push(e);
    }
    assert!(seen.contains(&HttpEvent::SessionExpired), "{seen:?}");
    assert!(seen.contains(&HttpEvent::Reinitialized), "{seen:?}");

    let reqs = server.requests();
    let inits: Vec<_> = reqs.iter().filter(|r| r.rpc_method().as_deref() == Some("initialize")).collect();
    assert_eq!(inits.len(), 2);
    assert!(inits[1].header("mcp-session-id").is_none());
    let lists: Vec<_> = reqs.iter().filter(|r| r.rpc_method().as_deref() == Some("tools/list")).collect();
    assert_eq!(
        lists.iter().map(|r| r.header("mcp-session-id")).collect::<Vec<_>>(),
        [Some("s1"), Some("s2")]
    );
    let initialized_in_s2 = reqs.iter().any(|r| {
        r.rpc_method().as_deref() == Some("notifications/initialized")
            && r.header("mcp-session-id") == Some("s2")
    });
    assert!(initialized_in_s2);
}

#[tokio::test]
async fn legacy_404_without_reinitialize_is_a_typed_stream_error() {
    let server = legacy_server(Arc::new(AtomicUsize::new(0)), true).await;
    let mut opts = options(TransportKind::StreamableHttp);
    opts.standalone_stream = false;
    opts.reinitialize = false;
    let mut t = HttpClientTransport::new(&server.url("/mcp"), opts).unwrap();
    t.send(initialize(1)).await.unwrap();
    recv(&mut t).await;
    t.send(initialized()).await.unwrap();
    t.send(request(2, "tools/list", json!({}))).await.unwrap();
    let mut saw_expired = false;
    let mut saw_error_response = false;
    while let Some(item) = tokio::time::timeout(WAIT, t.recv()).await.unwrap() {
        match item {
            Err(TransportError::Other(e)) => {
                let e = e.downcast_ref::<HttpClientError>().expect("an HttpClientError");
                assert!(matches!(e, HttpClientError::SessionExpired), "{e:?}");
                saw_expired = true;
            }
            Ok(m @ Message::Error(_)) => {
                assert_eq!(m.id(), Some(&RequestId::Number(2)));
                saw_error_response = true;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(saw_expired && saw_error_response);
}

#[tokio::test]
async fn legacy_stream_resumes_with_last_event_id_after_retry() {
    let server = serve(|r: Recorded| async move {
        let id = r.rpc_id();
        match (r.method.as_str(), r.rpc_method().as_deref()) {
            ("GET", _) if r.header("last-event-id") == Some("e2") => {
                let done = result(json!(5), json!({"content": []}));
                sse(format!("id: e3\n{}", event(&done)))
            }
            ("GET", _) => status(405),
            (_, Some("initialize")) => {
                let mut resp = json(
                    200,
                    result(
                        id,
                        json!({"protocolVersion": "2025-11-25", "capabilities": {},
                    "serverInfo": {"name": "l", "version": "1"}}),
                    ),
                );
                resp.headers_mut().insert("mcp-session-id", "abc".parse().unwrap());
                resp
            }
            (_, Some("tools/call")) => {
                let progress = json!({"jsonrpc": "2.0", "method": "notifications/progress",
                    "params": {"progressToken": 1, "progress": 1}});
                // Priming event with retry, one event, then the connection is closed early.
                sse(format!("id: e1\nretry: 300\ndata:\n\nid: e2\n{}", event(&progress)))
            }
            _ => status(202),
        }
    })
    .await;
    let mut opts = options(TransportKind::StreamableHttp);
    opts.standalone_stream = false;
    let mut t = HttpClientTransport::new(&server.url("/mcp"), opts).unwrap();
    let mut events = t.handle().events();
    t.send(initialize(1)).await.unwrap();
    recv(&mut t).await;
    t.send(initialized()).await.unwrap();
    let started = Instant::now();
    t.send(request(5, "tools/call", json!({"name": "x"}))).await.unwrap();
    assert_eq!(recv(&mut t).await.method(), Some("notifications/progress"));
    let done = recv(&mut t).await;
    assert_eq!(done.id(), Some(&RequestId::Number(5)));
    assert!(started.elapsed() >= Duration::from_millis(300), "retry honoured: {:?}", started.elapsed());
    let resumed = loop {
        match tokio::time::timeout(WAIT, events.recv()).await.unwrap().unwrap() {
            HttpEvent::Resumed { last_event_id } => break last_event_id,
            _ => continue,
        }
    };
    assert_eq!(resumed, "e2");
    let get = server.requests().into_iter().find(|r| r.method == http::Method::GET).unwrap();
    assert_eq!(get.header("mcp-session-id"), Some("abc"));
    assert_eq!(get.header("mcp-protocol-version"), Some("2025-11-25"));
    assert_eq!(get.header("accept"), Some("text/event-stream"));
}

#[tokio::test]
async fn standalone_stream_delivers_and_resumes() {
    let gets = Arc::new(AtomicUsize::new(0));
    let counter = gets.clone();
    let server = serve(move |r: Recorded| {
        let counter = counter.clone();
        async move {
            match (r.method.as_str(), r.rpc_method().as_deref()) {
                ("GET", _) => {
                    let n = counter.fetch_add(1, Ordering::SeqCst);
                    let note = json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"});
                    match n {
                        0 => sse(format!("retry: 50\nid: g1\n{}", event(&note))),
                        1 if r.header("last-event-id") == Some("g1") => {
                            let msg =
                                json!({"jsonrpc": "2.0", "method": "notifications/resources/list_changed"});
                            let (resp, tx) = sse_stream();
                            tx.send(format!("id: g2\n{}", event(&msg)).into()).unwrap();
                            std::mem::forget(tx); // Keep this stream open.
                            resp
                        }
                        _ => status(400),
                    }
                }
                (_, Some("initialize")) => {
                    let mut resp = json(
                        200,
                        result(
                            r.rpc_id(),
                            json!({"protocolVersion": "2025-11-25",
                        "capabilities": {}, "serverInfo": {"name": "l", "version": "1"}}),
                        ),
                    );
                    resp.headers_mut().insert("mcp-session-id", "g".parse().unwrap());
                    resp
                }
                _ => status(202),
            }
        }
    })
    .await;
    let mut t =
        HttpClientTransport::new(&server.url("/mcp"), options(TransportKind::StreamableHttp)).unwrap();
    t.send(initialize(1)).await.unwrap();
    recv(&mut t).await;
    t.send(initialized()).await.unwrap();
    assert_eq!(recv(&mut t).await.method(), Some("notifications/tools/list_changed"));
    assert_eq!(recv(&mut t).await.method(), Some("notifications/resources/list_changed"));
    assert_eq!(gets.load(Ordering::SeqCst), 2);
    t.close().await.unwrap();
}

/// An HTTP+SSE server: GET /sse sends `endpoint`, POSTs to it are answered on the stream.
async fn http_sse_server(endpoint: &'static str) -> TestServer {
    let stream: Arc<std::sync::Mutex<Option<tokio::sync::mpsc::UnboundedSender<bytes::Bytes>>>> =
        Arc::default();
    serve(move |r: Recorded| {
        let stream = stream.clone();
        async move {
            match (r.method.as_str(), r.uri.as_str()) {
                ("GET", "/sse") => {
                    let (resp, tx) = sse_stream();
                    tx.send(format!(": hello\nevent: endpoint\ndata: {endpoint}\n\n").into()).unwrap();
                    *stream.lock().unwrap() = Some(tx);
                    resp
                }
                ("POST", "/messages?sessionId=abc") => {
                    let id = r.rpc_id();
                    let reply = match r.rpc_method().as_deref() {
                        Some("initialize") => Some(result(
                            id,
                            json!({"protocolVersion": "2024-11-05",
                            "capabilities": {}, "serverInfo": {"name": "old", "version": "1"}}),
                        )),
                        Some("server/discover") => Some(rpc_error(id, -32601)),
                        Some(m) if !m.starts_with("notifications/") => Some(result(id, json!({"echo": m}))),
                        _ => None,
                    };
                    if let (Some(reply), Some(tx)) = (reply, stream.lock().unwrap().as_ref()) {
                        let _ = tx.send(format!("event: message\n{}", event(&reply)).into());
                    }
                    status(202)
                }
                _ => status(405),
            }
        }
    })
    .await
}

#[tokio::test]
async fn http_sse_endpoint_flow() {
    let server = http_sse_server("/messages?sessionId=abc").await;
    let mut t = HttpClientTransport::new(&server.url("/sse"), options(TransportKind::Sse)).unwrap();
    t.send(initialize(1)).await.unwrap();
    assert_eq!(result_of(&recv(&mut t).await)["protocolVersion"], "2024-11-05");
    t.send(initialized()).await.unwrap();
    t.send(request(2, "tools/list", json!({}))).await.unwrap();
    assert_eq!(result_of(&recv(&mut t).await)["echo"], "tools/list");
    assert_eq!(t.handle().detected(), Some(Detected::HttpSse));
    let posts: Vec<_> = server.requests().into_iter().filter(|r| r.method == http::Method::POST).collect();
    assert_eq!(posts.len(), 3);
    assert!(posts.iter().all(|r| r.uri == "/messages?sessionId=abc"));
}

#[tokio::test]
async fn http_sse_cross_origin_endpoint_is_rejected() {
    let server = http_sse_server("http://evil.invalid:1/messages?sessionId=abc").await;
    let mut t = HttpClientTransport::new(&server.url("/sse"), options(TransportKind::Sse)).unwrap();
    t.send(initialize(1)).await.unwrap();
    let m = recv(&mut t).await;
    let Message::Error(e) = &m else { panic!("{m:?}") };
    assert!(e.error.message.contains("origin"), "{}", e.error.message);
    assert!(server.requests().iter().all(|r| r.method == http::Method::GET));
}

#[tokio::test]
async fn detection_falls_back_to_http_sse_and_is_cached() {
    let server = http_sse_server("/messages?sessionId=abc").await;
    let opts = options(TransportKind::Auto);
    let cache = opts.cache.clone();
    let mut t = HttpClientTransport::new(&server.url("/sse"), opts.clone()).unwrap();
    t.send(modern_request(1, "server/discover", json!({}))).await.unwrap();
    let Message::Error(e) = recv(&mut t).await else { panic!() };
    assert_eq!(e.error.data.unwrap()["httpStatus"], 405);
    t.send(initialize(2)).await.unwrap();
    assert_eq!(result_of(&recv(&mut t).await)["protocolVersion"], "2024-11-05");
    assert_eq!(t.handle().detected(), Some(Detected::HttpSse));
    let shapes: Vec<_> = server.requests().iter().map(|r| (r.method.to_string(), r.uri.clone())).collect();
    assert_eq!(
        shapes[..3],
        [
            ("POST".to_owned(), "/sse".to_owned()),
            ("POST".to_owned(), "/sse".to_owned()),
            ("GET".to_owned(), "/sse".to_owned())
        ]
    );
    assert_eq!(shapes[3], ("POST".to_owned(), "/messages?sessionId=abc".to_owned()));
    t.close().await.unwrap();

    // A second connection to the same origin starts in HTTP+SSE mode and answers the era
    // probe locally.
    assert_eq!(cache.get(&url::Url::parse(&server.url("/")).unwrap()), Some(Detected::HttpSse));
    let before = server.requests().len();
    let mut t2 = HttpClientTransport::new(&server.url("/sse"), opts).unwrap();
    assert_eq!(t2.handle().detected(), Some(Detected::HttpSse));
    t2.send(modern_request(1, "server/discover", json!({}))).await.unwrap();
    assert_eq!(error_code(&recv(&mut t2).await), -32601);
    t2.send(initialize(2)).await.unwrap();
    assert_eq!(result_of(&recv(&mut t2).await)["protocolVersion"], "2024-11-05");
    let later: Vec<_> =
        server.requests()[before..].iter().map(|r| (r.method.to_string(), r.uri.clone())).collect();
    assert_eq!(later[0], ("GET".to_owned(), "/sse".to_owned()), "no probe POSTs: {later:?}");
}

#[tokio::test]
async fn detection_modern_error_in_400_means_modern() {
    let server = serve(|r: Recorded| async move {
        let id = r.rpc_id();
        let mut e = rpc_error(id, -32022);
        e["error"]["data"] = json!({"supported": ["2026-07-28"], "requested": "2027-01-01"});
        json(400, e)
    })
    .await;
    let mut t = HttpClientTransport::new(&server.url("/mcp"), options(TransportKind::Auto)).unwrap();
    let mut req = modern_request(1, "server/discover", json!({}));
    if let Message::Request(r) = &mut req {
        let mut p: Value = serde_json::from_str(r.params.as_ref().unwrap().get()).unwrap();
        p["_meta"]["io.modelcontextprotocol/protocolVersion"] = json!("2027-01-01");
        *r = Request::new(1, "server/discover", &p).unwrap();
    }
    t.send(req).await.unwrap();
    let m = recv(&mut t).await;
    assert_eq!(error_code(&m), -32022, "the server's JSON-RPC error is delivered as is");
    assert_eq!(m.id(), Some(&RequestId::Number(1)));
    assert!(matches!(t.handle().detected(), Some(Detected::Modern { .. })));
    assert_eq!(server.requests()[0].header("mcp-protocol-version"), Some("2027-01-01"));
}

#[tokio::test]
async fn notifications_tolerate_non_spec_answers() {
    let server = serve(|r: Recorded| async move {
        match r.rpc_method().as_deref() {
            Some("notifications/a") => json(200, json!({"jsonrpc": "2.0", "method": "notifications/echo"})),
            Some("notifications/b") => status(200),
            _ => status(202),
        }
    })
    .await;
    let cache = Arc::new(DetectionCache::new());
    let url = url::Url::parse(&server.url("/mcp")).unwrap();
    cache.insert(&url, Detected::Modern { version: mcp_jsonrpc::ProtocolVersion::V2026_07_28 });
    let mut t =
        HttpClientTransport::new(url.as_str(), HttpClientOptions { cache, ..options(TransportKind::Auto) })
            .unwrap();
    for m in ["notifications/a", "notifications/b", "notifications/c"] {
        t.send(Message::Notification(Notification::without_params(m))).await.unwrap();
    }
    assert_eq!(recv(&mut t).await.method(), Some("notifications/echo"));
    assert_eq!(server.requests().len(), 3);
}

struct RotatingCredentials {
    calls: AtomicUsize,
    rejections: AtomicUsize,
    retry: bool,
}

impl mcp_transport::http::client::CredentialsProvider for RotatingCredentials {
    fn authorization<'a>(
        &'a self,
        _url: &'a url::Url,
    ) -> mcp_transport::http::client::credentials::CredentialsFuture<
        'a,
        Result<Option<http::HeaderValue>, String>,
    > {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            let token = if self.rejections.load(Ordering::SeqCst) == 0 { "old" } else { "new" };
            Ok(Some(format!("Bearer {token}").parse().unwrap()))
        })
    }

    fn unauthorized<'a>(
        &'a self,
        rejection: &'a mcp_transport::http::client::Unauthorized,
    ) -> mcp_transport::http::client::credentials::CredentialsFuture<
        'a,
        mcp_transport::http::client::AuthAction,
    > {
        Box::pin(async move {
            assert_eq!(rejection.status, http::StatusCode::UNAUTHORIZED);
            assert_eq!(rejection.www_authenticate, ["Bearer resource_metadata=\"x\""]);
            self.rejections.fetch_add(1, Ordering::SeqCst);
            if self.retry {
                mcp_transport::http::client::AuthAction::Retry
            } else {
                mcp_transport::http::client::AuthAction::Fail
            }
        })
    }
}

async fn auth_server() -> TestServer {
    serve(|r: Recorded| async move {
        if r.header("authorization") != Some("Bearer new") {
            let mut resp = status(401);
            resp.headers_mut().insert("www-authenticate", "Bearer resource_metadata=\"x\"".parse().unwrap());
            return resp;
        }
        json(200, result(r.rpc_id(), serde_json::from_str(DISCOVER_RESULT).unwrap()))
    })
    .await
}

#[tokio::test]
async fn credentials_hook_adds_authorization_and_retries_after_401() {
    let server = auth_server().await;
    let provider = Arc::new(RotatingCredentials { calls: 0.into(), rejections: 0.into(), retry: true });
    let opts = HttpClientOptions { credentials: Some(provider.clone()), ..options(TransportKind::Auto) };
    let mut t = HttpClientTransport::new(&server.url("/mcp"), opts).unwrap();
    t.send(modern_request(1, "server/discover", json!({}))).await.unwrap();
    assert!(result_of(&recv(&mut t).await).get("supportedVersions").is_some());
    assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    assert_eq!(provider.rejections.load(Ordering::SeqCst), 1);
    let auth: Vec<_> =
        server.requests().iter().map(|r| r.header("authorization").unwrap().to_owned()).collect();
    assert_eq!(auth, ["Bearer old", "Bearer new"]);
}

#[tokio::test]
async fn credentials_hook_can_fail_a_401() {
    let server = auth_server().await;
    let provider = Arc::new(RotatingCredentials { calls: 0.into(), rejections: 0.into(), retry: false });
    let opts = HttpClientOptions { credentials: Some(provider.clone()), ..options(TransportKind::Auto) };
    let mut t = HttpClientTransport::new(&server.url("/mcp"), opts).unwrap();
    t.send(modern_request(1, "server/discover", json!({}))).await.unwrap();
    let Message::Error(e) = recv(&mut t).await else { panic!() };
    assert_eq!(e.error.data.unwrap()["httpStatus"], 401);
    assert_eq!(server.requests().len(), 1, "no retry after Fail");
}

/// A raw HTTP/1.1 server that closes each keep-alive connection shortly after its first
/// response: the client must not stall on (or fail with) the stale pooled connection.
#[tokio::test]
async fn stale_pooled_connections_do_not_stall() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    let server = tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else { return };
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read one request (headers plus Content-Length body).
                loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                        let len: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .map_or(0, |v| v.trim().parse().unwrap());
                        if buf.len() >= end + 4 + len {
                            break;
                        }
                    }
                }
                let body = r#"{"jsonrpc":"2.0","method":"notifications/x"}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                sock.write_all(response.as_bytes()).await.unwrap();
                tokio::time::sleep(Duration::from_millis(50)).await;
                drop(sock); // Close the kept-alive connection while it is idle.
            });
        }
    });
    let cache = Arc::new(DetectionCache::new());
    let url = format!("http://{addr}/mcp");
    cache.insert(
        &url::Url::parse(&url).unwrap(),
        Detected::Modern { version: mcp_jsonrpc::ProtocolVersion::V2026_07_28 },
    );
    let opts =
        HttpClientOptions { cache, response_timeout: Duration::from_secs(2), ..options(TransportKind::Auto) };
    let mut t = HttpClientTransport::new(&url, opts).unwrap();
    for _ in 0..3 {
        let started = Instant::now();
        t.send(Message::Notification(Notification::without_params("notifications/ping"))).await.unwrap();
        assert!(started.elapsed() < Duration::from_secs(1), "stalled for {:?}", started.elapsed());
        assert_eq!(recv(&mut t).await.method(), Some("notifications/x"));
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 3, "each request after a server close uses a new connection");
    server.abort();
}
