//! Where a listener listens: its `bind` read as EMQX's `ip_port` type reads it,
//! and the address clash that makes EMQX fail to start a second listener on a
//! port already taken.

use std::net::IpAddr;

use serde_json::Value;

use super::listeners::{Listener, Listeners};

/// A listener's address: `None` for every interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bind {
    pub ip: Option<IpAddr>,
    pub port: u16,
}

impl Bind {
    /// `1883`, `"1883"`, `"0.0.0.0:1883"`, `"[::]:1883"`; `None` for anything else.
    pub fn parse(value: &Value) -> Option<Bind> {
        let text = match value {
            Value::Number(n) => return n.as_u64()?.try_into().ok().map(Bind::any),
            Value::String(s) => s.trim(),
            _ => return None,
        };
        if let Ok(port) = text.parse::<u16>() {
            return Some(Bind::any(port));
        }
        let (host, port) = text.rsplit_once(':')?;
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        let ip: IpAddr = host.parse().ok()?;
        let port = port.parse().ok()?;
        Some(Bind {
            ip: (!ip.is_unspecified()).then_some(ip),
            port,
        })
    }

    fn any(port: u16) -> Bind {
        Bind { ip: None, port }
    }

    /// Whether two sockets of the same transport could not both listen here.
    fn clashes(self, other: Bind) -> bool {
        self.port == other.port && (self.ip.is_none() || other.ip.is_none() || self.ip == other.ip)
    }
}

/// QUIC listens on UDP, every other type on TCP: only the same transport clashes.
fn transport(kind: &str) -> &'static str {
    if kind == "quic" { "udp" } else { "tcp" }
}

impl Listeners {
    /// The running listener other than `id` that holds the address `listener`
    /// would take, as EMQX's `eaddrinuse` on start.
    pub fn clash(&self, id: &str, listener: &Listener) -> Option<&Listener> {
        let bind = Bind::parse(listener.conf.get("bind")?)?;
        self.0.values().find(|other| {
            other.id() != id
                && other.enabled()
                && transport(&other.kind) == transport(&listener.kind)
                && other
                    .conf
                    .get("bind")
                    .and_then(Bind::parse)
                    .is_some_and(|b| b.clashes(bind))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn binds_as_emqx_reads_them() {
        let any = |port| Some(Bind { ip: None, port });
        assert_eq!(Bind::parse(&json!(1883)), any(1883));
        assert_eq!(Bind::parse(&json!("1883")), any(1883));
        assert_eq!(Bind::parse(&json!("0.0.0.0:1883")), any(1883));
        assert_eq!(Bind::parse(&json!("[::]:8883")), any(8883));
        let local = Bind::parse(&json!("127.0.0.1:1883")).unwrap();
        assert_eq!(local.ip, Some("127.0.0.1".parse().unwrap()));
        for bad in [
            json!("not a bind"),
            json!("host:1883"),
            json!("1.2.3.4:99999"),
            json!(true),
        ] {
            assert_eq!(Bind::parse(&bad), None, "{bad}");
        }
    }

    #[test]
    fn only_a_running_listener_of_the_same_transport_on_the_port_clashes() {
        let mut all = Listeners::default();
        let conf = |bind: &str| json!({"bind": bind}).as_object().cloned().unwrap();
        let second = Listener::new("tcp", "second", conf("127.0.0.1:1883"));
        assert_eq!(
            all.clash("tcp:second", &second).map(Listener::id),
            Some("tcp:default".into())
        );
        let other_port = Listener::new("tcp", "second", conf("1884"));
        assert!(all.clash("tcp:second", &other_port).is_none());
        let quic = Listener::new("quic", "q", conf("0.0.0.0:1883"));
        assert!(all.clash("quic:q", &quic).is_none());
        all.0["tcp:default"]
            .conf
            .insert("enable".into(), json!(false));
        assert!(all.clash("tcp:second", &second).is_none());
    }
}
