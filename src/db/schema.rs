//! The one Diesel schema both backends share. Only types that SQLite and PostgreSQL both
//! support appear here: ids are text, timestamps are `Timestamp` holding UTC.

diesel::table! {
    companies (id) {
        id -> Text,
        name_ja -> Text,
        name_en -> Text,
        industry -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    buyers (id) {
        id -> Text,
        name -> Text,
        country -> Text,
        verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        display_name -> Text,
        role -> Text,
        company_id -> Nullable<Text>,
        buyer_id -> Nullable<Text>,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(users -> companies (company_id));
diesel::joinable!(users -> buyers (buyer_id));
diesel::joinable!(refresh_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(companies, buyers, users, refresh_tokens);
