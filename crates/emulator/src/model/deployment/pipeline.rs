//! Schema validations and message transformations: named configurations that
//! EMQX runs, in order, on every message published to their topics. The
//! emulator keeps them and their order; it applies none of them to messages.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::node::NODE;

#[derive(Debug, Clone)]
pub(crate) struct PipelineItem {
    /// The configuration as sent, `name` and `enable` included.
    pub config: Map<String, Value>,
    /// matched, succeeded, failed.
    pub metrics: [u64; 3],
}

impl PipelineItem {
    pub fn metrics_json(&self) -> Value {
        let [matched, succeeded, failed] = self.metrics;
        let m = json!({
            "matched": matched, "succeeded": succeeded, "failed": failed,
            "rate": 0.0, "rate_last5m": 0.0, "rate_max": 0.0,
        });
        json!({"metrics": m, "node_metrics": [{"node": NODE, "metrics": m}]})
    }
}

/// The items by name, in the order EMQX runs them.
#[derive(Debug, Default)]
pub(crate) struct Pipeline {
    pub items: IndexMap<String, PipelineItem>,
}

/// Why a new order is refused: names unknown, given twice, or left out.
pub(crate) struct BadOrder {
    pub not_found: Vec<String>,
    pub duplicated: Vec<String>,
    pub not_reordered: Vec<String>,
}

impl Pipeline {
    /// Puts the items in `order`, which must name each of them once.
    pub fn reorder(&mut self, order: &[String]) -> Result<(), BadOrder> {
        let mut seen: Vec<&String> = Vec::new();
        let mut duplicated = Vec::new();
        for name in order {
            if seen.contains(&name) {
                duplicated.push(name.clone());
            }
            seen.push(name);
        }
        let not_found: Vec<String> = order
            .iter()
            .filter(|n| !self.items.contains_key(*n))
            .cloned()
            .collect();
        let not_reordered: Vec<String> = self
            .items
            .keys()
            .filter(|n| !order.contains(n))
            .cloned()
            .collect();
        if !(not_found.is_empty() && duplicated.is_empty() && not_reordered.is_empty()) {
            return Err(BadOrder {
                not_found,
                duplicated,
                not_reordered,
            });
        }
        let mut items = std::mem::take(&mut self.items);
        for name in order {
            if let Some(item) = items.shift_remove(name) {
                self.items.insert(name.clone(), item);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Pipeline, PipelineItem};
    use serde_json::Map;

    fn pipeline(names: &[&str]) -> Pipeline {
        let mut p = Pipeline::default();
        for n in names {
            let item = PipelineItem {
                config: Map::new(),
                metrics: [0; 3],
            };
            p.items.insert((*n).to_owned(), item);
        }
        p
    }

    fn names(order: &[&str]) -> Vec<String> {
        order.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn reorders_when_every_name_is_given_once() {
        let mut p = pipeline(&["a", "b", "c"]);
        assert!(p.reorder(&names(&["c", "a", "b"])).is_ok());
        assert_eq!(p.items.keys().collect::<Vec<_>>(), ["c", "a", "b"]);
    }

    #[test]
    fn refuses_unknown_repeated_and_missing_names() {
        let mut p = pipeline(&["a", "b", "c"]);
        let bad = p.reorder(&names(&["a", "a", "x"])).expect_err("refused");
        assert_eq!(bad.not_found, ["x"]);
        assert_eq!(bad.duplicated, ["a"]);
        assert_eq!(bad.not_reordered, ["b", "c"]);
        assert_eq!(p.items.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
    }
}
