//! Era detection (2026-07-28 `basic/transports/stdio.mdx`): discover first, modern errors
//! never fall back, anything else runs `initialize`.

mod support;

use std::time::Duration;

use mcp_client::{Client, ClientError};
use mcp_jsonrpc::{Era, Message, ProtocolVersion};
use serde_json::json;
use support::*;

#[tokio::test]
async fn discover_result_means_modern() {
    let (mut server, end) = FakeServer::pair();
    let connecting = tokio::spawn(Client::connect(end));
    let (r, params) = server.expect_request("server/discover").await;
    assert_modern_meta(&params);
    server.respond(&r.id, discover_result(json!({"tools": {}}))).await;
    let client = connecting.await.unwrap().unwrap();
    assert_eq!(client.era(), Era::Modern);
    let n = client.negotiated();
    assert_eq!(n.protocol_version, ProtocolVersion::V2026_07_28);
    assert_eq!(n.server_info.unwrap().name, "fake");
    assert!(n.capabilities.unwrap().tools.is_some());
    // Nothing else was sent: no initialize, no initialized.
    assert!(server.try_recv(Duration::from_millis(50)).await.is_none());
}

#[tokio::test]
async fn unsupported_version_error_retries_with_a_listed_version_and_new_id() {
    let (mut server, end) = FakeServer::pair();
    let connecting = tokio::spawn(Client::connect(end));
    let (first, _) = server.expect_request("server/discover").await;
    server
        .error(&first.id, -32022, Some(json!({"supported": ["2026-07-28", "2025-11-25"], "requested": "x"})))
        .await;
    let (second, params) = server.expect_request("server/discover").await;
    assert_ne!(first.id, second.id);
    assert_modern_meta(&params);
    server.respond(&second.id, discover_result(json!({}))).await;
    assert_eq!(connecting.await.unwrap().unwrap().era(), Era::Modern);
}

#[tokio::test]
async fn unsupported_version_without_a_common_modern_version_fails_without_fallback() {
    let (mut server, end) = FakeServer::pair();
    let connecting = tokio::spawn(Client::connect(end));
    let (r, _) = server.expect_request("server/discover").await;
    server.error(&r.id, -32022, Some(json!({"supported": ["2025-11-25"], "requested": "2026-07-28"}))).await;
    assert!(matches!(connecting.await.unwrap(), Err(ClientError::Version(_))));
    // The client closed without ever sending initialize.
    while let Some(m) = server.try_recv(Duration::from_millis(100)).await {
        assert_ne!(m.method(), Some("initialize"), "fell back after a modern error");
    }
}

#[tokio::test]
async fn missing_capability_error_means_modern_and_no_initialize() {
    for code in [-32021, -32020] {
        let (mut server, end) = FakeServer::pair();
        let connecting = tokio::spawn(Client::connect(end));
        let (r, _) = server.expect_request("server/discover").await;
        server.error(&r.id, code, None).await;
        let client = connecting.await.unwrap().unwrap();
        assert_eq!(client.era(), Era::Modern, "{code}");
        assert!(client.server_capabilities().is_none());
        assert!(server.try_recv(Duration::from_millis(50)).await.is_none(), "{code}: sent more");
    }
}

#[tokio::test]
async fn method_not_found_and_invalid_params_fall_back_to_initialize() {
    for code in [-32601, -32602, -32600] {
        let (mut server, end) = FakeServer::pair();
        let connecting = tokio::spawn(Client::connect(end));
        let (r, _) = server.expect_request("server/discover").await;
        server.error(&r.id, code, None).await;
        let (init, params) = server.expect_request("initialize").await;
        assert_eq!(params["protocolVersion"], json!(LEGACY));
        assert!(params["clientInfo"]["name"].is_string());
        assert!(params.get("_meta").is_none(), "legacy initialize carries no modern _meta");
        server.respond(&init.id, initialize_result("2025-06-18", json!({"tools": {}}))).await;
        server.expect_notification("notifications/initialized").await;
        let client = connecting.await.unwrap().unwrap();
        assert_eq!(client.protocol_version(), ProtocolVersion::V2025_06_18, "{code}");
    }
}

