//! The books' HTTP handlers, one file per resource: fee schedules, invoices (and their
//! payment or cancellation), subsidies and programme costs, and the accounting office's
//! CSV export. The self-financing ratio itself is served by the KPI report.

pub mod export;
pub mod fees;
pub mod funds;
pub mod invoices;
pub mod payments;

use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use crate::japan::current_fiscal_year;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BooksYearQuery {
    /// The Japanese fiscal year (April to March, Japan time); defaults to the current one.
    #[validate(range(min = 2000, max = 2100))]
    #[param(minimum = 2000, maximum = 2100)]
    pub fiscal_year: Option<i32>,
}

impl BooksYearQuery {
    pub fn year(&self) -> i32 {
        self.fiscal_year.unwrap_or_else(current_fiscal_year)
    }
}
