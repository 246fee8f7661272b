//! Multi round-trip requests (2026-07-28 `basic/patterns/mrtr.mdx`): fulfil every input
//! request through the callbacks, retry with a new id, the original params, `inputResponses`
//! under the same keys and the echoed `requestState`.

mod support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use mcp_client::{Client, ClientError};
use mcp_jsonrpc::ErrorObject;
use mcp_jsonrpc::schema::elicitation::{ElicitRequestParams, ElicitResult, ElicitValue};
use mcp_jsonrpc::schema::roots::ListRootsResult;
use mcp_jsonrpc::schema::sampling::{CreateMessageRequestParams, CreateMessageResult};
use serde_json::{Value, json};
use support::*;

fn elicit_request(message: &str) -> Value {
    json!({"method": "elicitation/create", "params": {"mode": "form", "message": message,
        "requestedSchema": {"type": "object", "properties": {
            "name": {"type": "string"},
            "age": {"type": "integer", "default": 42}
        }, "required": ["name"]}}})
}

fn sampling_result() -> CreateMessageResult {
    serde_json::from_value(json!({"role": "assistant", "content": {"type": "text", "text": "Paris"},
        "model": "m", "stopReason": "endTurn"}))
    .unwrap()
}

/// A client whose elicitation callback answers `name: octocat` and records the messages.
fn builder(seen: Arc<Mutex<Vec<String>>>) -> mcp_client::ClientBuilder {
    Client::builder()
        .elicitation(move |req: ElicitRequestParams| {
            seen.lock().unwrap().push(req.message().to_owned());
            async move {
                Ok(ElicitResult::accept(BTreeMap::from([(
                    "name".to_owned(),
                    ElicitValue::String("octocat".into()),
                )])))
            }
        })
        .sampling(|_req: CreateMessageRequestParams| async { Ok(sampling_result()) })
        .roots(|| async {
            Ok(serde_json::from_value::<ListRootsResult>(json!({"roots": [{"uri": "file:///work"}]}))
                .unwrap())
        })
}

#[tokio::test]
async fn tool_call_retries_with_responses_state_and_a_new_id() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (client, mut s) = modern(builder(seen.clone())).await;
    let args = json!({"repo": "x"}).as_object().unwrap().clone();
    let call = client.call_tool("star", Some(args));
    let serve = async {
        let (first, p1) = s.expect_request("tools/call").await;
        assert_modern_meta(&p1);
        // The discover probe declared what the callbacks allow.
        let caps = &p1["_meta"]["io.modelcontextprotocol/clientCapabilities"];
        assert!(caps["elicitation"].is_object() && caps["sampling"].is_object() && caps["roots"].is_object());
        s.respond(&first.id, json!({"resultType": "input_required",
            "inputRequests": {
                "login": elicit_request("Who are you?"),
                "capital": {"method": "sampling/createMessage", "params": {"messages": [
                    {"role": "user", "content": {"type": "text", "text": "Capital of France?"}}], "maxTokens": 10}},
                "where": {"method": "roots/list", "params": {}}
            },
            "requestState": "opaque-1"})).await;
        let (second, p2) = s.expect_request("tools/call").await;
        assert_ne!(first.id, second.id, "a retry is a new request");
        assert_modern_meta(&p2);
        assert_eq!(p2["name"], json!("star"));
        assert_eq!(p2["arguments"], json!({"repo": "x"}));
        assert_eq!(p2["requestState"], json!("opaque-1"));
        let responses = &p2["inputResponses"];
        assert_eq!(
            responses["login"],
            json!({"action": "accept", "content": {"name": "octocat", "age": 42}})
        );
        assert_eq!(responses["capital"]["content"]["text"], json!("Paris"));
        assert_eq!(responses["where"]["roots"][0]["uri"], json!("file:///work"));
        assert!(responses["login"].get("resultType").is_none());
        // Second round: state only, no input requests; the retry must not carry the old
        // responses and must echo the new state.
        s.respond(&second.id, json!({"resultType": "input_required", "requestState": "opaque-2"})).await;
        let (third, p3) = s.expect_request("tools/call").await;
        assert!(p3.get("inputResponses").is_none(), "inputs are for one retry only: {p3}");
        assert_eq!(p3["requestState"], json!("opaque-2"));
        s.respond(
            &third.id,
            json!({"resultType": "complete", "content": [{"type": "text", "text": "done"}]}),
        )
        .await;
    };
    let (result, ()) = tokio::join!(call, serve);
    assert_eq!(result.unwrap().content.len(), 1);
    assert_eq!(*seen.lock().unwrap(), ["Who are you?"]);
}

