//! The downloadable templates: a header row of each kind's columns, in Japanese for a
//! Japanese `Accept-Language` and as the API names them otherwise; both are read back.

use rust_xlsxwriter::{Format, Workbook};

use super::columns::columns;
use super::ImportKind;
use crate::error::ApiError;
use crate::i18n::Locale;

/// The headers of `kind`'s template in `locale`.
pub fn headers(kind: ImportKind, locale: Locale) -> Vec<&'static str> {
    columns(kind)
        .iter()
        .map(|c| match locale {
            Locale::Ja => c.ja,
            Locale::En => c.key,
        })
        .collect()
}

/// The CSV template: UTF-8 with a byte-order mark, so that Excel opens it as UTF-8.
pub fn csv(kind: ImportKind, locale: Locale) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend_from_slice(headers(kind, locale).join(",").as_bytes());
    out.extend_from_slice(b"\r\n");
    out
}

/// The XLSX template: one sheet, its header row bold and frozen.
pub fn xlsx(kind: ImportKind, locale: Locale) -> Result<Vec<u8>, ApiError> {
    let failed = |e: rust_xlsxwriter::XlsxError| ApiError::internal(format!("template: {e}"));
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(kind.as_str()).map_err(failed)?;
    let bold = Format::new().set_bold();
    for (col, header) in headers(kind, locale).iter().enumerate() {
        let col = u16::try_from(col).map_err(|e| ApiError::internal(e.to_string()))?;
        sheet
            .write_string_with_format(0, col, *header, &bold)
            .map_err(failed)?;
        sheet.set_column_width(col, 24).map_err(failed)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    workbook.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::super::read::{read, Format as Body};
    use super::*;

    #[test]
    fn templates_read_back_as_their_own_columns() {
        for kind in [
            ImportKind::Companies,
            ImportKind::Buyers,
            ImportKind::Exhibitors,
            ImportKind::Registrations,
        ] {
            for locale in [Locale::Ja, Locale::En] {
                for (format, body) in [
                    (Body::Csv, csv(kind, locale)),
                    (Body::Xlsx, xlsx(kind, locale).unwrap()),
                ] {
                    let table = read(format, &body).unwrap();
                    let found = super::super::columns::map_headers(kind, &table.headers);
                    assert_eq!(
                        found.len(),
                        columns(kind).len(),
                        "{kind:?} {locale:?} {format:?}"
                    );
                    assert!(table.rows.is_empty());
                }
            }
        }
    }
}
