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
        description_ja -> Text,
        description_en -> Text,
        employees -> Nullable<Integer>,
        founded_year -> Nullable<Integer>,
        website -> Nullable<Text>,
        ward -> Nullable<Text>,
        certifications -> Text,
        export_countries -> Text,
        languages -> Text,
        status_reason -> Nullable<Text>,
        corporate_number -> Nullable<Text>,
        municipality_id -> Text,
    }
}

diesel::table! {
    company_status_changes (id) {
        id -> Text,
        company_id -> Text,
        from_status -> Text,
        to_status -> Text,
        reason -> Nullable<Text>,
        actor_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    capabilities (id) {
        id -> Text,
        company_id -> Text,
        title_ja -> Text,
        title_en -> Text,
        description_ja -> Text,
        description_en -> Text,
        category -> Text,
        tags -> Text,
        materials -> Text,
        certifications -> Text,
        min_lot -> Nullable<Integer>,
        lead_time_days -> Nullable<Integer>,
        status -> Text,
        search_primary -> Text,
        search_secondary -> Text,
        published_at -> Nullable<Timestamp>,
        archived_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    capability_tags (tag, capability_id) {
        capability_id -> Text,
        tag -> Text,
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
        industry -> Text,
        interest_categories -> Text,
        interest_tags -> Text,
        website -> Nullable<Text>,
        languages -> Text,
        verified_by -> Nullable<Text>,
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
        locale -> Text,
        municipality_id -> Nullable<Text>,
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

diesel::table! {
    events (id) {
        id -> Text,
        kind -> Text,
        name -> Text,
        city -> Text,
        country -> Text,
        venue -> Text,
        time_zone -> Text,
        starts_on -> Date,
        ends_on -> Date,
        status -> Text,
        slot_minutes -> Integer,
        max_meetings_per_buyer -> Nullable<Integer>,
        max_meetings_per_company -> Nullable<Integer>,
        requires_acceptance -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        preferences_close_at -> Nullable<Timestamp>,
        initiators -> Text,
        no_show_after_minutes -> Integer,
        capacity -> Nullable<Integer>,
    }
}

diesel::table! {
    event_exhibitors (event_id, company_id) {
        event_id -> Text,
        company_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    event_slots (id) {
        id -> Text,
        event_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
    }
}

diesel::table! {
    event_tables (id) {
        id -> Text,
        event_id -> Text,
        label -> Text,
    }
}

diesel::table! {
    interpreters (id) {
        id -> Text,
        event_id -> Text,
        name -> Text,
        languages -> Text,
        email -> Nullable<Text>,
    }
}

diesel::table! {
    availability_blocks (id) {
        id -> Text,
        event_id -> Text,
        slot_id -> Text,
        company_id -> Nullable<Text>,
        buyer_id -> Nullable<Text>,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        event_id -> Text,
        company_id -> Text,
        buyer_id -> Text,
        capability_id -> Nullable<Text>,
        requested_by -> Text,
        message -> Text,
        languages_needed -> Text,
        status -> Text,
        slot_id -> Nullable<Text>,
        table_id -> Nullable<Text>,
        interpreter_id -> Nullable<Text>,
        held_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        took_place_at -> Nullable<Timestamp>,
        initiated_by -> Text,
        started_at -> Nullable<Timestamp>,
        mode -> Text,
        join_url -> Nullable<Text>,
    }
}

diesel::table! {
    negotiations (id) {
        id -> Text,
        meeting_id -> Text,
        status -> Text,
        amount_minor -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        exchange_rate -> Nullable<Text>,
        amount_jpy -> Nullable<BigInt>,
        closed_on -> Nullable<Date>,
        notes -> Text,
        effective_status -> Text,
        effective_amount_jpy -> Nullable<BigInt>,
        effective_closed_on -> Nullable<Date>,
        confirmed_report_id -> Nullable<Text>,
        reports_disagree -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        company_reported -> Bool,
        buyer_reported -> Bool,
    }
}

diesel::table! {
    negotiation_reports (id) {
        id -> Text,
        meeting_id -> Text,
        side -> Text,
        status -> Text,
        amount_minor -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        exchange_rate -> Nullable<Text>,
        amount_jpy -> Nullable<BigInt>,
        closed_on -> Nullable<Date>,
        reported_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    negotiation_contacts (id) {
        id -> Text,
        meeting_id -> Text,
        contacted_on -> Date,
        channel -> Text,
        summary -> Text,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    kpi_targets (fiscal_year, kpi) {
        fiscal_year -> Integer,
        kpi -> Text,
        value -> BigInt,
        updated_at -> Timestamp,
    }
}

// Kept by triggers on `negotiations` (migration 000007). `meetings.fiscal_year` and
// `negotiations.deal_fiscal_year`, the generated columns those triggers read, are left out of
// this schema: nothing in Rust reads them, and they cannot be written.
diesel::table! {
    kpi_year_totals (fiscal_year) {
        fiscal_year -> Integer,
        held -> BigInt,
        won -> BigInt,
        prospect -> BigInt,
        lost -> BigInt,
        disagreeing -> BigInt,
        deals -> BigInt,
        sales_yen -> BigInt,
        with_company_report -> BigInt,
        with_buyer_report -> BigInt,
        with_both_reports -> BigInt,
        with_confirmed_outcome -> BigInt,
        with_no_outcome -> BigInt,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        actor_id -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Text,
        before -> Nullable<Text>,
        after -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meeting_transitions (id) {
        id -> Text,
        meeting_id -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        actor_id -> Text,
        note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    job_postings (id) {
        id -> Text,
        company_id -> Text,
        title_ja -> Text,
        title_en -> Text,
        description_ja -> Text,
        description_en -> Text,
        occupation -> Text,
        employment_type -> Text,
        visa_category -> Text,
        languages -> Text,
        jlpt_level -> Text,
        location -> Text,
        salary_min_yen -> Nullable<BigInt>,
        salary_max_yen -> Nullable<BigInt>,
        status -> Text,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    candidates (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        full_name -> Text,
        nationality -> Text,
        university -> Nullable<Text>,
        graduation_year -> Nullable<Integer>,
        field_of_study -> Nullable<Text>,
        languages -> Text,
        visa_status -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        consent_given_at -> Timestamp,
        erased_at -> Nullable<Timestamp>,
        registered_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    applications (id) {
        id -> Text,
        job_id -> Text,
        candidate_id -> Text,
        status -> Text,
        job_fair_event_id -> Nullable<Text>,
        hired_on -> Nullable<Date>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    event_registrations (id) {
        id -> Text,
        event_id -> Text,
        candidate_id -> Nullable<Text>,
        company_id -> Nullable<Text>,
        buyer_id -> Nullable<Text>,
        attended_at -> Nullable<Timestamp>,
        registered_by -> Text,
        created_at -> Timestamp,
        status -> Text,
        cancelled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        channel -> Text,
        kind -> Text,
        category -> Text,
        subject_id -> Text,
        recipient_id -> Nullable<Text>,
        address -> Text,
        locale -> Text,
        payload -> Text,
        status -> Text,
        due_at -> Timestamp,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        leased_by -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notification_preferences (user_id, category) {
        user_id -> Text,
        category -> Text,
        email -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_subscriptions (id) {
        id -> Text,
        owner_id -> Text,
        company_id -> Nullable<Text>,
        buyer_id -> Nullable<Text>,
        url -> Text,
        event_types -> Text,
        description -> Nullable<Text>,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_until -> Nullable<Timestamp>,
        disabled_at -> Nullable<Timestamp>,
        disabled_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        outbox_id -> Text,
        subscription_id -> Text,
        attempted_at -> Timestamp,
        status_code -> Nullable<Integer>,
        response_excerpt -> Nullable<Text>,
        error -> Nullable<Text>,
        duration_ms -> Integer,
    }
}

diesel::table! {
    surveys (id) {
        id -> Text,
        kind -> Text,
        event_id -> Text,
        meeting_id -> Nullable<Text>,
        registration_id -> Nullable<Text>,
        side -> Text,
        status -> Text,
        due_at -> Timestamp,
        answered_at -> Nullable<Timestamp>,
        answered_by -> Nullable<Text>,
        rating -> Nullable<Integer>,
        interpreter_rating -> Nullable<Integer>,
        next_step -> Nullable<Text>,
        would_recommend -> Nullable<Bool>,
        comment -> Nullable<Text>,
        outcome -> Nullable<Text>,
        report_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    survey_links (token_hash) {
        token_hash -> Text,
        survey_id -> Text,
        respondent_id -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    support_log (id) {
        id -> Text,
        company_id -> Text,
        occurred_on -> Date,
        channel -> Text,
        topic -> Text,
        notes -> Text,
        internal -> Bool,
        next_action_on -> Nullable<Date>,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    follow_ups (id) {
        id -> Text,
        reason -> Text,
        subject_id -> Text,
        meeting_id -> Nullable<Text>,
        company_id -> Nullable<Text>,
        status -> Text,
        due_at -> Timestamp,
        assignee_id -> Nullable<Text>,
        resolution -> Nullable<Text>,
        note -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        closed_by -> Nullable<Text>,
    }
}

diesel::table! {
    match_preferences (event_id, side, company_id, buyer_id) {
        event_id -> Text,
        side -> Text,
        company_id -> Text,
        buyer_id -> Text,
        level -> Text,
        set_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    check_ins (event_id, participant_id) {
        event_id -> Text,
        participant_id -> Text,
        participant_kind -> Text,
        checked_in_at -> Timestamp,
        scanned_at -> Nullable<Timestamp>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    consortium_members (id) {
        id -> Text,
        name_ja -> Text,
        name_en -> Text,
        kind -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    consortium_contacts (id) {
        id -> Text,
        member_id -> Text,
        name -> Text,
        email -> Text,
        phone -> Nullable<Text>,
        title -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    forum_members (event_id, member_id) {
        event_id -> Text,
        member_id -> Text,
        speaker_user_id -> Nullable<Text>,
    }
}

diesel::table! {
    briefs (id) {
        id -> Text,
        title_ja -> Text,
        title_en -> Text,
        summary_ja -> Text,
        summary_en -> Text,
        body_ja -> Text,
        body_en -> Text,
        country -> Nullable<Text>,
        region -> Nullable<Text>,
        tags -> Text,
        categories -> Text,
        author_id -> Text,
        status -> Text,
        visibility -> Text,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    brief_reads (brief_id, user_id) {
        brief_id -> Text,
        user_id -> Text,
        company_id -> Text,
        read_at -> Timestamp,
    }
}

diesel::table! {
    brief_subscriptions (company_id, topic_kind, topic) {
        company_id -> Text,
        topic_kind -> Text,
        topic -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(users -> companies (company_id));
diesel::joinable!(consortium_contacts -> consortium_members (member_id));
diesel::joinable!(forum_members -> consortium_members (member_id));
diesel::joinable!(forum_members -> users (speaker_user_id));
diesel::joinable!(briefs -> users (author_id));
diesel::joinable!(brief_reads -> briefs (brief_id));
diesel::joinable!(users -> buyers (buyer_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(capabilities -> companies (company_id));
diesel::joinable!(capability_tags -> capabilities (capability_id));
diesel::joinable!(company_status_changes -> companies (company_id));
diesel::joinable!(event_exhibitors -> events (event_id));
diesel::joinable!(event_exhibitors -> companies (company_id));
diesel::joinable!(event_slots -> events (event_id));
diesel::joinable!(event_tables -> events (event_id));
diesel::joinable!(interpreters -> events (event_id));
diesel::joinable!(meetings -> events (event_id));
diesel::joinable!(meetings -> companies (company_id));
diesel::joinable!(meetings -> buyers (buyer_id));
diesel::joinable!(meetings -> event_slots (slot_id));
diesel::joinable!(meetings -> event_tables (table_id));
diesel::joinable!(meetings -> interpreters (interpreter_id));
diesel::joinable!(meetings -> capabilities (capability_id));
diesel::joinable!(meeting_transitions -> meetings (meeting_id));
diesel::joinable!(negotiations -> meetings (meeting_id));
diesel::joinable!(negotiation_reports -> meetings (meeting_id));
diesel::joinable!(negotiation_contacts -> meetings (meeting_id));
diesel::joinable!(job_postings -> companies (company_id));
diesel::joinable!(candidates -> users (user_id));
diesel::joinable!(applications -> job_postings (job_id));
diesel::joinable!(applications -> candidates (candidate_id));
diesel::joinable!(event_registrations -> events (event_id));
diesel::joinable!(outbox -> users (recipient_id));
diesel::joinable!(notification_preferences -> users (user_id));
diesel::joinable!(webhook_subscriptions -> users (owner_id));
diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::joinable!(webhook_deliveries -> outbox (outbox_id));
diesel::joinable!(surveys -> events (event_id));
diesel::joinable!(surveys -> meetings (meeting_id));
diesel::joinable!(surveys -> event_registrations (registration_id));
diesel::joinable!(survey_links -> surveys (survey_id));
diesel::joinable!(survey_links -> users (respondent_id));
diesel::joinable!(support_log -> companies (company_id));
diesel::joinable!(follow_ups -> meetings (meeting_id));
diesel::joinable!(match_preferences -> events (event_id));
diesel::joinable!(match_preferences -> companies (company_id));
diesel::joinable!(match_preferences -> buyers (buyer_id));
diesel::joinable!(check_ins -> events (event_id));
diesel::joinable!(check_ins -> users (recorded_by));

diesel::table! {
    imports (id) {
        id -> Text,
        kind -> Text,
        event_id -> Nullable<Text>,
        actor_id -> Text,
        total_rows -> Integer,
        created -> Integer,
        updated -> Integer,
        unchanged -> Integer,
        rejected -> Integer,
        outcomes -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    fee_schedules (id) {
        id -> Text,
        fiscal_year -> Integer,
        kind -> Text,
        event_id -> Nullable<Text>,
        amount_jpy -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    invoices (id) {
        id -> Text,
        company_id -> Text,
        status -> Text,
        total_jpy -> BigInt,
        issued_on -> Date,
        due_on -> Date,
        paid_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        cancel_reason -> Nullable<Text>,
        note -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    invoice_items (invoice_id, position) {
        invoice_id -> Text,
        position -> Integer,
        description -> Text,
        quantity -> Integer,
        unit_amount_jpy -> BigInt,
        amount_jpy -> BigInt,
        fee_schedule_id -> Nullable<Text>,
        event_id -> Nullable<Text>,
    }
}

diesel::table! {
    subsidies (id) {
        id -> Text,
        source -> Text,
        amount_jpy -> BigInt,
        received_on -> Date,
        description -> Text,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    programme_costs (id) {
        id -> Text,
        funding_source -> Text,
        amount_jpy -> BigInt,
        spent_on -> Date,
        description -> Text,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    self_financing_targets (fiscal_year) {
        fiscal_year -> Integer,
        ratio_hundredths -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    municipalities (id) {
        id -> Text,
        code -> Text,
        name_ja -> Text,
        name_en -> Text,
        is_host -> Bool,
        created_at -> Timestamp,
    }
}

diesel::joinable!(companies -> municipalities (municipality_id));
diesel::joinable!(users -> municipalities (municipality_id));

diesel::table! {
    report_drafts (fiscal_year) {
        fiscal_year -> Integer,
        opened_by -> Text,
        opened_at -> Timestamp,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    report_opinions (id) {
        id -> Text,
        fiscal_year -> Integer,
        version -> Integer,
        reviewer_id -> Text,
        reviewer_name -> Text,
        language -> Text,
        body -> Text,
        signed_at -> Timestamp,
    }
}

diesel::table! {
    published_reports (fiscal_year, version) {
        fiscal_year -> Integer,
        version -> Integer,
        content -> Text,
        sha256 -> Text,
        what_changed -> Nullable<Text>,
        why -> Nullable<Text>,
        published_at -> Timestamp,
        published_by -> Text,
    }
}

diesel::joinable!(fee_schedules -> events (event_id));
diesel::joinable!(invoices -> companies (company_id));
diesel::joinable!(invoice_items -> invoices (invoice_id));

diesel::allow_tables_to_appear_in_same_query!(
    companies,
    company_status_changes,
    capabilities,
    capability_tags,
    buyers,
    users,
    refresh_tokens,
    events,
    event_exhibitors,
    event_slots,
    event_tables,
    interpreters,
    availability_blocks,
    meetings,
    meeting_transitions,
    negotiations,
    negotiation_reports,
    negotiation_contacts,
    kpi_targets,
    kpi_year_totals,
    audit_log,
    imports,
    job_postings,
    candidates,
    applications,
    event_registrations,
    outbox,
    notification_preferences,
    webhook_subscriptions,
    webhook_deliveries,
    surveys,
    survey_links,
    support_log,
    follow_ups,
    match_preferences,
    check_ins,
    fee_schedules,
    invoices,
    invoice_items,
    subsidies,
    programme_costs,
    self_financing_targets,
    consortium_members,
    consortium_contacts,
    forum_members,
    briefs,
    brief_reads,
    brief_subscriptions,
    municipalities,
    report_drafts,
    report_opinions,
    published_reports,
);
