//! File downloads (the meetings' CSV and Excel exports, the iCalendar agenda, the public KPI
//! CSV): the schema the OpenAPI document gives their bodies.

use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// The body of a file download, documented as `type: string, format: binary` under its
/// media type; `Vec<u8>` would document an array of integers, which clients then type as
/// `number[]`. A response declares it as `body = inline(Download), content_type = "…"`.
pub struct Download;

impl PartialSchema for Download {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl ToSchema for Download {}
