//! The error codes `GET /error_codes` lists: the 31 of `http_api.hrl`, with
//! their descriptions. The server emits more codes than these.

pub(crate) const ERROR_CODES: &[(&str, &str)] = &[
    ("BAD_USERNAME_OR_PWD", "Bad username or password"),
    ("BAD_API_KEY_OR_SECRET", "Bad API key or secret"),
    ("BAD_REQUEST", "Request parameters are not legal"),
    ("NOT_MATCH", "Conditions are not matched"),
    ("ALREADY_EXISTS", "Resource already existed"),
    ("BAD_CONFIG_SCHEMA", "Configuration data is not legal"),
    ("BAD_LISTENER_ID", "Bad listener ID"),
    ("BAD_NODE_NAME", "Bad Node Name"),
    (
        "BAD_RPC",
        "RPC Failed. Check the cluster status and the requested node status",
    ),
    (
        "BAD_TOPIC",
        "Topic syntax error, Topic needs to comply with the MQTT protocol standard",
    ),
    (
        "EXCEED_LIMIT",
        "Create resources that exceed the maximum limit or minimum limit",
    ),
    (
        "INVALID_PARAMETER",
        "Request parameters is not legal and exceeds the boundary value",
    ),
    ("CONFLICT", "Conflicting request resources"),
    (
        "NO_DEFAULT_VALUE",
        "Request parameters do not use default values",
    ),
    (
        "DEPENDENCY_EXISTS",
        "Resource is dependent by another resource",
    ),
    ("MESSAGE_ID_SCHEMA_ERROR", "Message ID parsing error"),
    ("INVALID_ID", "Bad ID schema"),
    ("MESSAGE_ID_NOT_FOUND", "Message ID does not exist"),
    ("NOT_FOUND", "Resource was not found or does not exist"),
    (
        "CLIENTID_NOT_FOUND",
        "Client ID was not found or does not exist",
    ),
    (
        "CLIENT_NOT_FOUND",
        "Client was not found or does not exist(usually not a MQTT client)",
    ),
    ("RESOURCE_NOT_FOUND", "Resource not found"),
    ("TOPIC_NOT_FOUND", "Topic not found"),
    ("USER_NOT_FOUND", "User not found"),
    ("INTERNAL_ERROR", "Server inter error"),
    ("SERVICE_UNAVAILABLE", "Service unavailable"),
    ("SOURCE_ERROR", "Source error"),
    ("UPDATE_FAILED", "Update failed"),
    ("REST_FAILED", "Reset source or config failed"),
    ("CLIENT_NOT_RESPONSE", "Client not responding"),
    ("UNSUPPORTED_MEDIA_TYPE", "Unsupported media type"),
];
