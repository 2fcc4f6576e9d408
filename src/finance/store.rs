//! The books' rows and queries: fee schedules, invoices and their items, subsidies,
//! programme costs and the self-financing targets. Sums are cast to BIGINT so both backends
//! type them alike (PostgreSQL's SUM(bigint) is numeric).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};

use super::{FeeKind, FundingSource, InvoiceStatus, SubsidySource};
use crate::db::schema::{
    companies, fee_schedules, invoice_items, invoices, programme_costs, self_financing_targets,
    subsidies,
};
use crate::db::DbConn;

/// A fee of a fiscal year: per event (`event_id`) or, for the membership, per year.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = fee_schedules)]
pub struct FeeScheduleRow {
    pub id: String,
    pub fiscal_year: i32,
    pub kind: FeeKind,
    pub event_id: Option<String>,
    pub amount_jpy: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An invoice as stored; its items are [`InvoiceItemRow`]s.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = invoices)]
pub struct InvoiceRow {
    pub id: String,
    pub company_id: String,
    pub status: InvoiceStatus,
    pub total_jpy: i64,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub paid_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancel_reason: Option<String>,
    pub note: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = invoice_items)]
pub struct InvoiceItemRow {
    pub invoice_id: String,
    pub position: i32,
    pub description: String,
    pub quantity: i32,
    pub unit_amount_jpy: i64,
    pub amount_jpy: i64,
    pub fee_schedule_id: Option<String>,
    pub event_id: Option<String>,
}

/// A paid or cancelled invoice's new state.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = invoices)]
pub struct InvoiceUpdate {
    pub status: InvoiceStatus,
    pub paid_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancel_reason: Option<String>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = subsidies)]
pub struct SubsidyRow {
    pub id: String,
    pub source: SubsidySource,
    pub amount_jpy: i64,
    pub received_on: NaiveDate,
    pub description: String,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = programme_costs)]
