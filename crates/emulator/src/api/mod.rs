//! The APIs (Platform, Deployment on EMQX 5, Deployment on EMQX 4): for each,
//! one route table (`routes.rs`) that routes a request and names its handler,
//! and the handlers, which read the request, call the model and render the
//! answer.

pub(crate) mod deployment;
pub(crate) mod deployment_v4;
pub(crate) mod platform;
