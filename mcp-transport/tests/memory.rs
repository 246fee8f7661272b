//! The in-memory transport pair, and the boxed (dynamic) forms of the traits.

use std::time::Duration;

use mcp_jsonrpc::{ErrorCode, Message, Notification, Request, RequestId, ResultResponse};
use mcp_transport::memory::{self, MemoryOptions, Wire};
use mcp_transport::{BoxTransport, MessageSink, MessageStream, Transport, TransportError};
use serde_json::json;

async fn within<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), f).await.expect("timed out")
}

fn note(method: &str) -> Message {
    Message::Notification(Notification::without_params(method))
}

fn method_of(m: Option<Result<Message, TransportError>>) -> String {
    m.expect("stream ended").expect("error").method().expect("no method").to_owned()
}

#[tokio::test]
async fn both_directions_by_value() {
    let (mut a, mut b) = memory::pair();
    let request = Message::Request(Request::new(1, "tools/list", &json!({"cursor": "c"})).unwrap());
    within(a.send(request.clone())).await.unwrap();
    assert_eq!(within(b.recv()).await.unwrap().unwrap(), request);
    let response =
        Message::Response(ResultResponse::new(RequestId::Number(1), &json!({"tools": []})).unwrap());
    within(b.send(response.clone())).await.unwrap();
    assert_eq!(within(a.recv()).await.unwrap().unwrap(), response);
}

#[tokio::test]
async fn recv_returns_none_after_the_peer_closes() {
    let (mut a, mut b) = memory::pair();
    within(a.send(note("one"))).await.unwrap();
    within(a.send(note("two"))).await.unwrap();
    within(a.close()).await.unwrap();
    assert!(matches!(within(a.send(note("late"))).await, Err(TransportError::Closed)));
    assert_eq!(method_of(within(b.recv()).await), "one");
    assert_eq!(method_of(within(b.recv()).await), "two");
    assert!(within(b.recv()).await.is_none());
    assert!(within(b.recv()).await.is_none());
    // Half-close: b can still send to a.
    within(b.send(note("back"))).await.unwrap();
    assert_eq!(method_of(within(a.recv()).await), "back");
}

#[tokio::test]
async fn dropping_an_end_closes_both_directions() {
    let (mut a, b) = memory::pair();
    drop(b);
    assert!(matches!(within(a.send(note("x"))).await, Err(TransportError::Closed)));
    assert!(within(a.recv()).await.is_none());
}

#[tokio::test]
async fn bytes_wire_round_trips_and_reports_malformed_frames() {
    let (mut a, mut b) = memory::pair_with(MemoryOptions { wire: Wire::Bytes, ..MemoryOptions::default() });
    // Raw params with insignificant newlines still travel as one valid line.
    let params = mcp_jsonrpc::RawValue::from_string("{\n \"k\": [1,\n2]\n}".to_owned()).unwrap();
    let request = Message::Request(Request { id: 5.into(), method: "m".into(), params: Some(params) });
    within(a.send(request)).await.unwrap();
    let Some(Ok(Message::Request(got))) = within(b.recv()).await else { panic!("no request") };
    assert_eq!(got.params_as::<serde_json::Value>().unwrap(), json!({"k": [1, 2]}));

    within(a.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":4}".to_vec())).await.unwrap();
    within(a.send_raw(b"[oops".to_vec())).await.unwrap();
    within(a.send(note("after"))).await.unwrap();
    let Some(Err(e)) = within(b.recv()).await else { panic!("expected an error") };
    let answer = e.to_error_response().unwrap();
    assert_eq!((answer.id, answer.error.code), (Some(RequestId::Number(4)), ErrorCode::INVALID_REQUEST));
    let Some(Err(e)) = within(b.recv()).await else { panic!("expected an error") };
    assert_eq!(e.to_error_response().unwrap().error.code, ErrorCode::PARSE_ERROR);
    assert_eq!(method_of(within(b.recv()).await), "after");
}

#[tokio::test]
async fn split_halves_stream_500_messages_through_capacity_one() {
    let (client, server) = memory::pair_with(MemoryOptions { capacity: 1, ..MemoryOptions::default() });
    let (mut server_tx, mut server_rx) = server.split();
    // The server echoes on two tasks: one receives, one sends.
    let (fwd_tx, mut fwd_rx) = tokio::sync::mpsc::channel::<Message>(1);
    let receiver = tokio::spawn(async move {
        while let Some(m) = server_rx.recv().await {
            fwd_tx.send(m.unwrap()).await.unwrap();
        }
    });
    let sender = tokio::spawn(async move {
        while let Some(m) = fwd_rx.recv().await {
            server_tx.send(m).await.unwrap();
        }
        server_tx.close().await.unwrap();
    });
    let (mut tx, mut rx) = client.split();
    let producer = tokio::spawn(async move {
        for i in 0..500 {
            tx.send(Message::Request(Request::without_params(i, "ping"))).await.unwrap();
        }
        tx.close().await.unwrap();
    });
    let mut ids = Vec::new();
    while let Some(m) = within(rx.recv()).await {
        ids.push(m.unwrap().id().and_then(RequestId::as_number).unwrap());
    }
    assert_eq!(ids, (0..500).collect::<Vec<_>>());
    for task in [producer, receiver, sender] {
        within(task).await.unwrap();
    }
}

/// Generic code accepts a boxed transport as well as a concrete one.
async fn ask<T: Transport>(transport: &mut T, method: &str) -> Message {
    within(transport.send(Message::Request(Request::without_params(1, method)))).await.unwrap();
    within(transport.recv()).await.unwrap().unwrap()
}

#[tokio::test]
async fn boxed_transports_work_and_split() {
    let (a, b) = memory::pair();
    let mut a: BoxTransport = a.boxed();
    let mut b: BoxTransport = b.boxed().boxed();
    let responder = tokio::spawn(async move {
        let Some(Ok(Message::Request(r))) = b.recv().await else { panic!("no request") };
        b.send(Message::Response(ResultResponse::new(r.id, &json!({"echo": r.method})).unwrap()))
            .await
            .unwrap();
        b
    });
    let Message::Response(r) = ask(&mut a, "hello").await else { panic!("not a response") };
    assert_eq!(r.result_as::<serde_json::Value>().unwrap(), json!({"echo": "hello"}));
    let b = within(responder).await.unwrap();

    let (mut a_tx, _a_rx) = a.split();
    let (_b_tx, mut b_rx) = b.split();
    within(a_tx.send(note("via halves"))).await.unwrap();
    within(a_tx.close()).await.unwrap();
    assert_eq!(method_of(within(b_rx.recv()).await), "via halves");
    assert!(within(b_rx.recv()).await.is_none());
}
