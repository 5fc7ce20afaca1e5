//! The Platform API's own error answers, in the EMQX `{code, message}` shape.

use http::StatusCode;

use crate::rest::errors::{ApiError, not_found};

pub(super) fn unprocessable(message: impl Into<String>) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "UNPROCESSABLE_ENTITY",
        message,
    )
}

pub(super) fn deployment_not_found() -> ApiError {
    not_found("Deployment not found")
}
