//! MQTT topic names and filters: validation, matching (`+`, `#`), and shared
//! subscriptions (`$share/<group>/<filter>`), following MQTT 5.0 section 4.7.

const MAX_TOPIC_BYTES: usize = 65_535;

/// A publish topic: no wildcards, not empty, no NUL.
pub(crate) fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= MAX_TOPIC_BYTES && !name.contains(['+', '#', '\0'])
}

/// A subscription filter, including `$share/<group>/<filter>` and `$queue/<filter>`.
pub(crate) fn valid_filter(filter: &str) -> bool {
    if filter.len() > MAX_TOPIC_BYTES {
        return false;
    }
    match split_share(filter) {
        Some((group, inner)) => {
            !group.is_empty() && !group.contains(['+', '#', '\0']) && valid_plain_filter(inner)
        }
        None if filter.starts_with("$share/") || filter == "$share" => false,
        None => valid_plain_filter(filter),
    }
}

fn valid_plain_filter(filter: &str) -> bool {
    if filter.is_empty() || filter.contains('\0') {
        return false;
    }
    let levels: Vec<&str> = filter.split('/').collect();
    let last = levels.len() - 1;
    levels.iter().enumerate().all(|(i, level)| {
        if level.contains('#') {
            *level == "#" && i == last
        } else if level.contains('+') {
            *level == "+"
        } else {
            true
        }
    })
}

/// `$share/g/t/#` -> `Some(("g", "t/#"))`; `$queue/t` -> `Some(("$queue", "t"))`.
pub(crate) fn split_share(filter: &str) -> Option<(&str, &str)> {
    if let Some(rest) = filter.strip_prefix("$share/") {
        let (group, inner) = rest.split_once('/')?;
        Some((group, inner))
    } else {
        filter
            .strip_prefix("$queue/")
            .map(|inner| ("$queue", inner))
    }
}

/// The filter that routes are built from: the part after `$share/<group>/`.
pub(crate) fn route_filter(filter: &str) -> &str {
    split_share(filter).map_or(filter, |(_, inner)| inner)
}

/// Does topic `name` match `filter`? Wildcards in `name` are taken literally, which
/// is also how EMQX's `match_topic` compares a subscription filter with a query.
/// Names starting with `$` are not matched by a leading `+` or `#`.
pub(crate) fn matches(name: &str, filter: &str) -> bool {
    if name.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#')) {
        return false;
    }
    let mut n = name.split('/');
    let mut f = filter.split('/');
    loop {
        match (n.next(), f.next()) {
            (_, Some("#")) => return true,
            (Some(_), Some("+")) => {}
            (Some(a), Some(b)) if a == b => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(valid_name("a/b"));
        assert!(valid_name("/"));
        assert!(!valid_name(""));
        assert!(!valid_name("a/+"));
        assert!(!valid_name("a/#"));
    }

    #[test]
    fn filters() {
        for ok in [
            "a",
            "a/+/c",
            "#",
            "a/#",
            "+",
            "$share/g/a/#",
            "$queue/a",
            "/",
            "a//b",
        ] {
            assert!(valid_filter(ok), "{ok}");
        }
        for bad in [
            "",
            "a/#/b",
            "a#",
            "a+/b",
            "$share/g",
            "$share//a",
            "$share/g/",
            "$share/g+/a",
        ] {
            assert!(!valid_filter(bad), "{bad}");
        }
    }

    #[test]
    fn matching() {
        assert!(matches("a/b/c", "a/+/c"));
        assert!(matches("a/b/c", "a/#"));
        assert!(matches("a", "a/#"), "# also matches the parent level");
        assert!(matches("a/b", "#"));
        assert!(!matches("a/b/c", "a/+"));
        assert!(!matches("a/b", "a/b/c"));
        assert!(matches("/a", "+/a"));
        assert!(!matches("$SYS/x", "#"));
        assert!(!matches("$SYS/x", "+/x"));
        assert!(matches("$SYS/x", "$SYS/#"));
        assert!(matches("a/+", "a/+"), "filters compared literally");
    }

    #[test]
    fn shares() {
        assert_eq!(split_share("$share/g/t/#"), Some(("g", "t/#")));
        assert_eq!(route_filter("$share/g/t/#"), "t/#");
        assert_eq!(route_filter("t/#"), "t/#");
    }
}
