//! An ordered list of configurations by id, as EMQX keeps its authenticators
//! and authorization sources: tried in order, moved one at a time
//! (`front`, `rear`, `before:<id>`, `after:<id>`) or reordered as a whole.

use indexmap::IndexMap;
use serde_json::Value;

/// Where a move puts a member of the chain.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Position {
    Front,
    Rear,
    Before(String),
    After(String),
}

impl Position {
    /// `front`, `rear`, `before:<id>` or `after:<id>`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "front" => Some(Self::Front),
            "rear" => Some(Self::Rear),
            _ => match text.split_once(':') {
                Some(("before", id)) if !id.is_empty() => Some(Self::Before(id.to_owned())),
                Some(("after", id)) if !id.is_empty() => Some(Self::After(id.to_owned())),
                _ => None,
            },
        }
    }
}

pub(crate) struct Chain {
    configs: IndexMap<String, Value>,
}

impl Chain {
    pub fn new(members: Vec<(String, Value)>) -> Self {
        Self {
            configs: members.into_iter().collect(),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.configs.contains_key(id)
    }

    pub fn get(&self, id: &str) -> Option<&Value> {
        self.configs.get(id)
    }

    /// Every authenticator, in the chain's order, with its id.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.configs.iter()
    }

    /// Adds at the end of the chain; `false` if the id is taken.
    pub fn add(&mut self, id: String, config: Value) -> bool {
        if self.configs.contains_key(&id) {
            return false;
        }
        self.configs.insert(id, config);
        true
    }

    /// Adds at the front of the chain; `false` if the id is taken.
    pub fn prepend(&mut self, id: String, config: Value) -> bool {
        if self.configs.contains_key(&id) {
            return false;
        }
        self.configs.shift_insert(0, id, config);
        true
    }

    /// Replaces a configuration in place; `false` if the id is unknown.
    pub fn replace(&mut self, id: &str, config: Value) -> bool {
        match self.configs.get_mut(id) {
            Some(slot) => {
                *slot = config;
                true
            }
            None => false,
        }
    }

    pub fn remove(&mut self, id: &str) -> bool {
        self.configs.shift_remove(id).is_some()
    }

    /// Moves `id` to `position`; `Err` names the id that is not in the chain.
    pub fn move_to(&mut self, id: &str, position: &Position) -> Result<(), String> {
        let from = self.configs.get_index_of(id).ok_or_else(|| id.to_owned())?;
        let (key, value) = self.configs.shift_remove_index(from).expect("index exists");
        let anchor = |configs: &IndexMap<String, Value>, other: &str| {
            configs.get_index_of(other).ok_or_else(|| other.to_owned())
        };
        let to = match position {
            Position::Front => Ok(0),
            Position::Rear => Ok(self.configs.len()),
            Position::Before(other) => anchor(&self.configs, other),
            Position::After(other) => anchor(&self.configs, other).map(|i| i + 1),
        };
        let to = match to {
            Ok(to) => to,
            Err(missing) => {
                // Put it back where it was before reporting the unknown anchor.
                self.configs.shift_insert(from, key, value);
                return Err(missing);
            }
        };
        self.configs.shift_insert(to, key, value);
        Ok(())
    }

    /// Puts the chain in the order of `ids`, which must name every
    /// member exactly once; `Err` says what does not match.
    pub fn reorder(&mut self, ids: &[String]) -> Result<(), String> {
        let mut sorted: Vec<&String> = ids.iter().collect();
        sorted.sort();
        let mut current: Vec<&String> = self.configs.keys().collect();
        current.sort();
        if sorted != current {
            return Err(format!(
                "the order must name every member once: {current:?}"
            ));
        }
        for (to, id) in ids.iter().enumerate() {
            let from = self.configs.get_index_of(id).expect("checked above");
            self.configs.move_index(from, to);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(ids: &[&str]) -> Chain {
        Chain::new(ids.iter().map(|id| ((*id).to_owned(), json!({}))).collect())
    }

    fn order(c: &Chain) -> Vec<&str> {
        c.iter().map(|(id, _)| id.as_str()).collect()
    }

    #[test]
    fn moves() {
        let mut c = chain(&["a", "b", "c"]);
        c.move_to("c", &Position::Front).unwrap();
        assert_eq!(order(&c), ["c", "a", "b"]);
        c.move_to("c", &Position::Rear).unwrap();
        assert_eq!(order(&c), ["a", "b", "c"]);
        c.move_to("a", &Position::After("b".into())).unwrap();
        assert_eq!(order(&c), ["b", "a", "c"]);
        c.move_to("c", &Position::Before("b".into())).unwrap();
        assert_eq!(order(&c), ["c", "b", "a"]);
        assert_eq!(
            c.move_to("a", &Position::Before("x".into())),
            Err("x".into())
        );
        assert_eq!(order(&c), ["c", "b", "a"], "a failed move changes nothing");
    }

    #[test]
    fn adds_at_either_end() {
        let mut c = chain(&["a"]);
        assert!(c.add("b".into(), json!({})));
        assert!(c.prepend("c".into(), json!({})));
        assert_eq!(order(&c), ["c", "a", "b"]);
        assert!(!c.prepend("a".into(), json!({})), "a taken id is refused");
        assert_eq!(order(&c), ["c", "a", "b"]);
    }

    #[test]
    fn reorders_only_a_permutation() {
        let mut c = chain(&["a", "b"]);
        c.reorder(&["b".into(), "a".into()]).unwrap();
        assert_eq!(order(&c), ["b", "a"]);
        assert!(c.reorder(&["b".into()]).is_err());
        assert!(c.reorder(&["b".into(), "b".into()]).is_err());
    }

    #[test]
    fn positions() {
        assert_eq!(Position::parse("front"), Some(Position::Front));
        assert_eq!(
            Position::parse("after:jwt"),
            Some(Position::After("jwt".into()))
        );
        assert_eq!(
            Position::parse("before:password_based:http"),
            Some(Position::Before("password_based:http".into()))
        );
        assert_eq!(Position::parse("middle"), None);
        assert_eq!(Position::parse("before:"), None);
    }
}
