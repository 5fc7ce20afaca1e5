//! The data-integration types of EMQX Enterprise 5.8, as `/action_types` and
//! `/source_types` list them.

/// Types of actions (and of the connectors they use).
pub(crate) const ACTION_TYPES: [&str; 35] = [
    "http",
    "rocketmq",
    "cassandra",
    "rabbitmq",
    "confluent_producer",
    "azure_event_hub_producer",
    "sqlserver",
    "mongodb",
    "influxdb",
    "greptimedb",
    "gcp_pubsub_producer",
    "kafka_producer",
    "pulsar",
    "iotdb",
    "hstreamdb",
    "syskeeper_forwarder",
    "redis",
    "datalayers",
    "kinesis",
    "s3",
    "opents",
    "mqtt",
    "couchbase",
    "oracle",
    "tdengine",
    "timescale",
    "snowflake",
    "clickhouse",
    "azure_blob_storage",
    "tablestore",
    "matrix",
    "elasticsearch",
    "pgsql",
    "mysql",
    "dynamo",
];

/// Types of sources.
pub(crate) const SOURCE_TYPES: [&str; 4] =
    ["rabbitmq", "gcp_pubsub_consumer", "kafka_consumer", "mqtt"];
