//! `/briefs`: research briefs, written by the desk or a consortium expert, published by the
//! desk, read by companies (a company member's first read is counted), and their reach.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::BriefView;
use crate::audit::{self, Entity};
use crate::auth::{policy, AuthUser, MaybeAuthUser};
use crate::capabilities::Category;
use crate::db::{self, DbConn};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{JsonBody, Query};
use crate::i18n::Msg;
use crate::paging::{Page, PageParams, Paging};
use crate::research::store::{self, BriefFilter, BriefRow};
use crate::research::{at_most, distinct, encode_categories, encode_tags, publish};
use crate::research::{BriefStatus, TechnologyTag, Visibility};
use crate::AppState;

/// A new brief, a draft until the desk publishes it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBrief {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title_ja: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title_en: String,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub summary_ja: String,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub summary_en: String,
    /// Markdown; raw HTML in it is sanitised when the brief is read.
    #[validate(length(min = 1, max = 50000))]
    #[schema(min_length = 1, max_length = 50000)]
    pub body_ja: String,
    #[validate(length(min = 1, max = 50000))]
    #[schema(min_length = 1, max_length = 50000)]
    pub body_en: String,
    /// ISO 3166-1 alpha-2 code of the country studied.
    #[schema(value_type = Option<crate::codes::CountryCode>)]
    pub country: Option<String>,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub region: Option<String>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub tags: Vec<TechnologyTag>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub categories: Vec<Category>,
    /// `members` (default) or `public`.
    #[serde(default)]
    pub visibility: Visibility,
}

/// Changes to a brief; absent fields stay as they are. Publishing is its own move
/// (`POST /briefs/{id}/publish`).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BriefChanges {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title_ja: Option<String>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title_en: Option<String>,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub summary_ja: Option<String>,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub summary_en: Option<String>,
    #[validate(length(min = 1, max = 50000))]
    #[schema(min_length = 1, max_length = 50000)]
    pub body_ja: Option<String>,
    #[validate(length(min = 1, max = 50000))]
    #[schema(min_length = 1, max_length = 50000)]
    pub body_en: Option<String>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "crate::validate::double_option")]
    #[schema(value_type = Option<crate::codes::CountryCode>)]
    pub country: Option<Option<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "crate::validate::double_option")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 100)]
    pub region: Option<Option<String>>,
    #[schema(max_items = 10)]
    pub tags: Option<Vec<TechnologyTag>>,
    #[schema(max_items = 10)]
    pub categories: Option<Vec<Category>>,
    pub visibility: Option<Visibility>,
}

fn check_country(country: Option<&str>) -> Result<(), ApiError> {
    match country {
        Some(code) if !crate::codes::is_country_code(code) => {
            Err(ApiError::Validation(vec![FieldError::new(
                "country",
                Msg::CountryCode { example: "CN" },
            )]))
        }
        _ => Ok(()),
    }
}

fn check_region(region: Option<&str>) -> Result<(), ApiError> {
    match region {
        Some(r) if r.is_empty() || r.chars().count() > 100 => {
            Err(ApiError::Validation(vec![FieldError::new(
                "region",
                Msg::CharsOneTo { max: 100 },
            )]))
        }
        _ => Ok(()),
    }
}

