//! Multi round-trip requests (MRTR, 2026-07-28 `basic/patterns/mrtr.mdx`, SEP-2322).
//!
//! A 2026-07-28 server never sends requests. When `tools/call`, `resources/read` or
//! `prompts/get` needs input, the server answers an [`InputRequiredResult`]
//! (`resultType: "input_required"`) with `inputRequests` (key → [`InputRequest`]) and/or an
//! opaque `requestState`. The client fulfils each input request (elicitation, sampling,
//! roots) and retries the original request with `inputResponses` (same keys →
//! [`InputResponse`]) and the `requestState` echoed ([`InputResponseRequestParams`]).
//! The tasks extension reuses the same maps in `tasks/get` and `tasks/update`.
//!
//! `requestState` is attacker-controlled from the server's point of view: a server MUST
//! protect it (HMAC/AEAD) when it affects authorization or logic.

use std::collections::BTreeMap;

use serde::de::{self, DeserializeOwned};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::common::{ResultType, adapt_result_type};
use super::elicitation::{ElicitRequestParams, ElicitResult};
use super::methods::{ELICITATION_CREATE, ROOTS_LIST, SAMPLING_CREATE_MESSAGE};
use super::roots::{ListRootsRequestParams, ListRootsResult};
use super::sampling::{CreateMessageRequestParams, CreateMessageResult};
use super::{Meta, Revisioned};
use crate::version::ProtocolVersion;

/// One request the server needs the client to fulfil (`InputRequest`): `{method, params}`
/// where the method is `elicitation/create`, `sampling/createMessage` or `roots/list`.
///
/// A server MUST NOT ask for inputs whose client capability (`elicitation`, `sampling`,
/// `roots`) the request did not declare.
#[derive(Debug, Clone, PartialEq)]
pub enum InputRequest {
    /// `elicitation/create` (`ElicitRequest`).
    Elicit(ElicitRequestParams),
    /// `sampling/createMessage` (`CreateMessageRequest`, deprecated).
    CreateMessage(CreateMessageRequestParams),
    /// `roots/list` (`ListRootsRequest`, deprecated); `params` is optional.
    ListRoots(Option<ListRootsRequestParams>),
}

impl InputRequest {
    /// The method name.
    pub fn method(&self) -> &'static str {
        match self {
            InputRequest::Elicit(_) => ELICITATION_CREATE,
            InputRequest::CreateMessage(_) => SAMPLING_CREATE_MESSAGE,
            InputRequest::ListRoots(_) => ROOTS_LIST,
        }
    }

    /// Whether `response` is the kind of answer this request expects.
    pub fn is_answered_by(&self, response: &InputResponse) -> bool {
        matches!(
            (self, response),
            (InputRequest::Elicit(_), InputResponse::Elicit(_))
                | (InputRequest::CreateMessage(_), InputResponse::CreateMessage(_))
                | (InputRequest::ListRoots(_), InputResponse::ListRoots(_))
        )
    }
}

impl From<ElicitRequestParams> for InputRequest {
    fn from(p: ElicitRequestParams) -> Self {
        InputRequest::Elicit(p)
    }
}

impl From<CreateMessageRequestParams> for InputRequest {
    fn from(p: CreateMessageRequestParams) -> Self {
        InputRequest::CreateMessage(p)
    }
}