#[tokio::test(start_paused = true)]
async fn silence_means_legacy_after_the_probe_timeout() {
    let (mut server, end) = FakeServer::pair();
    let builder = Client::builder().discover_timeout(Duration::from_secs(2));
    let connecting = tokio::spawn(builder.connect(end));
    let started = tokio::time::Instant::now();
    let (probe, _) = server.expect_request("server/discover").await;
    // No answer: the next message is initialize, after the probe timeout, and the probe is
    // not announced as cancelled (a legacy server has not initialized yet).
    let (init, _) = server.expect_request("initialize").await;
    assert!(started.elapsed() >= Duration::from_secs(2));
    server.respond(&init.id, initialize_result(LEGACY, json!({}))).await;
    server.expect_notification("notifications/initialized").await;
    let client = connecting.await.unwrap().unwrap();
    assert_eq!(client.era(), Era::Legacy);
    // A late answer to the probe is ignored.
    server.respond(&probe.id, discover_result(json!({}))).await;
    let ping = client.ping();
    let serve = async {
        let (r, _) = server.expect_request("ping").await;
        server.respond(&r.id, json!({})).await;
    };
    let (result, ()) = tokio::join!(ping, serve);
    result.unwrap();
    assert_eq!(client.era(), Era::Legacy);
}

#[tokio::test]
async fn initialize_answer_with_an_unknown_version_is_an_error() {
    for answer in ["2099-01-01", "2026-07-28"] {
        let (mut server, end) = FakeServer::pair();
        let connecting = tokio::spawn(Client::connect(end));
        let (r, _) = server.expect_request("server/discover").await;
        server.error(&r.id, -32601, None).await;
        let (init, _) = server.expect_request("initialize").await;
        server.respond(&init.id, initialize_result(answer, json!({}))).await;
        assert!(matches!(connecting.await.unwrap(), Err(ClientError::Version(_))), "{answer}");
    }
}

#[tokio::test]
async fn forced_legacy_revision_skips_the_probe() {
    let (mut server, end) = FakeServer::pair();
    let builder = Client::builder().protocol_version(ProtocolVersion::V2025_03_26);
    let connecting = tokio::spawn(builder.connect(end));
    let (init, params) = server.expect_request("initialize").await;
    assert_eq!(params["protocolVersion"], json!("2025-03-26"));
    server.respond(&init.id, initialize_result("2025-03-26", json!({}))).await;
    server.expect_notification("notifications/initialized").await;
    assert_eq!(connecting.await.unwrap().unwrap().protocol_version(), ProtocolVersion::V2025_03_26);
}

#[tokio::test]
async fn forced_modern_revision_never_falls_back() {
    let (mut server, end) = FakeServer::pair();
    let builder = Client::builder().protocol_version(ProtocolVersion::V2026_07_28);
    let connecting = tokio::spawn(builder.connect(end));
    let (r, _) = server.expect_request("server/discover").await;
    server.error(&r.id, -32601, None).await;
    assert!(matches!(connecting.await.unwrap(), Err(ClientError::Version(_))));
    while let Some(m) = server.try_recv(Duration::from_millis(100)).await {
        assert!(!matches!(m, Message::Request(ref r) if r.method == "initialize"));
    }
}

#[tokio::test]
async fn era_is_cached_for_the_connection() {
    let (client, mut server) = modern(Client::builder()).await;
    let tools = client.list_tools(None);
    let serve = async {
        // The next request is tools/list itself, not another probe.
        let (r, params) = server.expect_request("tools/list").await;
        assert_modern_meta(&params);
        server.respond(&r.id, json!({"tools": [], "resultType": "complete"})).await;
    };
    let (result, ()) = tokio::join!(tools, serve);
    assert!(result.unwrap().tools.is_empty());
}
