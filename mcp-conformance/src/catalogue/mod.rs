//! The scenario catalogue.
//!
//! | module | what it checks |
//! |---|---|
//! | `wire` | JSON-RPC decoding and stdio framing (`mcp-jsonrpc`), once per run |
//! | `lifecycle` | `server/discover`, `initialize` and version negotiation, `ping` |
//! | `tools` | `tools/list`, `tools/call` with every content type, errors, validation, progress |
//! | `logging` | `logging/setLevel` (legacy), per-request `logLevel` (2026-07-28) |
//! | `client_features` | sampling, elicitation and roots answered by client callbacks |
//! | `resources` | list, read (text, binary, template, unknown), subscribe, updates |
//! | `notifications` | list changes in both eras, `subscriptions/listen` acknowledgement |
//! | `prompts` | `prompts/list`, `prompts/get` variants, `completion/complete` |
//! | `utilities` | pagination, cancellation, caching |
//! | `tasks` | legacy tasks and the 2026-07-28 tasks extension |
//! | `stdio` | malformed lines on the real stdio server |
//! | `http` | sessions, 404 and re-initialization, DELETE, 2026-07-28 headers, `Origin`/`Host`, body limit, the HTTP+SSE `endpoint` event |
//!
//! Client-to-server methods no scenario can exercise yet are listed in
//! [`UNEXERCISED_CLIENT_MESSAGES`], with the reason; `tests/matrix.rs` checks that every other
//! one is really sent (recorded on the wire) in a cell of each revision that defines it.

mod client_features;
mod http;
mod lifecycle;
mod logging;
mod notifications;
mod prompts;
mod resources;
mod stdio;
pub(crate) mod support;
mod tasks;
mod tools;
mod utilities;
mod wire;

use crate::scenario::Scenario;

/// Client-to-server messages (per the `mcp_jsonrpc::schema::methods::METHODS` table) that no
/// scenario sends, and why. Everything else defined for a client in a revision is sent in at
/// least one cell of that revision.
pub const UNEXERCISED_CLIENT_MESSAGES: &[(&str, &str)] = &[
    (
        "notifications/progress",
        "legacy revisions let a client report progress on a server-to-client request it received with a \
         progressToken; our client's callbacks (sampling, elicitation, roots) have no progress API",
    ),
    (
        "notifications/tasks/status",
        "2025-11-25 lets a client run server-to-client requests as tasks and report their status; our \
         client does not run client-side tasks",
    ),
];

/// Every scenario, in the order they run (the rows of the matrix).
pub fn all() -> Vec<Scenario> {
    [
        wire::SCENARIOS,
        lifecycle::SCENARIOS,
        tools::SCENARIOS,
        logging::SCENARIOS,
        client_features::SCENARIOS,
        resources::SCENARIOS,
        notifications::SCENARIOS,
        prompts::SCENARIOS,
        utilities::SCENARIOS,
        tasks::SCENARIOS,
        stdio::SCENARIOS,
        http::SCENARIOS,
    ]
    .concat()
}