impl Serialize for InputRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let params_present = !matches!(self, InputRequest::ListRoots(None));
        let mut map = s.serialize_map(Some(if params_present { 2 } else { 1 }))?;
        map.serialize_entry("method", self.method())?;
        match self {
            InputRequest::Elicit(p) => map.serialize_entry("params", p)?,
            InputRequest::CreateMessage(p) => map.serialize_entry("params", p)?,
            InputRequest::ListRoots(Some(p)) => map.serialize_entry("params", p)?,
            InputRequest::ListRoots(None) => {}
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for InputRequest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            method: String,
            #[serde(default)]
            params: Option<Value>,
        }
        fn params<T: DeserializeOwned, E: de::Error>(method: &str, p: Option<Value>) -> Result<T, E> {
            let p = p.ok_or_else(|| E::custom(format_args!("input request {method} needs params")))?;
            T::deserialize(p).map_err(|e| E::custom(format_args!("input request {method}: {e}")))
        }
        let raw = Raw::deserialize(d)?;
        match raw.method.as_str() {
            ELICITATION_CREATE => params(&raw.method, raw.params).map(InputRequest::Elicit),
            SAMPLING_CREATE_MESSAGE => params(&raw.method, raw.params).map(InputRequest::CreateMessage),
            ROOTS_LIST => match raw.params {
                None => Ok(InputRequest::ListRoots(None)),
                p => params(&raw.method, p).map(|p| InputRequest::ListRoots(Some(p))),
            },
            other => Err(de::Error::custom(format_args!(
                "unknown input request method {other:?} (expected {ELICITATION_CREATE}, \
                 {SAMPLING_CREATE_MESSAGE} or {ROOTS_LIST})"
            ))),
        }
    }
}

impl Revisioned for InputRequest {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        match self {
            InputRequest::Elicit(p) => p.adapt_to(version),
            InputRequest::CreateMessage(p) => p.adapt_to(version),
            InputRequest::ListRoots(_) => {}
        }
    }
}

/// The client's answer to one [`InputRequest`] (`InputResponse`): an [`ElicitResult`], a
/// [`CreateMessageResult`] or a [`ListRootsResult`], without `resultType`.
///
/// Decoding picks the variant by its required members: `action` → elicitation, `roots` →
/// roots, otherwise sampling (`role`, `content`, `model`). A server that knows which request a
/// key belongs to can instead decode with [`InputResponse::decode_for`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
// Values are built once per input round trip, so variant sizes do not matter here.
#[allow(clippy::large_enum_variant)]
pub enum InputResponse {
    /// Answer to `elicitation/create`.
    Elicit(ElicitResult),
    /// Answer to `sampling/createMessage`.
    CreateMessage(CreateMessageResult),
    /// Answer to `roots/list`.
    ListRoots(ListRootsResult),
}

impl InputResponse {
    /// Decodes `value` as the answer to `request`.
    ///
    /// # Errors
    /// When `value` does not have the shape of that answer.
    pub fn decode_for(request: &InputRequest, value: Value) -> Result<InputResponse, serde_json::Error> {
        match request {
            InputRequest::Elicit(_) => ElicitResult::deserialize(value).map(InputResponse::Elicit),
            InputRequest::CreateMessage(_) => {
                CreateMessageResult::deserialize(value).map(InputResponse::CreateMessage)
            }
            InputRequest::ListRoots(_) => ListRootsResult::deserialize(value).map(InputResponse::ListRoots),
        }
    }

    /// The elicitation answer, if this is one.
    pub fn as_elicit(&self) -> Option<&ElicitResult> {
        match self {
            InputResponse::Elicit(r) => Some(r),
            _ => None,
        }
    }

    /// The sampling answer, if this is one.
    pub fn as_create_message(&self) -> Option<&CreateMessageResult> {
        match self {
            InputResponse::CreateMessage(r) => Some(r),
            _ => None,
        }
    }

    /// The roots answer, if this is one.
    pub fn as_list_roots(&self) -> Option<&ListRootsResult> {
        match self {
            InputResponse::ListRoots(r) => Some(r),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for InputResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let Some(object) = value.as_object() else {
            return Err(de::Error::custom("an input response must be an object"));
        };
        let result = if object.contains_key("action") {
            ElicitResult::deserialize(value).map(InputResponse::Elicit)
        } else if object.contains_key("roots") {
            ListRootsResult::deserialize(value).map(InputResponse::ListRoots)
        } else {
            CreateMessageResult::deserialize(value).map(InputResponse::CreateMessage)
        };
        result.map_err(de::Error::custom)
    }
}

impl From<ElicitResult> for InputResponse {
    fn from(r: ElicitResult) -> Self {
        InputResponse::Elicit(r)
    }
}

impl From<CreateMessageResult> for InputResponse {
    fn from(r: CreateMessageResult) -> Self {
        InputResponse::CreateMessage(r)
    }
}

impl From<ListRootsResult> for InputResponse {
    fn from(r: ListRootsResult) -> Self {
        InputResponse::ListRoots(r)
    }
}

impl Revisioned for InputResponse {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        match self {
            InputResponse::Elicit(r) => r.adapt_to(version),
            InputResponse::CreateMessage(r) => r.adapt_to(version),
            InputResponse::ListRoots(r) => r.adapt_to(version),
        }
    }
}

