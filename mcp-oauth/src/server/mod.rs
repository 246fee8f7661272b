//! OAuth server side: the embedded authorization server, resource-server checks and stores.

pub mod authorization_server;
pub mod resource_server;
pub mod router;
pub mod store;
pub mod validate;