#[tokio::test]
async fn no_request_state_means_none_is_sent() {
    let (client, mut s) = modern(builder(Arc::default())).await;
    let read = client.read_resource("file:///secret");
    let serve = async {
        let (first, _) = s.expect_request("resources/read").await;
        s.respond(
            &first.id,
            json!({"resultType": "input_required", "inputRequests": {"k": elicit_request("ok?")}}),
        )
        .await;
        let (second, p) = s.expect_request("resources/read").await;
        assert_eq!(p["uri"], json!("file:///secret"));
        assert!(p.get("requestState").is_none());
        assert!(p["inputResponses"]["k"].is_object());
        s.respond(&second.id, json!({"contents": []})).await;
    };
    let (result, ()) = tokio::join!(read, serve);
    result.unwrap();
}

#[tokio::test]
async fn rounds_are_bounded() {
    let (client, mut s) = modern(builder(Arc::default()).max_input_rounds(2)).await;
    let get = client.get_prompt("p", None);
    let serve = async {
        for _ in 0..3 {
            let (r, _) = s.expect_request("prompts/get").await;
            s.respond(&r.id, json!({"resultType": "input_required", "requestState": "again"})).await;
        }
    };
    let (result, ()) = tokio::join!(get, serve);
    assert!(matches!(result, Err(ClientError::TooManyRounds(2))));
}

#[tokio::test]
async fn an_input_request_without_a_callback_fails_the_call() {
    let (client, mut s) = modern(Client::builder()).await;
    let call = client.call_tool("t", None);
    let serve = async {
        let (r, p) = s.expect_request("tools/call").await;
        assert_eq!(p["_meta"]["io.modelcontextprotocol/clientCapabilities"], json!({}));
        s.respond(
            &r.id,
            json!({"resultType": "input_required", "inputRequests": {"k": elicit_request("?")}}),
        )
        .await;
    };
    let (result, ()) = tokio::join!(call, serve);
    assert!(matches!(result, Err(ClientError::UnsupportedInputRequest { key, .. }) if key == "k"));
}

#[tokio::test]
async fn a_callback_error_fails_the_call_and_defaults_can_be_disabled() {
    let failing = Client::builder()
        .elicitation(|_r: ElicitRequestParams| async { Err(ErrorObject::internal("user went away")) });
    let (client, mut s) = modern(failing).await;
    let call = client.call_tool("t", None);
    let serve = async {
        let (r, _) = s.expect_request("tools/call").await;
        s.respond(
            &r.id,
            json!({"resultType": "input_required", "inputRequests": {"k": elicit_request("?")}}),
        )
        .await;
    };
    let (result, ()) = tokio::join!(call, serve);
    assert!(
        matches!(result, Err(ClientError::UnsupportedInputRequest { reason, .. }) if reason.contains("went away"))
    );

    let (client, mut s) = modern(builder(Arc::default()).apply_elicitation_defaults(false)).await;
    let call = client.call_tool("t", None);
    let serve = async {
        let (r, _) = s.expect_request("tools/call").await;
        s.respond(
            &r.id,
            json!({"resultType": "input_required", "inputRequests": {"k": elicit_request("?")}}),
        )
        .await;
        let (r, p) = s.expect_request("tools/call").await;
        assert_eq!(p["inputResponses"]["k"]["content"], json!({"name": "octocat"}));
        s.respond(&r.id, text_result("ok")).await;
    };
    let (result, ()) = tokio::join!(call, serve);
    result.unwrap();
}
