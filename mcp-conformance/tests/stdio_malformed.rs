//! Malformed lines on the real stdio server (`mcp-conformance serve --stdio`) get the right
//! JSON-RPC errors and the server keeps serving: the `stdio/malformed-input` scenario, run in
//! both stdio cells through `--filter`.

use std::path::PathBuf;

use mcp_conformance::catalogue::all;
use mcp_conformance::scenario::{RunConfig, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_lines_get_errors_and_the_server_keeps_serving() {
    let mut config = RunConfig::new(Some(PathBuf::from(env!("CARGO_BIN_EXE_mcp-conformance"))));
    config.filter = Some("stdio/malformed-input".into());
    let outcomes = run(&all(), &config).await;
    let cells: Vec<&str> = outcomes.iter().map(|o| o.cell.map_or("once", |c| c.name)).collect();
    assert_eq!(cells, ["stdio/2026-07-28", "stdio/2025-11-25"]);
    for o in &outcomes {
        assert_eq!(o.result, Ok(()), "{:?}", o.cell);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_binary_the_stdio_cells_fail() {
    let mut config = RunConfig::new(None);
    config.filter = Some("stdio/malformed-input".into());
    let outcomes = run(&all(), &config).await;
    assert_eq!(outcomes.len(), 2);
    for o in &outcomes {
        let error = o.result.as_ref().unwrap_err();
        assert!(error.contains("no stdio server binary"), "{error}");
    }
}
