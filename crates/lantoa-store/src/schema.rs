//! Diesel table definitions shared by both engines. They mirror
//! `migrations/{sqlite,postgres}`; the schema-parity test keeps the three in step.

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    /// One row (id 1): bumped by triggers on every change to what the directory lists.
    directory_version (id) {
        id -> BigInt,
        version -> BigInt,
    }
}

diesel::table! {
    /// One row (id 1): bumped by triggers on every change to what the portal shows of the
    /// content (items, their topics, audiences, media, videos, documents, organisations).
    content_version (id) {
        id -> BigInt,
        version -> BigInt,
    }
}

diesel::table! {
    admin_units (code) {
        code -> Text,
        kind -> Text,
        name -> Text,
        parent_code -> Nullable<Text>,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
    }
}

diesel::table! {
    organisations (id) {
        id -> BigInt,
        slug -> Text,
        kind -> Text,
        name -> Text,
        short_name -> Text,
        sort_key -> Text,
        search_text -> Text,
        parent_id -> Nullable<BigInt>,
        admin_unit_code -> Nullable<Text>,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
        address -> Text,
        phone -> Text,
        email -> Text,
        website -> Text,
        description -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    organisation_successions (id) {
        id -> BigInt,
        predecessor_id -> BigInt,
        successor_id -> BigInt,
        kind -> Text,
        duty -> Nullable<Text>,
        effective_on -> Date,
        note -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        is_system_admin -> Bool,
        is_plan_owner -> Bool,
        is_active -> Bool,
        must_change_password -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    memberships (user_id, organisation_id) {
        user_id -> BigInt,
        organisation_id -> BigInt,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        ip -> Text,
        user_agent -> Text,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> BigInt,
        at -> Timestamp,
        email -> Text,
        ip -> Text,
        succeeded -> Bool,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        actor_label -> Text,
        action -> Text,
        target_kind -> Text,
        target_id -> Text,
        organisation_id -> Nullable<BigInt>,
        detail -> Text,
        ip -> Text,
        request_id -> Text,
    }
}

diesel::table! {
    plans (id) {
        id -> BigInt,
        slug -> Text,
        title -> Text,
        document_type -> Text,
        issuer_id -> Nullable<BigInt>,
        issuer_name -> Text,
        place -> Text,
        issued_on -> Date,
        start_year -> Integer,
        end_year -> Integer,
        lead_id -> Nullable<BigInt>,
        signer_name -> Text,
        signer_title -> Text,
        recipients -> Text,
        legal_basis -> Text,
        reporting_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        /// How the portal's published content counts: JSON list (migration 000014).
        portal_rules -> Text,
    }
}

diesel::table! {
    plan_numbers (id) {
        id -> BigInt,
        plan_id -> BigInt,
        position -> Integer,
        text -> Text,
        written_in -> Text,
    }
}

diesel::table! {
    plan_sections (id) {
        id -> BigInt,
        plan_id -> BigInt,
        position -> Integer,
        code -> Text,
        title -> Text,
        body -> Text,
    }
}

diesel::table! {
    plan_responsibilities (id) {
        id -> BigInt,
        plan_id -> BigInt,
        position -> Integer,
        code -> Text,
        heading -> Text,
        units -> Text,
        items -> Text,
        body -> Text,
    }
}

diesel::table! {
    plan_periods (id) {
        id -> BigInt,
        plan_id -> BigInt,
        kind -> Text,
        label -> Text,
        window_from -> Text,
        window_from_previous_year -> Bool,
        window_to -> Text,
        unit_due -> Text,
        lead_due -> Text,
    }
}

diesel::table! {
    plan_activities (id) {
        id -> BigInt,
        plan_id -> BigInt,
        parent_id -> Nullable<BigInt>,
        position -> Integer,
        code -> Text,
        title -> Text,
        expected_products -> Text,
        years -> Text,
    }
}

diesel::table! {
    plan_activity_units (id) {
        id -> BigInt,
        activity_id -> BigInt,
        role -> Text,
        position -> Integer,
        organisation_id -> Nullable<BigInt>,
        org_kind -> Nullable<Text>,
        label -> Text,
    }
}

diesel::table! {
    products (id) {
        id -> BigInt,
        plan_id -> BigInt,
        /// NULL: a product from the portal waiting for the unit to choose its activity.
        activity_id -> Nullable<BigInt>,
        organisation_id -> BigInt,
        kind -> Text,
        title -> Text,
        quantity -> Integer,
        produced_on -> Date,
        channel -> Text,
        place -> Text,
        reach -> Nullable<BigInt>,
        reach_kind -> Nullable<Text>,
        reach_source -> Text,
        evidence_url -> Text,
        note -> Text,
        source -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        /// The portal's content item this product was made from (source `portal`).
        content_id -> Nullable<BigInt>,
        /// When that item left the portal while a report kept counting the product.
        content_removed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// The lead department's narrative draft of a period's consolidated report.
    consolidated_reports (id) {
        id -> BigInt,
        plan_id -> BigInt,
        period_kind -> Text,
        year -> Integer,
        results -> Text,
        shortcomings -> Text,
        difficulties -> Text,
        proposals -> Text,
        next_steps -> Text,
        updated_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> BigInt,
        plan_id -> BigInt,
        organisation_id -> BigInt,
        period_kind -> Text,
        year -> Integer,
        state -> Text,
        results -> Text,
        shortcomings -> Text,
        difficulties -> Text,
        proposals -> Text,
        next_steps -> Text,
        first_submitted_at -> Nullable<Timestamp>,
        submitted_at -> Nullable<Timestamp>,
        accepted_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    report_figures (id) {
        id -> BigInt,
        report_id -> BigInt,
        activity_id -> BigInt,
        quantity_auto -> Nullable<Integer>,
        quantity_override -> Nullable<Integer>,
        reason -> Text,
    }
}

diesel::table! {
    report_events (id) {
        id -> BigInt,
        report_id -> BigInt,
        at -> Timestamp,
        actor_label -> Text,
        action -> Text,
        comment -> Text,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        kind -> Text,
        message -> Text,
        link -> Text,
        dedupe_key -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> BigInt,
        user_id -> Nullable<BigInt>,
        recipient -> Text,
        kind -> Text,
        subject -> Text,
        body_text -> Text,
        dedupe_key -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claim_token -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        last_error -> Text,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_opt_outs (user_id) {
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    occupations (id) {
        id -> BigInt,
        slug -> Text,
        level -> Text,
        code -> Nullable<Text>,
        name -> Text,
        group_name -> Text,
        description -> Text,
        skills -> Text,
        conditions -> Text,
        pay -> Text,
        demand -> Nullable<Text>,
        demand_source -> Text,
        demand_date -> Nullable<Date>,
        riasec -> Text,
        is_demo -> Bool,
        sort_key -> Text,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    institution_profiles (organisation_id) {
        organisation_id -> BigInt,
        institution_type -> Text,
        ownership -> Text,
        lat_e6 -> Nullable<Integer>,
        lon_e6 -> Nullable<Integer>,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contents (id) {
        id -> BigInt,
        kind -> Text,
        slug -> Text,
        title -> Text,
        summary -> Text,
        body -> Text,
        source -> Text,
        organisation_id -> BigInt,
        author_user_id -> Nullable<BigInt>,
        state -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        external_id -> Nullable<Text>,
        cover_image -> Text,
        cover_media_id -> Nullable<BigInt>,
        scheduled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    media (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        kind -> Text,
        sha256 -> Text,
        original_name -> Text,
        bytes -> BigInt,
        width -> Integer,
        height -> Integer,
        alt -> Text,
        credit -> Text,
        uploaded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    media_files (id) {
        id -> BigInt,
        media_id -> BigInt,
        name -> Text,
        content_type -> Text,
        width -> Integer,
        height -> Integer,
        bytes -> BigInt,
    }
}

diesel::table! {
    attachments (id) {
        id -> BigInt,
        plan_id -> BigInt,
        report_id -> Nullable<BigInt>,
        name -> Text,
        file_type -> Text,
        sha256 -> Text,
        bytes -> BigInt,
        original_name -> Text,
        title -> Text,
        description -> Text,
        uploaded_by -> Nullable<BigInt>,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    content_revisions (id) {
        id -> BigInt,
        content_id -> BigInt,
        number -> Integer,
        at -> Timestamp,
        actor_label -> Text,
        note -> Text,
        title -> Text,
        summary -> Text,
        body -> Text,
        source -> Text,
        gallery -> Text,
        video -> Text,
    }
}

diesel::table! {
    content_gallery_items (id) {
        id -> BigInt,
        content_id -> BigInt,
        position -> Integer,
        media_id -> BigInt,
        caption -> Text,
        credit -> Text,
    }
}

diesel::table! {
    content_publications (content_id) {
        content_id -> BigInt,
        document_id -> BigInt,
        page_count -> Nullable<Integer>,
    }
}

diesel::table! {
    content_videos (content_id) {
        content_id -> BigInt,
        provider -> Text,
        video_ref -> Text,
        media_id -> Nullable<BigInt>,
        start_seconds -> Nullable<Integer>,
        captions_media_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    content_topics (id) {
        id -> BigInt,
        content_id -> BigInt,
        topic -> Text,
    }
}

diesel::table! {
    content_audiences (id) {
        id -> BigInt,
        content_id -> BigInt,
        audience -> Text,
    }
}

diesel::table! {
    content_events (id) {
        id -> BigInt,
        content_id -> BigInt,
        at -> Timestamp,
        actor_label -> Text,
        action -> Text,
        from_state -> Text,
        to_state -> Text,
        comment -> Text,
    }
}

diesel::table! {
    support_policies (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        description -> Text,
        benefit -> Text,
        legal_basis -> Text,
        source_url -> Text,
        level -> Nullable<Text>,
        entry_education -> Nullable<Text>,
        target_group -> Nullable<Text>,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
        is_demo -> Bool,
        sort_key -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    programmes (id) {
        id -> BigInt,
        slug -> Text,
        institution_id -> BigInt,
        occupation_id -> BigInt,
        level -> Text,
        mode -> Text,
        duration_months -> Integer,
        fee_per_year -> Nullable<BigInt>,
        fee_note -> Text,
        quota -> Integer,
        entry_education -> Text,
        entry_requirements -> Text,
        model_9plus -> Bool,
        location -> Text,
        admin_unit_code -> Nullable<Text>,
        description -> Text,
        is_published -> Bool,
        is_demo -> Bool,
        search_text -> Text,
        updated_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    intakes (id) {
        id -> BigInt,
        programme_id -> BigInt,
        name -> Text,
        opens_on -> Date,
        closes_on -> Date,
        classes_start_on -> Nullable<Date>,
        quota -> Nullable<Integer>,
        note -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    programme_policies (id) {
        id -> BigInt,
        programme_id -> BigInt,
        support_policy_id -> BigInt,
    }
}

diesel::table! {
    applications (id) {
        id -> BigInt,
        reference_code -> Text,
        full_name -> Text,
        name_key -> Text,
        birth_date -> Nullable<Date>,
        gender -> Nullable<Text>,
        phone -> Text,
        email -> Text,
        commune -> Text,
        schooling -> Text,
        target_group -> Nullable<Text>,
        is_minor -> Bool,
        guardian_name -> Text,
        guardian_phone -> Text,
        is_demo -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        anonymised_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    application_choices (id) {
        id -> BigInt,
        application_id -> BigInt,
        preference -> Integer,
        programme_id -> BigInt,
        intake_id -> Nullable<BigInt>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    application_consents (id) {
        id -> BigInt,
        application_id -> BigInt,
        purpose -> Text,
        version -> Text,
        granted -> Bool,
        given_by -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    application_events (id) {
        id -> BigInt,
        application_id -> BigInt,
        choice_id -> Nullable<BigInt>,
        at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        actor_label -> Text,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        note -> Text,
        is_internal -> Bool,
    }
}

diesel::table! {
    form_attempts (id) {
        id -> BigInt,
        at -> Timestamp,
        form -> Text,
        client_key -> Text,
    }
}

diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(memberships -> organisations (organisation_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(mail_outbox -> users (user_id));
diesel::joinable!(mail_opt_outs -> users (user_id));
diesel::joinable!(plan_numbers -> plans (plan_id));
diesel::joinable!(plan_sections -> plans (plan_id));
diesel::joinable!(plan_responsibilities -> plans (plan_id));
diesel::joinable!(plan_periods -> plans (plan_id));
diesel::joinable!(plan_activities -> plans (plan_id));
diesel::joinable!(plan_activity_units -> plan_activities (activity_id));
diesel::joinable!(products -> plan_activities (activity_id));
diesel::joinable!(products -> organisations (organisation_id));
diesel::joinable!(products -> contents (content_id));
diesel::joinable!(reports -> organisations (organisation_id));
diesel::joinable!(consolidated_reports -> plans (plan_id));
diesel::joinable!(report_figures -> reports (report_id));
diesel::joinable!(report_events -> reports (report_id));
diesel::joinable!(institution_profiles -> organisations (organisation_id));
diesel::joinable!(organisations -> admin_units (admin_unit_code));

diesel::joinable!(contents -> organisations (organisation_id));
diesel::joinable!(content_topics -> contents (content_id));
diesel::joinable!(content_audiences -> contents (content_id));
diesel::joinable!(content_events -> contents (content_id));
diesel::joinable!(media -> organisations (organisation_id));
diesel::joinable!(media_files -> media (media_id));
diesel::joinable!(contents -> media (cover_media_id));
diesel::joinable!(content_revisions -> contents (content_id));
diesel::joinable!(attachments -> plans (plan_id));
diesel::joinable!(attachments -> reports (report_id));
diesel::joinable!(content_gallery_items -> contents (content_id));
diesel::joinable!(content_gallery_items -> media (media_id));
diesel::joinable!(content_publications -> contents (content_id));
diesel::joinable!(content_publications -> media (document_id));
diesel::joinable!(content_videos -> contents (content_id));
diesel::joinable!(content_videos -> media (media_id));

diesel::joinable!(programmes -> organisations (institution_id));
diesel::joinable!(programmes -> occupations (occupation_id));
diesel::joinable!(intakes -> programmes (programme_id));
diesel::joinable!(programme_policies -> programmes (programme_id));
diesel::joinable!(programme_policies -> support_policies (support_policy_id));

diesel::joinable!(application_choices -> applications (application_id));
diesel::joinable!(application_choices -> programmes (programme_id));
diesel::joinable!(application_consents -> applications (application_id));
diesel::joinable!(application_events -> applications (application_id));

diesel::allow_tables_to_appear_in_same_query!(
    settings,
    admin_units,
    organisations,
    organisation_successions,
    users,
    memberships,
    sessions,
    login_attempts,
    audit_log,
    plans,
    plan_numbers,
    plan_sections,
    plan_responsibilities,
    plan_periods,
    plan_activities,
    plan_activity_units,
    products,
    reports,
    report_figures,
    report_events,
    consolidated_reports,
    notifications,
    occupations,
    institution_profiles,
    contents,
    content_topics,
    content_audiences,
    content_events,
    content_revisions,
    support_policies,
    programmes,
    intakes,
    programme_policies,
    applications,
    application_choices,
    application_consents,
    application_events,
    form_attempts,
    media,
    media_files,
    mail_outbox,
    mail_opt_outs,
    attachments,
    content_gallery_items,
    content_publications,
    content_videos,
);

/// Every table, in creation order. The schema-parity test checks this list against both
/// migrated databases, so a table added to a migration but not here (or the reverse) fails.
pub const TABLES: &[&str] = &[
    "settings",
    "admin_units",
    "organisations",
    "organisation_successions",
    "users",
    "memberships",
    "sessions",
    "login_attempts",
    "audit_log",
    "plans",
    "plan_numbers",
    "plan_sections",
    "plan_responsibilities",
    "plan_periods",
    "plan_activities",
    "plan_activity_units",
    "products",
    "reports",
    "report_figures",
    "report_events",
    "notifications",
    "occupations",
    "institution_profiles",
    "contents",
    "content_topics",
    "content_audiences",
    "content_events",
    "content_revisions",
    "support_policies",
    "programmes",
    "intakes",
    "programme_policies",
    "applications",
    "application_choices",
    "application_consents",
    "application_events",
    "form_attempts",
    "consolidated_reports",
    "media",
    "media_files",
    "mail_outbox",
    "mail_opt_outs",
    "attachments",
    "content_gallery_items",
    "directory_version",
    "content_videos",
    "content_publications",
    "content_version",
];
