//! HTTP building blocks.

pub(crate) mod auth;
pub(crate) mod errors;
pub(crate) mod multipart;
pub(crate) mod pagination;
pub(crate) mod request;
pub(crate) mod routing;