/// Write a research brief
///
/// A draft, seen by its author and the desk until the desk publishes it. The desk, admins
/// and consortium experts; the caller is its author.
#[utoipa::path(
    tag = "research",
    security(("bearer" = [])),
    request_body = NewBrief,
    responses(
        (status = 201, description = "The draft", body = BriefView),
        (status = 403, description = "Not the desk, an admin or an expert", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/briefs")]
pub async fn create_brief(
    user: AuthUser,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<NewBrief>,
) -> Result<HttpResponse, ApiError> {
    policy::write_briefs(&user)?;
    check_country(body.country.as_deref())?;
    let mut errors = at_most("tags", body.tags.len(), 10);
    errors.extend(at_most("categories", body.categories.len(), 10));
    crate::validate::finish(errors)?;
    let now = db::now();
    let row = BriefRow {
        id: db::new_id(),
        title_ja: body.title_ja,
        title_en: body.title_en,
        summary_ja: body.summary_ja,
        summary_en: body.summary_en,
        body_ja: body.body_ja,
        body_en: body.body_en,
        country: body.country,
        region: body.region,
        tags: encode_tags(&distinct(&body.tags)),
        categories: encode_categories(&distinct(&body.categories)),
        author_id: user.id.to_string(),
        status: BriefStatus::Draft,
        visibility: body.visibility,
        published_at: None,
        created_at: now,
        updated_at: now,
    };
    let row = db::write(&state.pool, move |conn| {
        store::insert_brief(conn, &row)?;
        audit::Change::new(user.id, "create", Entity::Brief, &row.id)
            .after(&row)
            .record(conn)?;
        Ok(row)
    })
    .await?;
    Ok(HttpResponse::Created().json(BriefView::new(row)?))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BriefListQuery {
    /// Only briefs in this status (drafts are the desk's, or an expert's own).
    pub status: Option<BriefStatus>,
    /// Only briefs with this technology tag.
    pub tag: Option<TechnologyTag>,
    /// Only briefs of this capability category.
    pub category: Option<Category>,
}

/// List research briefs
///
/// Newest first. Anyone reads the published `public` briefs; signed-in companies, buyers,
/// staff and experts the published `members` briefs too; the desk and admins every draft,
/// an expert its own.
#[utoipa::path(
    tag = "research",
    security((), ("bearer" = [])),
    params(BriefListQuery, PageParams),
    responses((status = 200, description = "One page of briefs", body = Page<BriefView>))
)]
#[get("/briefs")]
pub async fn list_briefs(
    MaybeAuthUser(user): MaybeAuthUser,
    state: web::Data<AppState>,
    Query(query): Query<BriefListQuery>,
    Paging(page): Paging,
) -> Result<web::Json<Page<BriefView>>, ApiError> {
    let scope = policy::brief_scope(user.as_ref());
    let filter = BriefFilter {
        all_drafts: scope.all_drafts,
        own_drafts: scope.own_drafts.map(Uuid::to_string),
        members: scope.members,
        status: query.status,
        tag: query.tag.map(|t| t.as_str().to_owned()),
        category: query.category.map(|c| c.as_str().to_owned()),
    };
    let (after, fetch) = (page.after.clone(), page.fetch_limit());
    let rows = db::run(&state.pool, move |conn| {
        Ok(store::list_briefs(conn, &filter, after.as_deref(), fetch)?)
    })
    .await?;
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |r| r.id.clone(),
        BriefView::new,
    )?))
}

/// The brief `id` if the caller may read it (404 otherwise, whether or not it exists).
fn readable(conn: &mut DbConn, user: Option<&AuthUser>, id: &str) -> Result<BriefRow, ApiError> {
    let row = store::find_brief(conn, id)?;
    let author = db::parse_id(&row.author_id)?;
    let published = row.status == BriefStatus::Published;
    if policy::can_read_brief(
        user,
        &author,
        published,
        row.visibility == Visibility::Public,
    ) {
        Ok(row)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Read a research brief
///
/// As [`list_briefs`] says who reads what. A company member's first read of a published
/// brief is counted once toward the research's reach.
#[utoipa::path(
    tag = "research",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "Brief id")),
    responses(
        (status = 200, description = "The brief", body = BriefView),
        (status = 404, description = "No such brief, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/briefs/{id}")]
