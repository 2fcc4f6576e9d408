//! Briefs, their first reads and companies' subscriptions: rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{BriefStatus, TopicKind, Visibility};
use crate::db::schema::{brief_reads, brief_subscriptions, briefs};
use crate::db::{insert_or_ignore, DbConn};

/// A brief as stored; read and written whole.
#[derive(
    Debug, Clone, PartialEq, serde::Serialize, Queryable, Selectable, Insertable, AsChangeset,
)]
#[diesel(table_name = briefs, treat_none_as_null = true)]
pub struct BriefRow {
    pub id: String,
    pub title_ja: String,
    pub title_en: String,
    pub summary_ja: String,
    pub summary_en: String,
    pub body_ja: String,
    pub body_en: String,
    pub country: Option<String>,
    pub region: Option<String>,
    /// JSON array of [`super::TechnologyTag`] names.
    pub tags: String,
    /// JSON array of capability category names.
    pub categories: String,
    pub author_id: String,
    pub status: BriefStatus,
    pub visibility: Visibility,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert_brief(conn: &mut DbConn, row: &BriefRow) -> QueryResult<()> {
    diesel::insert_into(briefs::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn update_brief(conn: &mut DbConn, row: &BriefRow) -> QueryResult<()> {
    diesel::update(briefs::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(drop)
}

pub fn find_brief(conn: &mut DbConn, id: &str) -> QueryResult<BriefRow> {
    briefs::table
        .find(id)
        .select(BriefRow::as_select())
        .first(conn)
}

/// Which briefs a list holds, as the policy's `BriefScope` says.
#[derive(Debug, Clone, Default)]
pub struct BriefFilter {
    pub all_drafts: bool,
    pub own_drafts: Option<String>,
    pub members: bool,
    pub status: Option<BriefStatus>,
    /// A tag's or category's API name, as stored in the JSON array.
    pub tag: Option<String>,
    pub category: Option<String>,
}

/// Up to `limit` briefs after `after` in id order, newest first (ids are time-ordered).
pub fn list_briefs(
    conn: &mut DbConn,
    filter: &BriefFilter,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<BriefRow>> {
    let visible = if filter.members {
        vec![Visibility::Public, Visibility::Members]
    } else {
        vec![Visibility::Public]
    };
    let mut query = briefs::table
        .select(BriefRow::as_select())
        .order(briefs::id.desc())
        .limit(limit)
        .into_boxed();
    if !filter.all_drafts {
        let published = briefs::status
            .eq(BriefStatus::Published)
            .and(briefs::visibility.eq_any(visible));
        query = match &filter.own_drafts {
            Some(author) => query.filter(published.or(briefs::author_id.eq(author.clone()))),
            None => query.filter(published),
        };
    }
    if let Some(status) = filter.status {
        query = query.filter(briefs::status.eq(status));
    }
    // The arrays hold each name once, quoted: `"ai"` matches the tag `ai` only.
    if let Some(tag) = &filter.tag {
        query = query.filter(briefs::tags.like(format!("%\"{tag}\"%")));
    }
    if let Some(category) = &filter.category {
        query = query.filter(briefs::categories.like(format!("%\"{category}\"%")));
    }
    if let Some(after) = after {
        query = query.filter(briefs::id.lt(after.to_owned()));
    }
    query.load(conn)
}

/// Records `user_id`'s first read of a brief (a later read changes nothing). Answers
/// whether this was the first.
pub fn record_read(
    conn: &mut DbConn,
    brief_id: &str,
    user_id: &str,
    company_id: &str,
    read_at: NaiveDateTime,
) -> QueryResult<bool> {
    let written = insert_or_ignore!(
        conn,
        brief_reads::table,
        (
            brief_reads::brief_id.eq(brief_id),
            brief_reads::user_id.eq(user_id),
            brief_reads::company_id.eq(company_id),
            brief_reads::read_at.eq(read_at),
        )
    )?;
    Ok(written == 1)
}

/// How many members and how many companies read a brief.
pub fn brief_reach(conn: &mut DbConn, brief_id: &str) -> QueryResult<(i64, i64)> {
    brief_reads::table
        .filter(brief_reads::brief_id.eq(brief_id))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::count(brief_reads::company_id).aggregate_distinct(),
        ))
        .first(conn)
}

/// The briefs published in `[from, to)`.
pub fn published_between(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<i64> {
    briefs::table
        .filter(briefs::status.eq(BriefStatus::Published))
        .filter(briefs::published_at.ge(from))
        .filter(briefs::published_at.lt(to))
        .count()
        .get_result(conn)
}

/// The members and the companies whose first read of some brief fell in `[from, to)`.
pub fn readers_between(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<(i64, i64)> {
    brief_reads::table
        .filter(brief_reads::read_at.ge(from))
        .filter(brief_reads::read_at.lt(to))
        .select((
            diesel::dsl::count(brief_reads::user_id).aggregate_distinct(),
            diesel::dsl::count(brief_reads::company_id).aggregate_distinct(),
        ))
        .first(conn)
}

/// A company's subscriptions, as (kind, topic name), in name order.
pub fn subscriptions(conn: &mut DbConn, company_id: &str) -> QueryResult<Vec<(TopicKind, String)>> {
    brief_subscriptions::table
        .filter(brief_subscriptions::company_id.eq(company_id))
        .select((brief_subscriptions::topic_kind, brief_subscriptions::topic))
        .order(brief_subscriptions::topic.asc())
        .load(conn)
}

/// Replaces a company's subscriptions with `topics`.
pub fn replace_subscriptions(
    conn: &mut DbConn,
    company_id: &str,
    topics: &[(TopicKind, String)],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        brief_subscriptions::table.filter(brief_subscriptions::company_id.eq(company_id)),
    )
    .execute(conn)?;
    for (kind, topic) in topics {
        diesel::insert_into(brief_subscriptions::table)
            .values((
                brief_subscriptions::company_id.eq(company_id),
                brief_subscriptions::topic_kind.eq(kind),
                brief_subscriptions::topic.eq(topic),
                brief_subscriptions::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The companies that follow one of `tags` or one of `categories`, each once.
pub fn subscribed_companies(
    conn: &mut DbConn,
    tags: &[String],
    categories: &[String],
) -> QueryResult<Vec<String>> {
    brief_subscriptions::table
        .filter(
            brief_subscriptions::topic_kind
                .eq(TopicKind::Tag)
                .and(brief_subscriptions::topic.eq_any(tags))
                .or(brief_subscriptions::topic_kind
                    .eq(TopicKind::Category)
                    .and(brief_subscriptions::topic.eq_any(categories))),
        )
        .select(brief_subscriptions::company_id)
        .distinct()
        .order(brief_subscriptions::company_id.asc())
        .load(conn)
}
