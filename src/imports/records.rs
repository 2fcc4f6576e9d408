//! Each row of a table checked into the record it stands for, or the row's errors: required
//! cells, lengths, the corporate number's check digit, country codes, e-mail addresses, and
//! rows that repeat an earlier row of the file. Pure.

use std::collections::HashMap;

use super::columns::{self, map_headers};
use super::read::Table;
use super::{corporate_number, ImportKind, RowError};
use crate::codes::is_country_code;
use crate::error::{ApiError, FieldError};
use crate::i18n::Msg;
use crate::users::normalize_email;
use crate::validate;

/// What one valid row stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Company {
        name_ja: String,
        name_en: String,
        industry: Option<String>,
        corporate_number: Option<String>,
        employees: Option<i32>,
    },
    Buyer {
        name: String,
        country: String,
        industry: Option<String>,
        website: Option<String>,
        email: Option<String>,
    },
    Exhibitor {
        corporate_number: Option<String>,
        name_ja: Option<String>,
    },
    Registration {
        email: String,
    },
}

impl Record {
    /// What makes two rows the same record: the key an import matches on.
    fn key(&self) -> String {
        match self {
            Record::Company {
                corporate_number: Some(number),
                ..
            }
            | Record::Exhibitor {
                corporate_number: Some(number),
                ..
            } => format!("number:{number}"),
            Record::Company { name_ja, .. }
            | Record::Exhibitor {
                name_ja: Some(name_ja),
                ..
            } => format!("name:{name_ja}"),
            Record::Exhibitor { .. } => String::new(),
            Record::Buyer { name, country, .. } => {
                format!("{}|{country}", name.to_lowercase())
            }
            Record::Registration { email } => email.clone(),
        }
    }
}

/// A row: its number and its record or its errors.
pub type Checked = (usize, Result<Record, Vec<RowError>>);

/// Every row of `table` checked as `kind`; 422 naming the required columns the file lacks.
pub fn check_table(kind: ImportKind, table: &Table) -> Result<Vec<Checked>, ApiError> {
    let found = map_headers(kind, &table.headers);
    let missing = columns::missing(kind, &found);
    if !missing.is_empty() {
        return Err(ApiError::Validation(
            missing
                .into_iter()
                .map(|(key, header)| {
                    FieldError::new(
                        format!("columns.{key}"),
                        Msg::ImportMissingColumn { header },
                    )
                })
                .collect(),
        ));
    }
    let mut first_of: HashMap<String, usize> = HashMap::new();
    let checked = table
        .rows
        .iter()
        .map(|(row, cells)| {
            let cell = |key: &str| {
                found
                    .get(key)
                    .and_then(|index| cells.get(*index))
                    .map(|value| value.trim())
                    .filter(|value| !value.is_empty())
            };
            let record =
                check_row(kind, *row, &cell).and_then(|record| match first_of.get(&record.key()) {
                    Some(first) => Err(vec![RowError::new(
                        *row,
                        columns::columns(kind)[0].key,
                        Msg::DuplicateRow { row: *first },
                    )]),
                    None => {
                        first_of.insert(record.key(), *row);
                        Ok(record)
                    }
                });
            (*row, record)
        })
        .collect();
    Ok(checked)
}

/// The errors of one row, collected as cells are read.
struct Row<'c> {
    number: usize,
    cell: &'c dyn Fn(&str) -> Option<&'c str>,
    errors: Vec<RowError>,
}

impl<'c> Row<'c> {
    fn fail(&mut self, column: &str, message: Msg) {
        self.errors
            .push(RowError::new(self.number, column, message));
    }

    fn optional(&mut self, column: &str, max: usize) -> Option<String> {
        let value = (self.cell)(column)?;
        if value.chars().count() > max {
            self.fail(
                column,
                Msg::LengthAtMost {
                    max: max.to_string(),
                },
            );
        }
        Some(value.to_owned())
    }

    fn required(&mut self, column: &str, max: usize) -> String {
        let value = self.optional(column, max);
        if value.is_none() {
            self.fail(column, Msg::CellRequired);
        }
        value.unwrap_or_default()
    }

    fn corporate_number(&mut self) -> Option<String> {
        let number = corporate_number::normalize((self.cell)("corporate_number")?);
        if !corporate_number::is_valid(&number) {
            self.fail("corporate_number", Msg::CorporateNumber);
        }
        Some(number)
    }

