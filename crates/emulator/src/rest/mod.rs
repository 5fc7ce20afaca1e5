//! The HTTP building blocks the APIs share: error answers in EMQX's
//! `{code, message}` shape, the parsed request handlers see, the route table
//! and its matching, Basic auth, page/limit pagination, the multipart reader
//! of user imports, and EMQX 4's shapes (`v4`: integer codes, `_page`/`_limit`).
//! Knows nothing of the model.

pub(crate) mod auth;
pub(crate) mod errors;
pub(crate) mod multipart;
pub(crate) mod pagination;
pub(crate) mod request;
pub(crate) mod routing;
pub(crate) mod v4;
