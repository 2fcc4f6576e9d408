//! The municipality rules of the policy, alone.

use uuid::Uuid;

use super::*;

fn user(role: Role, municipality_id: Option<Uuid>) -> AuthUser {
    AuthUser {
        id: Uuid::now_v7(),
        role,
        company_id: None,
        buyer_id: None,
        municipality_id,
    }
}

#[test]
fn a_scoped_desk_is_nobody_towards_another_municipalitys_objects() {
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let desk_a = user(Role::Desk, Some(a));
    assert_eq!(within_scope(&desk_a, &a), Some(&desk_a));
    assert_eq!(within_scope(&desk_a, &b), None);
    assert!(matches!(
        require_within_scope(&desk_a, &b),
        Err(ApiError::NotFound)
    ));
    // Demoted to nobody, it sees another municipality's pending company as the public does.
    let company = Uuid::now_v7();
    assert!(!can_view_company(
        within_scope(&desk_a, &b),
        &company,
        false
    ));
    assert!(can_view_company(within_scope(&desk_a, &b), &company, true));
    let host_desk = user(Role::Desk, None);
    assert_eq!(within_scope(&host_desk, &b), Some(&host_desk));
}

#[test]
fn only_staff_carry_a_scope() {
    let m = Uuid::now_v7();
    for role in [Role::Sme, Role::Buyer, Role::Candidate] {
        assert_eq!(municipality_scope(&user(role, Some(m))), None, "{role:?}");
    }
    for role in [Role::Admin, Role::Desk, Role::Reviewer] {
        assert_eq!(
            municipality_scope(&user(role, Some(m))),
            Some(&m),
            "{role:?}"
        );
        assert!(may_be_scoped(role));
    }
    assert!(!may_be_scoped(Role::Expert));
    assert!(!may_be_scoped(Role::Sme));
}

#[test]
fn a_scoped_reader_gets_its_own_figures_and_never_anothers() {
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let reviewer_a = user(Role::Reviewer, Some(a));
    assert_eq!(municipality_filter(&reviewer_a, None).ok(), Some(Some(&a)));
    assert_eq!(
        municipality_filter(&reviewer_a, Some(&a)).ok(),
        Some(Some(&a))
    );
    assert!(matches!(
        municipality_filter(&reviewer_a, Some(&b)),
        Err(ApiError::NotFound)
    ));
    let host = user(Role::Reviewer, None);
    assert_eq!(municipality_filter(&host, None).ok(), Some(None));
    assert_eq!(municipality_filter(&host, Some(&b)).ok(), Some(Some(&b)));
}

#[test]
fn what_spans_every_municipality_is_host_wide_staffs() {
    let m = Uuid::now_v7();
    let scoped_desk = user(Role::Desk, Some(m));
    let scoped_admin = user(Role::Admin, Some(m));
    for refused in [
        manage_events(&scoped_desk),
        keep_books(&scoped_desk),
        run_fair_day(&scoped_desk),
        manage_users(&scoped_admin),
        manage_municipalities(&scoped_admin),
    ] {
        assert!(matches!(refused, Err(ApiError::Forbidden(_))));
    }
    assert!(matches!(
        invoice_scope(&scoped_desk),
        Err(ApiError::Forbidden(_))
    ));
    assert!(!lists_unpublished(&scoped_desk));
    let host_admin = user(Role::Admin, None);
    assert!(manage_municipalities(&host_admin).is_ok());
    assert!(manage_events(&host_admin).is_ok());
    assert!(lists_unpublished(&host_admin));
    assert!(manage_municipalities(&user(Role::Desk, None)).is_err());
}

#[test]
fn a_scoped_desks_new_companies_are_its_own() {
    let (own, named) = (Uuid::now_v7(), Uuid::now_v7());
    let scoped = user(Role::Desk, Some(own));
    assert_eq!(
        municipality_of_new_company(&scoped, Some(&named)),
        Some(&own)
    );
    let host = user(Role::Desk, None);
    assert_eq!(
        municipality_of_new_company(&host, Some(&named)),
        Some(&named)
    );
    assert_eq!(municipality_of_new_company(&host, None), None);
}
