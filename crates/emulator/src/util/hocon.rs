//! The value forms EMQX's configuration schema reads from strings: durations
//! (`"10s"`), byte sizes (`"1MB"`) and rates (`"1000/s"`).

const TIME_UNITS: [&str; 5] = ["ms", "s", "m", "h", "d"];

/// `10s`, `500ms`, `1m`, `2h`, `0s`: a number and a unit.
pub(crate) fn is_duration(s: &str) -> bool {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && TIME_UNITS.contains(&&s[digits..])
}

/// `"1MB"`, `"512KB"`, `"100"`: a size in bytes (units in either case).
pub(crate) fn byte_size(text: &str) -> Option<usize> {
    let upper = text.trim().to_ascii_uppercase();
    let (digits, unit) = match upper.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => upper.split_at(i),
        None => (upper.as_str(), ""),
    };
    let n: usize = digits.parse().ok()?;
    let scale = match unit {
        "" | "B" => 1,
        "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(scale)
}

/// `1000/s`, `10/100ms`, `infinity`: an amount per period.
pub(crate) fn is_rate(s: &str) -> bool {
    if s == "infinity" {
        return true;
    }
    let Some((amount, period)) = s.split_once('/') else {
        return false;
    };
    let period_digits = period.chars().take_while(char::is_ascii_digit).count();
    !amount.is_empty()
        && amount.chars().all(|c| c.is_ascii_digit())
        && TIME_UNITS.contains(&&period[period_digits..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_sizes_and_rates() {
        assert!(is_duration("0s") && is_duration("500ms") && !is_duration("lots"));
        assert_eq!(byte_size("1MB"), Some(1 << 20));
        assert_eq!(byte_size("512kb"), Some(512 << 10));
        assert_eq!(byte_size("lots"), None);
        assert!(is_rate("1000/s") && is_rate("10/100ms") && is_rate("infinity"));
        assert!(!is_rate("1000") && !is_rate("/s") && !is_rate("fast/s") && !is_rate("1/x"));
    }
}
