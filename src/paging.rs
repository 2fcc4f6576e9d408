//! Keyset pagination shared by every list: `limit` (default 20, at most 100) and an opaque
//! `cursor`; responses are `{items, next_cursor}`. A list handler takes [`Paging`] beside its
//! own filters and documents it with `params(..., PageParams)`.

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

/// What a list request asked for, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: i64,
    /// The sort key of the last item of the previous page.
    pub after: Option<String>,
}

impl PageRequest {
    /// A `limit` above the maximum is clamped to it; below 1 it is refused.
    pub fn new(limit: Option<i64>, cursor: Option<&str>) -> Result<Self, ApiError> {
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(n) if n < 1 => {
                return Err(ApiError::invalid(
                    "limit",
                    Msg::RangeAtLeast { min: "1".into() },
                ))
            }
            Some(n) => n.min(MAX_LIMIT),
        };
        let after = cursor
            .map(|c| {
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(c)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .ok_or_else(|| ApiError::invalid("cursor", Msg::NotOurCursor))
            })
            .transpose()?;
        Ok(Self { limit, after })
    }

    /// How many rows to fetch: one more than asked, to learn whether another page exists.
    pub fn fetch_limit(&self) -> i64 {
        self.limit + 1
    }
}

/// The paging parameters of a list's query string, as the client sends them.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1–100 (larger values are clamped to 100).
    pub limit: Option<i64>,
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
            rows.last()
                .map(|last| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key(last)))
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
