//! Alarms: `GET /alarms?activated=` (current or historical, paginated) and
//! `DELETE /alarms` (clears the history).

use crate::model::deployment::broker::Broker;
use crate::rest::errors::{Reply, no_content, ok};
use crate::rest::pagination::PageParams;
use crate::rest::request::Query;
use crate::util::timefmt;

pub(crate) fn list(b: &mut Broker, q: &Query) -> Reply {
    let activated = q.get_bool("activated")?.unwrap_or(false);
    let page = PageParams::from_query(q)?;
    b.check_alarms();
    let now = timefmt::now();
    let alarms: Vec<_> = if activated {
        b.alarms.active().collect()
    } else {
        b.alarms.history().collect()
    };
    ok(page.envelope(alarms, true, |a| a.to_json(now)))
}

pub(crate) fn clear(b: &mut Broker) -> Reply {
    b.alarms.clear_history();
    no_content()
}