pub async fn get_brief(
    MaybeAuthUser(user): MaybeAuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<BriefView>, ApiError> {
    let id = path.into_inner().to_string();
    let reader = user.as_ref().and_then(|u| {
        policy::counted_reader(u).map(|company| (u.id.to_string(), company.to_string()))
    });
    let read = move |conn: &mut DbConn| readable(conn, user.as_ref(), &id);
    let row = match reader {
        // Only a company member's read writes (its first read); everyone else only reads.
        Some((user_id, company_id)) => {
            db::write(&state.pool, move |conn| {
                let row = read(conn)?;
                if row.status == BriefStatus::Published {
                    store::record_read(conn, &row.id, &user_id, &company_id, db::now())?;
                }
                Ok(row)
            })
            .await?
        }
        None => db::run(&state.pool, read).await?,
    };
    Ok(web::Json(BriefView::new(row)?))
}

/// Change a research brief
///
/// The desk and admins change any brief (a published one too: a correction); an expert
/// its own drafts only.
#[utoipa::path(
    tag = "research",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Brief id")),
    request_body = BriefChanges,
    responses(
        (status = 200, description = "The brief as changed", body = BriefView),
        (status = 403, description = "Not the desk, or not your draft", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such brief, or not visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/briefs/{id}")]
pub async fn update_brief(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<BriefChanges>,
) -> Result<web::Json<BriefView>, ApiError> {
    check_country(body.country.clone().flatten().as_deref())?;
    check_region(body.region.clone().flatten().as_deref())?;
    let mut errors = at_most("tags", body.tags.as_ref().map_or(0, Vec::len), 10);
    errors.extend(at_most(
        "categories",
        body.categories.as_ref().map_or(0, Vec::len),
        10,
    ));
    crate::validate::finish(errors)?;
    let id = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| {
        let before = readable(conn, Some(&user), &id)?;
        let author = db::parse_id(&before.author_id)?;
        policy::edit_brief(&user, &author, before.status == BriefStatus::Published)?;
        let row = changed(before.clone(), body);
        store::update_brief(conn, &row)?;
        audit::Change::new(user.id, "update", Entity::Brief, &row.id)
            .before(&before)
            .after(&row)
            .record(conn)?;
        Ok(row)
    })
    .await?;
    Ok(web::Json(BriefView::new(row)?))
}

fn changed(row: BriefRow, body: BriefChanges) -> BriefRow {
    BriefRow {
        title_ja: body.title_ja.unwrap_or(row.title_ja),
        title_en: body.title_en.unwrap_or(row.title_en),
        summary_ja: body.summary_ja.unwrap_or(row.summary_ja),
        summary_en: body.summary_en.unwrap_or(row.summary_en),
        body_ja: body.body_ja.unwrap_or(row.body_ja),
        body_en: body.body_en.unwrap_or(row.body_en),
        country: body.country.unwrap_or(row.country),
        region: body.region.unwrap_or(row.region),
        tags: body
            .tags
            .map(|t| encode_tags(&distinct(&t)))
            .unwrap_or(row.tags),
        categories: body
            .categories
            .map(|c| encode_categories(&distinct(&c)))
            .unwrap_or(row.categories),
        visibility: body.visibility.unwrap_or(row.visibility),
        updated_at: db::now(),
        ..row
    }
}

/// Publish a research brief
///
/// `draft → published`: its readers see it, and every member of each company that follows
/// one of its tags or categories is mailed, in the member's language, with a link to it.
/// The desk and admins only, an expert's draft too.
#[utoipa::path(
    tag = "research",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Brief id")),
    responses(
        (status = 200, description = "The published brief", body = BriefView),
        (status = 403, description = "Not the desk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such brief", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Published already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/briefs/{id}/publish")]
pub async fn publish_brief(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<BriefView>, ApiError> {
    policy::publish_brief(&user)?;
    let id = path.into_inner().to_string();
    let row = db::write(&state.pool, move |conn| publish::publish(conn, &user, &id)).await?;
    Ok(web::Json(BriefView::new(row)?))
}

/// How far one brief reached: counts, never who.
#[derive(Debug, Serialize, ToSchema)]
pub struct BriefReachView {
    pub brief_id: Uuid,
    /// Company members who read it (each once).
    pub members_read: i64,
    /// Companies at least one of whose members read it.
    pub companies_read: i64,
}

/// Read a brief's reach
///
/// How many company members, and how many companies, read the brief. The desk, admins and
/// reviewers.
#[utoipa::path(
    tag = "research",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Brief id")),
    responses(
        (status = 200, description = "The brief's reach", body = BriefReachView),
        (status = 403, description = "Not the desk, an admin or a reviewer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such brief", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/briefs/{id}/reach")]
pub async fn get_brief_reach(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<BriefReachView>, ApiError> {
    policy::see_research_reach(&user)?;
    let brief_id = path.into_inner();
    let id = brief_id.to_string();
    let (members_read, companies_read) = db::run(&state.pool, move |conn| {
        store::find_brief(conn, &id)?;
        Ok(store::brief_reach(conn, &id)?)
    })
    .await?;
    Ok(web::Json(BriefReachView {
        brief_id,
        members_read,
        companies_read,
    }))
}
