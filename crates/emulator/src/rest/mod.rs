//! The HTTP building blocks both APIs share: error answers in EMQX's
//! `{code, message}` shape, the parsed request handlers see, the route table
//! and its matching, Basic auth, page/limit pagination, and the multipart
//! reader of user imports. Knows nothing of the model.

pub(crate) mod auth;
pub(crate) mod errors;
pub(crate) mod multipart;
pub(crate) mod pagination;
pub(crate) mod request;
pub(crate) mod routing;
