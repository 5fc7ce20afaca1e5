//! Just enough of the rule engine's SQL to know which topics a rule reads:
//! the quoted topics of its `FROM` clause.

use std::sync::OnceLock;

use regex::Regex;

fn sql_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?is)^\s*(?:SELECT\s+.+?|FOREACH\s+.+?)\s+FROM\s+((?:"[^"]*"|'[^']*')(?:\s*,\s*(?:"[^"]*"|'[^']*'))*)(?:\s+(?:WHERE|DO|INCASE)\s+.*)?\s*$"#)
            .expect("the FROM-clause regex is valid (unit-tested)")
    })
}

/// The topics of the `FROM` clause; `None` when the SQL does not parse.
pub(crate) fn from_topics(sql: &str) -> Option<Vec<String>> {
    let caps = sql_regex().captures(sql)?;
    let list = caps.get(1).map_or("", |m| m.as_str());
    Some(
        list.split(',')
            .map(|t| t.trim().trim_matches(['"', '\'']).to_owned())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_clause() {
        assert_eq!(from_topics(r#"SELECT * FROM "t/#""#).unwrap(), vec!["t/#"]);
        assert_eq!(
            from_topics("select a, b from \"a/+\", 'b/c' where a > 1").unwrap(),
            vec!["a/+", "b/c"]
        );
        assert_eq!(
            from_topics("SELECT * FROM \"$events/client_connected\"").unwrap(),
            vec!["$events/client_connected"]
        );
        assert!(from_topics("DELETE everything").is_none());
    }
}