/// Server-assigned key → input request (`InputRequests`), in key order.
pub type InputRequests = BTreeMap<String, InputRequest>;

/// Key of an [`InputRequests`] entry → the client's answer (`InputResponses`).
pub type InputResponses = BTreeMap<String, InputResponse>;

/// The result that asks the client for input before the request can complete
/// (`InputRequiredResult`, `resultType: "input_required"`).
///
/// At least one of `inputRequests` and `requestState` MUST be present
/// ([`InputRequiredResult::is_well_formed`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InputRequiredResult {
    /// `"input_required"` (set by [`Revisioned::adapt_to`] when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// The requests to fulfil before retrying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_requests: Option<InputRequests>,
    /// Opaque state the client echoes in the retry; it must not interpret it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_state: Option<String>,
    /// Result metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl InputRequiredResult {
    /// A result asking for `requests`, with `resultType` set.
    pub fn new(requests: InputRequests) -> Self {
        InputRequiredResult {
            result_type: Some(ResultType::InputRequired),
            input_requests: Some(requests),
            ..Self::default()
        }
    }

    /// A result carrying only `requestState` (e.g. load shedding: "retry later with this").
    pub fn with_state_only(state: impl Into<String>) -> Self {
        InputRequiredResult {
            result_type: Some(ResultType::InputRequired),
            request_state: Some(state.into()),
            ..Self::default()
        }
    }

    /// Builder: sets `requestState`.
    pub fn with_request_state(mut self, state: impl Into<String>) -> Self {
        self.request_state = Some(state.into());
        self
    }

    /// Whether it has `inputRequests` or `requestState`, as the spec requires, and a
    /// `resultType` (when present) of `input_required`.
    pub fn is_well_formed(&self) -> bool {
        (self.input_requests.is_some() || self.request_state.is_some())
            && self.result_type.as_ref().is_none_or(|t| *t == ResultType::InputRequired)
    }
}

impl Revisioned for InputRequiredResult {
    /// Modern: sets `resultType` to `input_required` when absent and adapts the requests.
    /// Legacy revisions have no such result; `resultType` is removed (callers must not send
    /// it to a legacy peer; they send real requests instead).
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version.is_modern() {
            self.result_type.get_or_insert(ResultType::InputRequired);
        } else {
            adapt_result_type(&mut self.result_type, version);
        }
        if let Some(requests) = &mut self.input_requests {
            requests.values_mut().for_each(|r| r.adapt_to(version));
        }
    }
}

