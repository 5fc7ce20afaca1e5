//! The response bodies: an EMQX 5 client object (~600 B), pages of 100 of
//! them (~60 KB) in the `{data, meta}` envelope, and a publish answer.
//!
//! Field names and value types follow `shared/api/emqx-v5-notes.md`
//! ("Client object"): dotted counter names, a `null`-able username, and an
//! `"infinity"` limit.

/// How many clients the `iterate` workload pages through.
pub const TOTAL_CLIENTS: u64 = 100_000;
/// The page size every client asks for.
pub const PAGE_LIMIT: u64 = 100;

/// The client id of the `n`-th client (1-based).
pub fn client_id(n: u64) -> String {
    format!("bench-client-{n:06}")
}

/// One client object, as JSON text.
pub fn client(n: u64) -> String {
    let id = client_id(n);
    let username = if n.is_multiple_of(7) {
        "null".to_owned()
    } else {
        format!("\"user-{n:06}\"")
    };
    format!(
        concat!(
            r#"{{"clientid":"{id}","username":{username},"node":"emqx@127.0.0.1","#,
            r#""ip_address":"127.0.0.1","port":{port},"proto_name":"MQTT","proto_ver":5,"#,
            r#""mountpoint":"null","listener":"ssl:default","#,
            r#""clean_start":true,"keepalive":60,"expiry_interval":0,"connected":true,"#,
            r#""created_at":"2026-11-26T12:34:56.789+00:00","#,
            r#""subscriptions_cnt":2,"subscriptions_max":"infinity","inflight_cnt":0,"inflight_max":32,"#,
            r#""mqueue_len":0,"mqueue_max":1000,"#,
            r#""recv_oct":{recv_oct},"recv_msg":{recv_msg},"recv_msg.qos1":{qos1},"recv_msg.dropped":0,"#,
            r#""send_oct":{send_oct},"send_msg":{send_msg},"#,
            r#""heap_size":4185,"reductions":{reductions},"is_persistent":false}}"#
        ),
        id = id,
        username = username,
        port = 40000 + n % 20000,
        recv_oct = 1000 + n * 37 % 100_000,
        recv_msg = n * 13 % 10_000,
        qos1 = n * 7 % 1000,
        send_oct = 2000 + n * 41 % 100_000,
        send_msg = n * 17 % 10_000,
        reductions = 100_000 + n * 97 % 1_000_000,
    )
}

/// Page `page` (1-based) of `limit` clients out of [`TOTAL_CLIENTS`].
pub fn page(page: u64, limit: u64) -> String {
    let first = (page.saturating_sub(1)).saturating_mul(limit) + 1;
    let last = (first + limit - 1).min(TOTAL_CLIENTS);
    let mut out = String::with_capacity(limit as usize * 620 + 100);
    out.push_str(r#"{"data":["#);
    if first <= TOTAL_CLIENTS {
        for n in first..=last {
            if n > first {
                out.push(',');
            }
            out.push_str(&client(n));
        }
    }
    let hasnext = last < TOTAL_CLIENTS;
    out.push_str(&format!(
        r#"],"meta":{{"page":{page},"limit":{limit},"hasnext":{hasnext},"count":{TOTAL_CLIENTS}}}}}"#
    ));
    out
}

/// The answer to a publish that reached a subscriber.
pub const PUBLISH_ANSWER: &str = r#"{"id":"0006444B0F3E1C7AF4420000C8B30002"}"#;

/// The body the clients publish.
pub const PUBLISH_BODY: &str = r#"{"topic":"bench/emqx-platform/t","payload":"hello from the benchmark","qos":1,"retain":false}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_as_advertised() {
        let one = client(1).len();
        assert!((550..=650).contains(&one), "client is {one} B");
        let p = page(1, PAGE_LIMIT).len();
        assert!((55_000..=65_000).contains(&p), "page is {p} B");
        for body in [client(7), page(1, 100), page(1000, 100), page(1001, 100)] {
            serde_json::from_str::<serde_json::Value>(&body).unwrap();
        }
        assert!(page(1000, 100).contains(r#""hasnext":false"#));
        assert!(page(999, 100).contains(r#""hasnext":true"#));
    }
}
