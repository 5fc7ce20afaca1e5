//! Data integration: connectors and the actions that use them. Ids are
//! `<type>:<name>`.

use serde_json::{Map, Value, json};

use super::node::NODE;

#[derive(Debug, Clone)]
pub(crate) struct Connector {
    pub kind: String,
    pub name: String,
    pub enable: bool,
    pub config: Map<String, Value>,
}

#[derive(Debug, Clone)]
pub(crate) struct Action {
    pub kind: String,
    pub name: String,
    pub enable: bool,
    pub connector: String,
    pub config: Map<String, Value>,
    /// matched, success, failed.
    pub metrics: [u64; 3],
}

impl Action {
    pub fn count_success(&mut self) {
        self.metrics[0] += 1;
        self.metrics[1] += 1;
    }
}

fn status(enable: bool) -> &'static str {
    if enable { "connected" } else { "stopped" }
}

fn render(kind: &str, name: &str, enable: bool, config: &Map<String, Value>) -> Map<String, Value> {
    let mut v = config.clone();
    v.insert("type".into(), json!(kind));
    v.insert("name".into(), json!(name));
    v.insert("enable".into(), json!(enable));
    v.insert("status".into(), json!(status(enable)));
    v.insert(
        "node_status".into(),
        json!([{"node": NODE, "status": status(enable)}]),
    );
    v
}

impl Connector {
    pub fn to_json(&self) -> Value {
        Value::Object(render(&self.kind, &self.name, self.enable, &self.config))
    }
}

impl Action {
    pub fn to_json(&self) -> Value {
        let mut v = render(&self.kind, &self.name, self.enable, &self.config);
        v.insert("connector".into(), json!(self.connector));
        Value::Object(v)
    }
}
