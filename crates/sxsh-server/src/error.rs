//! Errors of the server, each with the protocol's [`ErrorCode`] and the HTTP status it answers.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sxsh_sync_proto::wire::{ErrorBody, ErrorCode, WireFieldError};

#[derive(Debug, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct ServerError {
    pub code: ErrorCode,
    pub message: String,
    /// For `rate_limited`: seconds to wait.
    pub retry_after_s: Option<u64>,
    /// For a refused form: the fields refused.
    pub field_errors: Vec<WireFieldError>,
}

pub type Result<T> = std::result::Result<T, ServerError>;

impl ServerError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ServerError {
        ServerError {
            code,
            message: message.into(),
            retry_after_s: None,
            field_errors: Vec::new(),
        }
    }

    /// A form refused for its fields (`bad_request`), each with the domain's code.
    pub fn fields(what: &str, errors: Vec<sxsh_domain::FieldError>) -> ServerError {
        let message = format!(
            "{what}: {}",
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ")
        );
        ServerError {
            field_errors: errors
                .into_iter()
                .map(|e| WireFieldError {
                    field: e.field,
                    code: e.code.as_str().to_string(),
                    message: e.message,
                    min: e.min,
                    max: e.max,
                })
                .collect(),
            ..ServerError::new(ErrorCode::BadRequest, message)
        }
    }

    /// A domain error of a form: its field errors when it has them.
    pub fn domain(what: &str, e: sxsh_domain::DomainError) -> ServerError {
        match e {
            sxsh_domain::DomainError::Validation(errors) => ServerError::fields(what, errors),
            other => ServerError::new(ErrorCode::BadRequest, format!("{what}: {other}")),
        }
    }

    pub fn internal(message: impl Into<String>) -> ServerError {
        ServerError::new(ErrorCode::Internal, message)
    }

    pub fn status(&self) -> StatusCode {
        match self.code {
            ErrorCode::Unauthorized | ErrorCode::TokenExpired | ErrorCode::BadCredentials => {
                StatusCode::UNAUTHORIZED
            }
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::ClientTooOld => StatusCode::UPGRADE_REQUIRED,
            ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BadRequest
            | ErrorCode::HashMismatch
            | ErrorCode::DamagedBackup
            | ErrorCode::DamagedBundle
            | ErrorCode::ForeignBundle
            | ErrorCode::NewerBundle => StatusCode::BAD_REQUEST,
            ErrorCode::NotEmpty => StatusCode::CONFLICT,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::BadOffset => StatusCode::CONFLICT,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<rusqlite::Error> for ServerError {
    fn from(e: rusqlite::Error) -> ServerError {
        ServerError::internal(format!("database: {e}"))
    }
}

impl From<serde_json::Error> for ServerError {
    fn from(e: serde_json::Error) -> ServerError {
        ServerError::internal(format!("stored JSON: {e}"))
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ErrorBody {
            code: self.code,
            message: self.message,
            retry_after_s: self.retry_after_s,
            field_errors: self.field_errors,
        };
        (status, axum::Json(body)).into_response()
    }
}
