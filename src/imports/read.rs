//! A request body as a table of text cells: CSV in UTF-8 (with or without a byte-order mark)
//! or in Shift_JIS as Japanese Excel saves it (CP932; taken when the bytes are not UTF-8),
//! or the first sheet of an `.xlsx` workbook. The first non-empty row is the header; rows
//! are numbered as a spreadsheet shows them (the header of a file that starts with it is
//! row 1). Pure.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::error::ApiError;
use crate::i18n::Msg;

/// The media types an import takes.
pub const CSV: &str = "text/csv";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The most rows (besides the header) and bytes one import takes.
pub const MAX_ROWS: usize = 10_000;
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// A file's header and its rows, each with its row number; blank rows are left out.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// What an import's body is, by its `Content-Type` (parameters such as `charset` aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// The format of a `Content-Type` value; 415 for any other.
    pub fn of(content_type: Option<&str>) -> Result<Self, ApiError> {
        let essence = content_type
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase());
        match essence.as_deref() {
            Some(CSV) => Ok(Format::Csv),
            Some(XLSX) => Ok(Format::Xlsx),
            _ => Err(ApiError::UnsupportedMediaType(Msg::ImportMediaType)),
        }
    }
}

fn too_large() -> ApiError {
    ApiError::TooLarge(Msg::ImportTooLarge {
        max_rows: MAX_ROWS,
        max_bytes: MAX_BYTES,
    })
}

fn unreadable() -> ApiError {
    ApiError::BadRequest(Msg::ImportUnreadable)
}

/// Reads `body` as `format`: 400 if it cannot be read, 413 past [`MAX_ROWS`].
pub fn read(format: Format, body: &[u8]) -> Result<Table, ApiError> {
    if body.len() > MAX_BYTES {
        return Err(too_large());
    }
    let grid = match format {
        Format::Csv => csv_grid(&decode(body)?)?,
        Format::Xlsx => xlsx_grid(body)?,
    };
    let mut rows = grid
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let (_, headers) = rows.next().ok_or_else(unreadable)?;
    let rows: Vec<_> = rows.take(MAX_ROWS + 1).collect();
    if rows.len() > MAX_ROWS {
        return Err(too_large());
    }
    Ok(Table { headers, rows })
}

/// CSV text: UTF-8 (less its byte-order mark) when the bytes are UTF-8, else Shift_JIS.
pub fn decode(body: &[u8]) -> Result<String, ApiError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(text.to_owned());
    }
    // encoding_rs's Shift_JIS is the WHATWG one: Windows-31J (CP932), what Excel writes.
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(body);
    if had_errors {
        return Err(unreadable());
    }
    Ok(text.into_owned())
}

fn csv_grid(text: &str) -> Result<Vec<(usize, Vec<String>)>, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // Where each line starts, to number a record by the line it starts on (the reader's
    // own line count lags behind a line ended by CR LF, and a record's position is where the
    // reader stood, before the line breaks it skips).
    let newlines: Vec<usize> = text.match_indices('\n').map(|(at, _)| at).collect();
    let mut grid = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| unreadable())?;
        let from = record.position().map_or(0, |p| p.byte() as usize);
        let start = text.get(from..).map_or(from, |rest| {
            from + (rest.len() - rest.trim_start_matches(['\r', '\n']).len())
        });
        let row = newlines.partition_point(|&at| at < start) + 1;
        grid.push((row, record.iter().map(|c| c.trim().to_owned()).collect()));
        if grid.len() > MAX_ROWS + 2 {
            break;
        }
    }
    Ok(grid)
}

fn xlsx_grid(body: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ApiError> {
    let mut workbook = Xlsx::new(Cursor::new(body)).map_err(|_| unreadable())?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(unreadable)?
        .map_err(|_| unreadable())?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    Ok(range
        .rows()
        .take(MAX_ROWS + 2)
        .enumerate()
        .map(|(index, cells)| (first_row + index + 1, cells.iter().map(cell_text).collect()))
        .collect())
}

/// A cell as text. A number that is whole is written without a fraction: a corporate
/// number typed into Excel is a number cell, `7000012050002`, never `7000012050002.0`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_jis_utf8_and_a_byte_order_mark_read_alike() {
        let text = "会社名,国\r\n相模商事,TH\r\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let expected = read(Format::Csv, text.as_bytes()).unwrap();
        assert_eq!(read(Format::Csv, &sjis).unwrap(), expected);
        assert_eq!(read(Format::Csv, &bom).unwrap(), expected);
        assert_eq!(expected.headers, ["会社名", "国"]);
        assert_eq!(
            expected.rows,
            [(2, vec!["相模商事".to_owned(), "TH".to_owned()])]
        );
    }

    #[test]
    fn rows_keep_their_numbers_past_blank_lines() {
        let table = read(Format::Csv, b"name,country\n\nA,TH\n,\nB,VN\n").unwrap();
        let numbers: Vec<usize> = table.rows.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [3, 5]);
    }

    #[test]
    fn content_types_other_than_csv_and_xlsx_are_refused() {
        assert_eq!(
            Format::of(Some("text/csv; charset=shift_jis")).unwrap(),
            Format::Csv
        );
        assert_eq!(Format::of(Some(XLSX)).unwrap(), Format::Xlsx);
        for other in [Some("application/json"), Some("text/plain"), None] {
            assert!(Format::of(other).is_err(), "{other:?}");
        }
    }
}
