//! The stdio transport over in-memory pipes (`tokio::io::duplex`).

use std::time::Duration;

use mcp_jsonrpc::{
    ErrorCode, ErrorObject, ErrorResponse, Message, Notification, Request, RequestId, ResultResponse,
};
use mcp_transport::stdio::{StdioReader, StdioTransport, StdioWriter};
use mcp_transport::{MessageSink, MessageStream, Transport, TransportError};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream, ReadHalf, WriteHalf};

type Pipe = StdioTransport<ReadHalf<DuplexStream>, WriteHalf<DuplexStream>>;

async fn within<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), f).await.expect("timed out")
}

/// Two stdio transports connected through a duplex pipe of `buffer` bytes each way.
fn connected(buffer: usize) -> (Pipe, Pipe) {
    let (a, b) = tokio::io::duplex(buffer);
    let (ar, aw) = tokio::io::split(a);
    let (br, bw) = tokio::io::split(b);
    (StdioTransport::new(ar, aw), StdioTransport::new(br, bw))
}

/// A stdio reader fed by hand through the returned writer.
fn fed(max_line_bytes: usize) -> (StdioReader<DuplexStream>, DuplexStream) {
    let (ours, theirs) = tokio::io::duplex(64 * 1024);
    (StdioReader::new(ours, max_line_bytes), theirs)
}

fn sample_messages() -> Vec<Message> {
    vec![
        Message::Request(
            Request::new(1, "tools/call", &json!({"name": "echo", "arguments": {"t": "a\nb"}})).unwrap(),
        ),
        Message::Notification(Notification::without_params("notifications/initialized")),
        Message::Response(ResultResponse::new("r-1".into(), &json!({"tools": []})).unwrap()),
        Message::Error(ErrorResponse::new(Some(RequestId::Number(9)), ErrorObject::method_not_found("x/y"))),
    ]
}

#[tokio::test]
async fn round_trip_both_directions() {
    // A 64-byte pipe forces partial writes and reads.
    let (client, mut server) = connected(64);
    let big = "x".repeat(200_000);
    let mut messages = sample_messages();
    messages.push(Message::Request(Request::new(2, "big", &json!({ "data": big })).unwrap()));
    let mut client = exchange(client, &mut server, messages.clone()).await;
    exchange(server, &mut client, messages).await;
}

/// Sends `messages` from `from` on a task while `to` receives them; returns `from`.
async fn exchange(mut from: Pipe, to: &mut Pipe, messages: Vec<Message>) -> Pipe {
    let expected = messages.clone();
    let writer = tokio::spawn(async move {
        for m in messages {
            within(from.send(m)).await.unwrap();
        }
        from
    });
    for want in &expected {
        let got = within(to.recv()).await.expect("stream ended").expect("error");
        assert_eq!(&got, want);
    }
    within(writer).await.unwrap()
}

#[tokio::test]
async fn each_message_is_one_flushed_line() {
    let (ours, mut theirs) = tokio::io::duplex(64 * 1024);
    let mut writer = StdioWriter::new(ours);
    for m in sample_messages() {
        within(writer.send(m)).await.unwrap();
    }
    within(writer.close()).await.unwrap();
    let mut bytes = Vec::new();
    within(theirs.read_to_end(&mut bytes)).await.unwrap();
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    assert_eq!(lines.len(), 5, "4 lines and the empty rest after the last newline");
    assert!(lines[4].is_empty());
    for (line, want) in lines.iter().zip(sample_messages()) {
        assert!(!line.contains(&b'\r'));
        assert_eq!(mcp_jsonrpc::decode_message(line).unwrap(), want);
    }
}

#[tokio::test]
async fn malformed_line_is_a_decode_error_and_the_stream_continues() {
    let (mut reader, mut input) = fed(1024);
    let text = b"not json\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n\
        {\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"x\"}\n{\"jsonrpc\":\"2.0\",\"method\":\"n\"}\n";
    within(input.write_all(text)).await.unwrap();
    let Some(Err(parse)) = within(reader.recv()).await else { panic!("expected an error") };
    assert!(matches!(parse, TransportError::Decode(_)) && parse.is_per_message());
    let answer = parse.to_error_response().unwrap();
    assert_eq!((answer.id, answer.error.code), (None, ErrorCode::PARSE_ERROR));

    let Some(Ok(Message::Request(r))) = within(reader.recv()).await else { panic!("expected ping") };
    assert_eq!((r.id, r.method.as_str()), (RequestId::Number(1), "ping"));

    let Some(Err(invalid)) = within(reader.recv()).await else { panic!("expected an error") };
    let answer = invalid.to_error_response().unwrap();
    assert_eq!((answer.id, answer.error.code), (Some(RequestId::Number(3)), ErrorCode::INVALID_REQUEST));

    assert!(matches!(within(reader.recv()).await, Some(Ok(Message::Notification(n))) if n.method == "n"));
}

