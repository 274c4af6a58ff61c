//! The messaging conventions' names, which opentelemetry-semantic-conventions
//! 0.33 has only behind its experimental feature: the runtime's own
//! constants, checked against it by a test (`tests/nats.rs`).

pub(crate) const MESSAGING_SYSTEM: &str = "messaging.system";
pub(crate) const MESSAGING_OPERATION_TYPE: &str = "messaging.operation.type";
pub(crate) const MESSAGING_OPERATION_NAME: &str = "messaging.operation.name";
pub(crate) const MESSAGING_DESTINATION_NAME: &str = "messaging.destination.name";
pub(crate) const MESSAGING_DESTINATION_TEMPLATE: &str = "messaging.destination.template";
pub(crate) const MESSAGING_DESTINATION_TEMPORARY: &str = "messaging.destination.temporary";
pub(crate) const MESSAGING_MESSAGE_BODY_SIZE: &str = "messaging.message.body.size";
pub(crate) const MESSAGING_MESSAGE_ID: &str = "messaging.message.id";
pub(crate) const MESSAGING_CONSUMER_GROUP_NAME: &str = "messaging.consumer.group.name";
pub(crate) const SERVER_ADDRESS: &str = "server.address";
pub(crate) const SERVER_PORT: &str = "server.port";