pub struct ProgrammeCostRow {
    pub id: String,
    pub funding_source: FundingSource,
    pub amount_jpy: i64,
    pub spent_on: NaiveDate,
    pub description: String,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

fn sum_of(column: &str) -> diesel::expression::SqlLiteral<Nullable<BigInt>> {
    sql::<Nullable<BigInt>>(&format!("CAST(SUM({column}) AS BIGINT)"))
}

pub fn insert_fee(conn: &mut DbConn, row: &FeeScheduleRow) -> QueryResult<()> {
    diesel::insert_into(fee_schedules::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn find_fee(conn: &mut DbConn, id: &str) -> QueryResult<FeeScheduleRow> {
    fee_schedules::table
        .find(id)
        .select(FeeScheduleRow::as_select())
        .first(conn)
}

/// A fee's new amount.
pub fn set_fee_amount(
    conn: &mut DbConn,
    id: &str,
    amount_jpy: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(fee_schedules::table.find(id))
        .set((
            fee_schedules::amount_jpy.eq(amount_jpy),
            fee_schedules::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// The fees of a fiscal year, per-year fees first, then by kind and event.
pub fn fees_of_year(conn: &mut DbConn, fiscal_year: i32) -> QueryResult<Vec<FeeScheduleRow>> {
    fee_schedules::table
        .filter(fee_schedules::fiscal_year.eq(fiscal_year))
        .select(FeeScheduleRow::as_select())
        .order((
            fee_schedules::event_id.asc(),
            fee_schedules::kind.asc(),
            fee_schedules::id.asc(),
        ))
        .load(conn)
}

/// Writes an invoice with its items.
pub fn insert_invoice(
    conn: &mut DbConn,
    invoice: &InvoiceRow,
    items: &[InvoiceItemRow],
) -> QueryResult<()> {
    diesel::insert_into(invoices::table)
        .values(invoice)
        .execute(conn)?;
    for item in items {
        diesel::insert_into(invoice_items::table)
            .values(item)
            .execute(conn)?;
    }
    Ok(())
}

pub fn find_invoice(conn: &mut DbConn, id: &str) -> QueryResult<InvoiceRow> {
    invoices::table
        .find(id)
        .select(InvoiceRow::as_select())
        .first(conn)
}

pub fn update_invoice(conn: &mut DbConn, id: &str, changes: &InvoiceUpdate) -> QueryResult<()> {
    diesel::update(invoices::table.find(id))
        .set(changes)
        .execute(conn)
        .map(drop)
}

/// The items of `invoice_ids`, by invoice and position.
pub fn items_of(conn: &mut DbConn, invoice_ids: &[String]) -> QueryResult<Vec<InvoiceItemRow>> {
    invoice_items::table
        .filter(invoice_items::invoice_id.eq_any(invoice_ids))
        .select(InvoiceItemRow::as_select())
        .order((
            invoice_items::invoice_id.asc(),
            invoice_items::position.asc(),
        ))
        .load(conn)
}

/// Which invoices a list shows.
#[derive(Debug, Clone, Default)]
pub struct InvoiceFilter {
    pub company_id: Option<String>,
    pub status: Option<InvoiceStatus>,
    /// Issued in `[from, to)`.
    pub issued: Option<(NaiveDate, NaiveDate)>,
}

/// Up to `limit` invoices of `filter` by id (oldest first), after the id `after`.
pub fn list_invoices(
    conn: &mut DbConn,
    filter: &InvoiceFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<InvoiceRow>> {
    let mut query = invoices::table
        .select(InvoiceRow::as_select())
        .order(invoices::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(company) = &filter.company_id {
        query = query.filter(invoices::company_id.eq(company.clone()));
    }
    if let Some(status) = filter.status {
        query = query.filter(invoices::status.eq(status));
    }
    if let Some((from, to)) = filter.issued {
        query = query
            .filter(invoices::issued_on.ge(from))
            .filter(invoices::issued_on.lt(to));
    }
    if let Some(after) = after {
        query = query.filter(invoices::id.gt(after.to_owned()));
    }
    query.load(conn)
}

/// The invoices the accounting office's export of a fiscal year lists: issued in the year
/// (`issued`, dates) or paid in it (`paid`, UTC instants), each with its company's name.
pub fn invoices_for_export(
    conn: &mut DbConn,
    (issued_from, issued_to): (NaiveDate, NaiveDate),
    (paid_from, paid_to): (NaiveDateTime, NaiveDateTime),
) -> QueryResult<Vec<(InvoiceRow, String)>> {
    invoices::table
        .inner_join(companies::table)
        .filter(
            invoices::issued_on
                .ge(issued_from)
                .and(invoices::issued_on.lt(issued_to))
                .or(invoices::paid_at
                    .ge(paid_from)
                    .and(invoices::paid_at.lt(paid_to))),
        )
        .select((InvoiceRow::as_select(), companies::name_ja))
        .order((invoices::issued_on.asc(), invoices::id.asc()))
        .load(conn)
}

/// A sum over a span of fiscal years and over its last year alone, read in one query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Split {
    pub year: i64,
    pub span: i64,
}

/// A span of fiscal years `[from, to)` whose last year starts at `year_from`.
#[derive(Debug, Clone, Copy)]
pub struct Span<T> {
    pub from: T,
    pub year_from: T,
    pub to: T,
}

fn split((span, year): (Option<i64>, Option<i64>)) -> Split {
    Split {
        year: year.unwrap_or(0),
        span: span.unwrap_or(0),
    }
}

/// Contributions received: the total of invoices paid with `paid_at` in the span, and in
/// its last year. Cancelled and unpaid invoices never count.
pub fn contributions(conn: &mut DbConn, span: Span<NaiveDateTime>) -> QueryResult<Split> {
    let sums: (Option<i64>, Option<i64>) = invoices::table
        .filter(invoices::status.eq(InvoiceStatus::Paid))
        .filter(invoices::paid_at.ge(span.from))
        .filter(invoices::paid_at.lt(span.to))
        .select((
            sum_of("invoices.total_jpy"),
            crate::sum_from!(
                "invoices.total_jpy",
                "invoices.paid_at",
                diesel::sql_types::Timestamp,
                span.year_from
            ),
        ))
        .first(conn)?;
    Ok(split(sums))
}

pub fn insert_subsidy(conn: &mut DbConn, row: &SubsidyRow) -> QueryResult<()> {
    diesel::insert_into(subsidies::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Subsidies received on days in `[from, to)`, by day.
pub fn subsidies_between(
    conn: &mut DbConn,
    (from, to): (NaiveDate, NaiveDate),
) -> QueryResult<Vec<SubsidyRow>> {
    subsidies::table
        .filter(subsidies::received_on.ge(from))
        .filter(subsidies::received_on.lt(to))
        .select(SubsidyRow::as_select())
        .order((subsidies::received_on.asc(), subsidies::id.asc()))
        .load(conn)
}

/// The yen of subsidies received on days in the span, and in its last year.
pub fn subsidies_total(conn: &mut DbConn, span: Span<NaiveDate>) -> QueryResult<Split> {
    let sums: (Option<i64>, Option<i64>) = subsidies::table
        .filter(subsidies::received_on.ge(span.from))
        .filter(subsidies::received_on.lt(span.to))
        .select((
            sum_of("subsidies.amount_jpy"),
            crate::sum_from!(
                "subsidies.amount_jpy",
                "subsidies.received_on",
                diesel::sql_types::Date,
                span.year_from
            ),
        ))
        .first(conn)?;
    Ok(split(sums))
}

pub fn insert_cost(conn: &mut DbConn, row: &ProgrammeCostRow) -> QueryResult<()> {
    diesel::insert_into(programme_costs::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Programme costs of days in `[from, to)`, by day.
pub fn costs_between(
    conn: &mut DbConn,
    (from, to): (NaiveDate, NaiveDate),
) -> QueryResult<Vec<ProgrammeCostRow>> {
    programme_costs::table
        .filter(programme_costs::spent_on.ge(from))
        .filter(programme_costs::spent_on.lt(to))
        .select(ProgrammeCostRow::as_select())
        .order((programme_costs::spent_on.asc(), programme_costs::id.asc()))
        .load(conn)
}

/// Programme costs of days in the span per funding source, and of its last year.
pub fn costs_by_source(
    conn: &mut DbConn,
    span: Span<NaiveDate>,
) -> QueryResult<Vec<(FundingSource, Split)>> {
    let rows: Vec<(FundingSource, Option<i64>, Option<i64>)> = programme_costs::table
        .filter(programme_costs::spent_on.ge(span.from))
        .filter(programme_costs::spent_on.lt(span.to))
        .group_by(programme_costs::funding_source)
        .select((
            programme_costs::funding_source,
            sum_of("programme_costs.amount_jpy"),
            crate::sum_from!(
                "programme_costs.amount_jpy",
                "programme_costs.spent_on",
                diesel::sql_types::Date,
                span.year_from
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(source, span, year)| (source, split((span, year))))
        .collect())
}

/// The self-financing ratio aimed at in `fiscal_year`, in hundredths of a percent.
pub fn target(conn: &mut DbConn, fiscal_year: i32) -> QueryResult<Option<i64>> {
    self_financing_targets::table
        .find(fiscal_year)
        .select(self_financing_targets::ratio_hundredths)
        .first(conn)
        .optional()
}

/// Sets (or, with `None`, removes) the year's target.
pub fn set_target(
    conn: &mut DbConn,
    fiscal_year: i32,
    ratio_hundredths: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(self_financing_targets::table.find(fiscal_year)).execute(conn)?;
    if let Some(value) = ratio_hundredths {
        diesel::insert_into(self_financing_targets::table)
            .values((
                self_financing_targets::fiscal_year.eq(fiscal_year),
                self_financing_targets::ratio_hundredths.eq(value),
                self_financing_targets::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