/// The request members of a retry after an [`InputRequiredResult`]
/// (`InputResponseRequestParams`; 2026-07-28). Request params of `tools/call`,
/// `resources/read` and `prompts/get` carry these members themselves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InputResponseRequestParams {
    /// One answer per key of the previous `inputRequests`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_responses: Option<InputResponses>,
    /// The previous `requestState`, unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_state: Option<String>,
    /// Request metadata (required in 2026-07-28; filled by the client layer).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::round_trip_examples;
    use crate::schema::elicitation::ElicitAction;

    #[test]
    fn official_examples_round_trip() {
        let results: Vec<InputRequiredResult> = round_trip_examples("InputRequiredResult");
        assert!(results.iter().all(InputRequiredResult::is_well_formed));
        let with_requests = results.iter().find(|r| r.input_requests.is_some()).unwrap();
        let requests = with_requests.input_requests.as_ref().unwrap();
        assert_eq!(requests["github_login"].method(), ELICITATION_CREATE);
        assert_eq!(requests["capital_of_france"].method(), SAMPLING_CREATE_MESSAGE);
        assert!(results.iter().any(|r| r.input_requests.is_none() && r.request_state.is_some()));

        let requests: Vec<InputRequests> = round_trip_examples("InputRequests");
        let responses: Vec<InputResponses> = round_trip_examples("InputResponses");
        for (key, request) in &requests[0] {
            assert!(request.is_answered_by(&responses[0][key]), "{key}");
        }
        assert_eq!(responses[0]["github_login"].as_elicit().unwrap().action, ElicitAction::Accept);
        assert!(responses[0]["capital_of_france"].as_create_message().is_some());
    }

    #[test]
    fn roots_request_with_and_without_params() {
        let bare: InputRequest = serde_json::from_value(json!({"method": "roots/list"})).unwrap();
        assert_eq!(bare, InputRequest::ListRoots(None));
        assert_eq!(serde_json::to_value(&bare).unwrap(), json!({"method": "roots/list"}));
        let with: InputRequest =
            serde_json::from_value(json!({"method": "roots/list", "params": {}})).unwrap();
        assert_eq!(serde_json::to_value(&with).unwrap(), json!({"method": "roots/list", "params": {}}));
        let answer: InputResponse = serde_json::from_value(json!({"roots": [{"uri": "file:///a"}]})).unwrap();
        assert!(bare.is_answered_by(&answer));
        assert!(!bare.is_answered_by(&InputResponse::Elicit(ElicitResult::cancel())));
    }

    #[test]
    fn bad_input_requests_and_responses_are_rejected() {
        let unknown = json!({"method": "tools/call", "params": {"name": "x"}});
        let err = serde_json::from_value::<InputRequest>(unknown).unwrap_err();
        assert!(err.to_string().contains("tools/call"), "{err}");
        assert!(serde_json::from_value::<InputRequest>(json!({"method": "elicitation/create"})).is_err());
        assert!(
            serde_json::from_value::<InputRequest>(
                json!({"method": "sampling/createMessage", "params": {"messages": []}})
            )
            .is_err()
        );
        assert!(serde_json::from_value::<InputResponse>(json!("accept")).is_err());
        assert!(serde_json::from_value::<InputResponse>(json!({"role": "assistant"})).is_err());
    }

    #[test]
    fn decode_for_uses_the_request_kind() {
        let req: InputRequest = serde_json::from_value(json!({"method": "roots/list"})).unwrap();
        assert!(InputResponse::decode_for(&req, json!({"action": "accept"})).is_err());
        let r = InputResponse::decode_for(&req, json!({"roots": []})).unwrap();
        assert_eq!(r.as_list_roots().unwrap().roots.len(), 0);
    }

    #[test]
    fn adapting_sets_the_result_type_and_strips_legacy_members() {
        let mut url = crate::schema::elicitation::ElicitRequestURLParams::new("m", "https://a.example/");
        url.elicitation_id = Some("legacy-id".into());
        let mut r = InputRequiredResult {
            input_requests: Some([("k".to_owned(), InputRequest::Elicit(url.into()))].into()),
            ..Default::default()
        };
        assert!(r.is_well_formed());
        r.adapt_to(ProtocolVersion::V2026_07_28);
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["resultType"], "input_required");
        assert!(v["inputRequests"]["k"]["params"].get("elicitationId").is_none());
        assert!(!InputRequiredResult::default().is_well_formed());
        let wrong = InputRequiredResult {
            result_type: Some(ResultType::Complete),
            ..InputRequiredResult::with_state_only("s")
        };
        assert!(!wrong.is_well_formed());

        let retry: InputResponseRequestParams = serde_json::from_value(json!({
            "inputResponses": {"k": {"action": "decline"}},
            "requestState": "abc",
            "_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28"}
        }))
        .unwrap();
        assert_eq!(retry.input_responses.unwrap()["k"], InputResponse::Elicit(ElicitResult::decline()));
    }
}
