//! HTTP handlers.

use crate::payments::PaymentsClient;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct Charge {
    pub customer: String,
    pub cents: u64,
}

pub async fn health() -> &'static str {
    "ok"
}

pub async fn charge(State(payments): State<Arc<PaymentsClient>>, Json(charge): Json<Charge>) -> StatusCode {
    println!("charging {} {} cents", charge.customer, charge.cents);
    match payments.charge(&charge.customer, charge.cents).await {
        Ok(()) => StatusCode::CREATED,
        Err(err) => {
            tracing::warn!(%err, "charge failed");
            StatusCode::BAD_GATEWAY
        }
    }
}