    fn email(&mut self, required: bool) -> Option<String> {
        let Some(raw) = (self.cell)("email") else {
            if required {
                self.fail("email", Msg::CellRequired);
            }
            return None;
        };
        match normalize_email("email", raw) {
            Ok(email) => Some(email),
            Err(_) => {
                self.fail("email", Msg::Email);
                None
            }
        }
    }

    fn extend(&mut self, errors: Vec<FieldError>) {
        for error in errors {
            self.fail(&error.field, error.message);
        }
    }

    fn finish(self, record: Record) -> Result<Record, Vec<RowError>> {
        if self.errors.is_empty() {
            Ok(record)
        } else {
            Err(self.errors)
        }
    }
}

fn check_row<'c>(
    kind: ImportKind,
    number: usize,
    cell: &'c dyn Fn(&str) -> Option<&'c str>,
) -> Result<Record, Vec<RowError>> {
    let mut row = Row {
        number,
        cell,
        errors: Vec::new(),
    };
    let record = match kind {
        ImportKind::Companies => company(&mut row),
        ImportKind::Buyers => buyer(&mut row),
        ImportKind::Exhibitors => {
            let corporate_number = row.corporate_number();
            let name_ja = row.optional("name_ja", 200);
            if corporate_number.is_none() && name_ja.is_none() {
                row.fail("corporate_number", Msg::CellRequired);
            }
            Record::Exhibitor {
                corporate_number,
                name_ja,
            }
        }
        ImportKind::Registrations => Record::Registration {
            email: row.email(true).unwrap_or_default(),
        },
    };
    row.finish(record)
}

fn company(row: &mut Row<'_>) -> Record {
    let name_ja = row.required("name_ja", 200);
    let name_en = row.required("name_en", 200);
    let industry = row.optional("industry", 100);
    let corporate_number = row.corporate_number();
    let employees = (row.cell)("employees").and_then(|raw| match raw.parse::<i32>() {
        Ok(n) if (0..=1_000_000).contains(&n) => Some(n),
        Ok(_) => {
            row.fail("employees", Msg::between(0, 1_000_000));
            None
        }
        Err(_) => {
            row.fail("employees", Msg::WholeNumber);
            None
        }
    });
    Record::Company {
        name_ja,
        name_en,
        industry,
        corporate_number,
        employees,
    }
}

fn buyer(row: &mut Row<'_>) -> Record {
    let name = row.required("name", 200);
    let country = (row.cell)("country").map(str::to_ascii_uppercase);
    match &country {
        Some(code) if is_country_code(code) => {}
        Some(_) => row.fail("country", Msg::CountryCode { example: "TH" }),
        None => row.fail("country", Msg::CellRequired),
    }
    let industry = row.optional("industry", 100);
    let website = row.optional("website", 300);
    if let Some(url) = &website {
        row.extend(validate::web_url("website", url));
    }
    Record::Buyer {
        name,
        country: country.unwrap_or_default(),
        industry,
        website,
        email: row.email(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Table {
        super::super::read::read(super::super::read::Format::Csv, csv.as_bytes()).unwrap()
    }

    #[test]
    fn bad_cells_are_reported_with_their_row_and_column() {
        let checked = check_table(
            ImportKind::Buyers,
            &table("会社名,国,メール\nSiam Parts,TH,a@example.com\n,XX,not-mail\nSiam Parts,th,\n"),
        )
        .unwrap();
        assert!(checked[0].1.is_ok());
        let errors = checked[1].1.clone().unwrap_err();
        let cells: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
        assert_eq!(cells, [(3, "name"), (3, "country"), (3, "email")]);
        let repeated = checked[2].1.clone().unwrap_err();
        assert_eq!(repeated[0].message, Msg::DuplicateRow { row: 2 });
    }

    #[test]
    fn a_wrong_check_digit_names_the_corporate_number() {
        let checked = check_table(
            ImportKind::Companies,
            &table(
                "会社名,英文社名,法人番号\n国税庁,NTA,7000012050002\n相模,Sagami,7000012050003\n",
            ),
        )
        .unwrap();
        assert!(checked[0].1.is_ok());
        let errors = checked[1].1.clone().unwrap_err();
        assert_eq!(
            errors,
            [RowError::new(3, "corporate_number", Msg::CorporateNumber)]
        );
    }

    #[test]
    fn a_missing_required_header_is_named() {
        let Err(ApiError::Validation(fields)) =
            check_table(ImportKind::Companies, &table("会社名,法人番号\nA,\n"))
        else {
            panic!("accepted a file without 英文社名");
        };
        assert_eq!(fields[0].field, "columns.name_en");
    }
}
