//! The legacy standalone GET stream is open before `notifications/initialized` returns, so a
//! server request sent on it right after initialization is not lost (2025-11-25
//! `basic/transports.mdx` "Listening for Messages from the Server"; the official suite's
//! `elicitation-sep1034-client-defaults` mock sends its `elicitation/create` there and drops it
//! while no stream is open).

#[path = "http_client_support.rs"]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use mcp_jsonrpc::{Message, Notification, Request};
use mcp_transport::http::client::{DetectionCache, HttpClientOptions, HttpClientTransport, TransportKind};
use mcp_transport::{MessageSink, MessageStream};
use serde_json::json;
use support::*;

/// How long the scripted server holds the GET's response head.
const GET_DELAY: Duration = Duration::from_millis(300);

#[tokio::test]
async fn initialized_waits_until_the_standalone_stream_is_open() {
    let get_answered = Arc::new(AtomicBool::new(false));
    let answered = get_answered.clone();
    let server = serve(move |r: Recorded| {
        let answered = answered.clone();
        async move {
            match (r.method.as_str(), r.rpc_method().as_deref()) {
                ("GET", _) => {
                    tokio::time::sleep(GET_DELAY).await;
                    let (resp, tx) = sse_stream();
                    let ask = json!({"jsonrpc": "2.0", "id": 7, "method": "ping"});
                    tx.send(event(&ask).into()).unwrap();
                    std::mem::forget(tx); // Keep the stream open.
                    answered.store(true, Ordering::SeqCst);
                    resp
                }
                (_, Some("initialize")) => {
                    let mut resp = json(
                        200,
                        result(
                            r.rpc_id(),
                            json!({"protocolVersion": "2025-11-25", "capabilities": {},
                                   "serverInfo": {"name": "s", "version": "1"}}),
                        ),
                    );
                    resp.headers_mut().insert("mcp-session-id", "s1".parse().unwrap());
                    resp
                }
                _ => status(202),
            }
        }
    })
    .await;
    let options = HttpClientOptions {
        transport: TransportKind::StreamableHttp,
        cache: Arc::new(DetectionCache::new()),
        ..HttpClientOptions::default()
    };
    let mut t = HttpClientTransport::new(&server.url("/mcp"), options).unwrap();
    let init = json!({"protocolVersion": "2025-11-25", "capabilities": {},
                      "clientInfo": {"name": "t", "version": "1"}});
    t.send(Message::Request(Request::new(1, "initialize", &init).unwrap())).await.unwrap();
    tokio::time::timeout(WAIT, t.recv()).await.unwrap().unwrap().unwrap();
    t.send(Message::Notification(Notification::without_params("notifications/initialized"))).await.unwrap();
    assert!(get_answered.load(Ordering::SeqCst), "send(initialized) returned before the GET stream was open");
    let ask = tokio::time::timeout(WAIT, t.recv()).await.unwrap().unwrap().unwrap();
    assert_eq!(ask.method(), Some("ping"));
    t.close().await.unwrap();
}
