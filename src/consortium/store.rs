//! The consortium's members, their contacts and the forums they take part in: rows and
//! queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::MemberKind;
use crate::auth::Role;
use crate::db::schema::{consortium_contacts, consortium_members, forum_members, users};
use crate::db::DbConn;

/// A member organisation as stored; read and written whole.
#[derive(
    Debug, Clone, PartialEq, serde::Serialize, Queryable, Selectable, Insertable, AsChangeset,
)]
#[diesel(table_name = consortium_members)]
pub struct MemberRow {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    pub kind: MemberKind,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A contact at a member; read and written whole.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = consortium_contacts, treat_none_as_null = true)]
pub struct ContactRow {
    pub id: String,
    pub member_id: String,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub title: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Every member, by kind and English name.
pub fn list_members(conn: &mut DbConn) -> QueryResult<Vec<MemberRow>> {
    consortium_members::table
        .select(MemberRow::as_select())
        .order((
            consortium_members::kind.asc(),
            consortium_members::name_en.asc(),
        ))
        .load(conn)
}

pub fn find_member(conn: &mut DbConn, id: &str) -> QueryResult<MemberRow> {
    consortium_members::table
        .find(id)
        .select(MemberRow::as_select())
        .first(conn)
}

pub fn insert_member(conn: &mut DbConn, row: &MemberRow) -> QueryResult<()> {
    diesel::insert_into(consortium_members::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn update_member(conn: &mut DbConn, row: &MemberRow) -> QueryResult<()> {
    diesel::update(consortium_members::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(drop)
}

/// Deletes a member and its contacts.
pub fn delete_member(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::delete(consortium_contacts::table.filter(consortium_contacts::member_id.eq(id)))
        .execute(conn)?;
    diesel::delete(consortium_members::table.find(id)).execute(conn)?;
    Ok(())
}

/// Whether a forum names the member.
pub fn in_a_forum(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        forum_members::table.filter(forum_members::member_id.eq(id)),
    ))
    .get_result(conn)
}

/// The contacts of `member_ids`, by name.
pub fn contacts_of(conn: &mut DbConn, member_ids: &[String]) -> QueryResult<Vec<ContactRow>> {
    consortium_contacts::table
        .filter(consortium_contacts::member_id.eq_any(member_ids))
        .select(ContactRow::as_select())
        .order((
            consortium_contacts::name.asc(),
            consortium_contacts::id.asc(),
        ))
        .load(conn)
}

pub fn find_contact(conn: &mut DbConn, id: &str) -> QueryResult<ContactRow> {
    consortium_contacts::table
        .find(id)
        .select(ContactRow::as_select())
        .first(conn)
}

pub fn insert_contact(conn: &mut DbConn, row: &ContactRow) -> QueryResult<()> {
    diesel::insert_into(consortium_contacts::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn update_contact(conn: &mut DbConn, row: &ContactRow) -> QueryResult<()> {
    diesel::update(consortium_contacts::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(drop)
}

pub fn delete_contact(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::delete(consortium_contacts::table.find(id))
        .execute(conn)
        .map(drop)
}

/// A member taking part in a forum, with the expert speaking for it (id, display name).
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct ForumMemberRow {
    pub member_id: String,
    pub name_ja: String,
    pub name_en: String,
    pub kind: MemberKind,
    pub speaker_user_id: Option<String>,
    pub speaker_name: Option<String>,
}

/// The members taking part in the forum `event_id`, by kind and English name.
pub fn forum_members(conn: &mut DbConn, event_id: &str) -> QueryResult<Vec<ForumMemberRow>> {
    forum_members::table
        .inner_join(consortium_members::table)
        .left_join(users::table)
        .filter(forum_members::event_id.eq(event_id))
        .select((
            forum_members::member_id,
            consortium_members::name_ja,
            consortium_members::name_en,
            consortium_members::kind,
            forum_members::speaker_user_id,
            users::display_name.nullable(),
        ))
        .order((
            consortium_members::kind.asc(),
            consortium_members::name_en.asc(),
        ))
        .load(conn)
}

/// Replaces the forum's members with `links` (member id, speaker's account).
pub fn replace_forum_members(
    conn: &mut DbConn,
    event_id: &str,
    links: &[(String, Option<String>)],
) -> QueryResult<()> {
    diesel::delete(forum_members::table.filter(forum_members::event_id.eq(event_id)))
        .execute(conn)?;
    for (member_id, speaker) in links {
        diesel::insert_into(forum_members::table)
            .values((
                forum_members::event_id.eq(event_id),
                forum_members::member_id.eq(member_id),
                forum_members::speaker_user_id.eq(speaker),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Whether `user_id` is an active expert account.
pub fn is_active_expert(conn: &mut DbConn, user_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table
            .filter(users::id.eq(user_id))
            .filter(users::role.eq(Role::Expert))
            .filter(users::disabled_at.is_null()),
    ))
    .get_result(conn)
}
