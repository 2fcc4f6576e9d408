//! Keyset pagination shared by every list: `limit` (default 20, 1–100) and an opaque
//! `cursor`; responses are `{items, next_cursor}`. A list handler takes [`Paging`] beside its
//! own filters and documents it with `params(..., PageParams)`.
//!
//! A cursor is the sort key of a page's last item in unpadded base64url. The document gives
//! its alphabet and lengths as a pattern, and every string of that pattern decodes: one the
//! service did not hand out still names a place in the list's order (the page holds what
//! sorts after it, or nothing), so a client learns of a cursor it mangled by the pattern, not
//! by a 422 for a string the document calls valid.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{ArrayItems, Schema};
use utoipa::openapi::{OpenApi, Ref, RefOr};
use utoipa::{IntoParams, Modify, ToSchema};
use validator::Validate;

use crate::error::ApiError;
use crate::extract::Query;
use crate::i18n::Msg;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;
/// The longest cursor taken; the service hands out far shorter ones.
pub const MAX_CURSOR_CHARS: usize = 512;
/// What a cursor looks like: unpadded base64url of whole bytes (a length of 4n + 1 encodes
/// none). [`PageRequest::new`] decodes every string that matches it.
pub const CURSOR_PATTERN: &str = "^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$";

/// Unpadded base64url that ignores the unused low bits of the last character, so that every
/// string of [`CURSOR_PATTERN`] decodes (the service's own cursors leave them zero).
const CURSOR_BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    base64::engine::GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone),
);

/// What a list request asked for, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: i64,
    /// The sort key of the last item of the previous page.
    pub after: Option<String>,
}

impl PageRequest {
    /// A `limit` outside 1–100 is refused, as the document's bounds say; so is a cursor that
    /// does not match [`CURSOR_PATTERN`].
    pub fn new(limit: Option<i64>, cursor: Option<&str>) -> Result<Self, ApiError> {
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
            Some(_) => return Err(ApiError::invalid("limit", Msg::between(1, MAX_LIMIT))),
        };
        let after = cursor.map(decode_cursor).transpose()?;
        Ok(Self { limit, after })
    }

    /// How many rows to fetch: one more than asked, to learn whether another page exists.
    pub fn fetch_limit(&self) -> i64 {
        self.limit + 1
    }
}

/// The sort key a cursor encodes. Bytes that are not UTF-8, and NUL (which PostgreSQL text
/// cannot hold), become U+FFFD: such a key names a place no item has, which is all that a
/// cursor the service never handed out can name.
fn decode_cursor(cursor: &str) -> Result<String, ApiError> {
    let well_formed = cursor.len() <= MAX_CURSOR_CHARS
        && cursor.len() % 4 != 1
        && cursor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let bytes = well_formed
        .then(|| CURSOR_BASE64.decode(cursor).ok())
        .flatten()
        .ok_or_else(|| ApiError::invalid("cursor", Msg::NotOurCursor))?;
    Ok(String::from_utf8_lossy(&bytes).replace('\0', "\u{fffd}"))
}

/// The paging parameters of a list's query string, as the client sends them.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page. A well-formed cursor that this list did not hand
    /// out names a place in its order all the same: the page holds what sorts after it, or
    /// nothing.
    #[param(
        pattern = "^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$",
        max_length = 512
    )]
    pub cursor: Option<String>,
}

/// Extracts a list's `limit` and `cursor`, checked, from the query string; the handler's
/// own query type holds its filters only.
#[derive(Debug)]
pub struct Paging(pub PageRequest);

impl FromRequest for Paging {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let paging = Query::<PageParams>::from_request(req, payload)
            .into_inner()
            .and_then(|Query(params)| PageRequest::new(params.limit, params.cursor.as_deref()))
            .map(Paging);
        std::future::ready(paging)
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page. Always sent.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `fetch_limit()` rows sorted by `key`.
    pub fn from_rows<R>(
        mut rows: Vec<R>,
        request: &PageRequest,
        key: impl Fn(&R) -> String,
        to_item: impl Fn(R) -> Result<T, ApiError>,
    ) -> Result<Self, ApiError> {
        let has_more = rows.len() as i64 > request.limit;
        rows.truncate(request.limit as usize);
        let next_cursor = if has_more {
            rows.last().map(|last| CURSOR_BASE64.encode(key(last)))
        } else {
            None
        };
        let items = rows.into_iter().map(to_item).collect::<Result<_, _>>()?;
        Ok(Page { items, next_cursor })
    }
}

/// Makes every `Page_X` schema refer to `X` for its items. utoipa 5 composes a generic type
/// with a copy of its argument's schema, whatever `#[schema(inline = false)]` says
/// (juhaku/utoipa#1586), so each page would carry its own copy of the item. Runs on the
/// finished document; an item not yet among the components is moved there.
pub struct PagesReferToItems;

impl Modify for PagesReferToItems {
    fn modify(&self, openapi: &mut OpenApi) {
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        let mut moved = Vec::new();
        for (name, schema) in components.schemas.iter_mut() {
            let Some(item) = name.strip_prefix("Page_") else {
                continue;
            };
            let RefOr::T(Schema::Object(page)) = schema else {
                continue;
            };
            if let Some(RefOr::T(Schema::Array(items))) = page.properties.get_mut("items") {
                let reference =
                    ArrayItems::RefOrSchema(Box::new(Ref::from_schema_name(item).into()));
                if let ArrayItems::RefOrSchema(copy) =
                    std::mem::replace(&mut items.items, reference)
                {
                    moved.push((item.to_owned(), *copy));
                }
            }
        }
        for (item, copy) in moved {
            components.schemas.entry(item).or_insert(copy);
        }
    }
}