#[tokio::test]
async fn line_too_long_is_reported_and_the_stream_continues() {
    let (mut reader, mut input) = fed(64);
    let writer = tokio::spawn(async move {
        within(input.write_all(&vec![b'a'; 100_000])).await.unwrap();
        within(input.write_all(b"\n{\"jsonrpc\":\"2.0\",\"method\":\"after\"}\n")).await.unwrap();
        input
    });
    let Some(Err(e)) = within(reader.recv()).await else { panic!("expected an error") };
    assert!(matches!(e, TransportError::LineTooLong { max: 64 }), "{e:?}");
    assert!(e.is_per_message());
    assert!(matches!(within(reader.recv()).await, Some(Ok(Message::Notification(n))) if n.method == "after"));
    drop(within(writer).await.unwrap());
    assert!(within(reader.recv()).await.is_none());
}

#[tokio::test]
async fn end_of_file_decodes_an_unterminated_last_line_then_ends() {
    let (mut reader, mut input) = fed(1024);
    let text = b"\r\n\n{\"jsonrpc\":\"2.0\",\"method\":\"a\"}\r\n{\"jsonrpc\":\"2.0\",\"method\":\"b\"}";
    within(input.write_all(text)).await.unwrap();
    drop(input);
    for want in ["a", "b"] {
        assert!(
            matches!(within(reader.recv()).await, Some(Ok(Message::Notification(n))) if n.method == want)
        );
    }
    assert!(within(reader.recv()).await.is_none());
    assert!(within(reader.recv()).await.is_none());
}

#[tokio::test]
async fn recv_is_cancel_safe() {
    let (mut reader, mut input) = fed(1024);
    within(input.write_all(b"{\"jsonrpc\":\"2.0\",")).await.unwrap();
    let pending = tokio::time::timeout(Duration::from_millis(20), reader.recv()).await;
    assert!(pending.is_err(), "no complete line yet");
    within(input.write_all(b"\"method\":\"whole\"}\n")).await.unwrap();
    assert!(matches!(within(reader.recv()).await, Some(Ok(Message::Notification(n))) if n.method == "whole"));
}

#[tokio::test]
async fn a_cancelled_send_is_completed_by_the_next_one() {
    let (ours, theirs) = tokio::io::duplex(16);
    let mut writer = StdioWriter::new(ours);
    let first = Message::Request(Request::new(1, "first", &json!({"pad": "p".repeat(1000)})).unwrap());
    // Nobody reads yet: the send cannot finish and is cancelled part-way.
    let cancelled = tokio::time::timeout(Duration::from_millis(20), writer.send(first.clone())).await;
    assert!(cancelled.is_err());
    let reader = tokio::spawn(async move {
        let mut reader = StdioReader::new(theirs, 4096);
        let a = reader.recv().await;
        let b = reader.recv().await;
        (a, b)
    });
    let second = Message::Notification(Notification::without_params("second"));
    within(writer.send(second.clone())).await.unwrap();
    let (a, b) = within(reader).await.unwrap();
    assert_eq!(a.unwrap().unwrap(), first);
    assert_eq!(b.unwrap().unwrap(), second);
}

#[tokio::test]
async fn close_is_a_half_close() {
    let (mut client, mut server) = connected(1024);
    within(client.send(Message::Notification(Notification::without_params("last")))).await.unwrap();
    within(client.close()).await.unwrap();
    within(client.close()).await.unwrap();
    assert!(matches!(
        within(client.send(Message::Notification(Notification::without_params("late")))).await,
        Err(TransportError::Closed)
    ));
    assert!(matches!(within(server.recv()).await, Some(Ok(Message::Notification(n))) if n.method == "last"));
    assert!(within(server.recv()).await.is_none());
    // The other direction still works.
    within(server.send(Message::Notification(Notification::without_params("reply")))).await.unwrap();
    assert!(matches!(within(client.recv()).await, Some(Ok(Message::Notification(n))) if n.method == "reply"));
}

#[tokio::test]
async fn sending_to_a_dropped_peer_fails() {
    let (mut client, server) = connected(1024);
    drop(server);
    let e = within(client.send(Message::Notification(Notification::without_params("x")))).await.unwrap_err();
    assert!(matches!(e, TransportError::Closed | TransportError::Io(_)), "{e:?}");
}

#[tokio::test]
async fn split_halves_work_from_separate_tasks() {
    let (client, mut server) = connected(256);
    let (mut tx, mut rx) = client.split();
    let sender = tokio::spawn(async move {
        for i in 0..200 {
            tx.send(Message::Request(Request::without_params(i, "ping"))).await.unwrap();
        }
        tx.close().await.unwrap();
    });
    // The server echoes every request as a response while the client keeps sending.
    let echo = tokio::spawn(async move {
        while let Some(m) = server.recv().await {
            let Message::Request(r) = m.unwrap() else { panic!("not a request") };
            server.send(Message::Response(ResultResponse::new(r.id, &json!({})).unwrap())).await.unwrap();
        }
        server.close().await.unwrap();
    });
    let mut ids = Vec::new();
    while let Some(m) = within(rx.recv()).await {
        ids.push(m.unwrap().id().and_then(RequestId::as_number).unwrap());
    }
    assert_eq!(ids, (0..200).collect::<Vec<_>>());
    within(sender).await.unwrap();
    within(echo).await.unwrap();
}
