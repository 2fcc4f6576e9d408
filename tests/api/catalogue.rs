//! The catalogue: company profiles and their approval, capabilities and their lifecycle,
//! bilingual search, buyers and recommendations.

use sagamihara_match::auth::Role;
use serde_json::{json, Value};

use crate::api_test;
use crate::common::{error_fields, Backend, TestApp, TestUser};

/// An sme user whose company the desk has approved.
async fn approved_sme(app: &TestApp) -> TestUser {
    let sme = app.new_user(Role::Sme);
    let desk = app.user(Role::Desk);
    app.post(&format!(
        "/api/v1/companies/{}/approve",
        sme.company_id.unwrap()
    ))
    .by(&desk)
    .send()
    .await
    .expect(200);
    sme
}

async fn add_capability(app: &TestApp, sme: &TestUser, body: Value) -> Value {
    app.post(&format!(
        "/api/v1/companies/{}/capabilities",
        sme.company_id.unwrap()
    ))
    .by(sme)
    .json(&body)
    .send()
    .await
    .expect(201)
}

fn capability(title_ja: &str, title_en: &str, category: &str, tags: &[&str]) -> Value {
    json!({
        "title_ja": title_ja, "title_en": title_en,
        "description_ja": "", "description_en": "",
        "category": category, "tags": tags, "status": "published"
    })
}

/// Titles of an anonymous catalogue search.
async fn search(app: &TestApp, query: &str) -> Vec<String> {
    let page = app
        .get(&format!("/api/v1/capabilities?{query}"))
        .send()
        .await
        .expect(200);
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title_en"].as_str().unwrap().to_owned())
        .collect()
}

/// Titles of an anonymous catalogue search, following `next_cursor` to the last page.
async fn search_page_by_page(app: &TestApp, query: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut path = format!("/api/v1/capabilities?{query}");
    loop {
        let page = app.get(&path).send().await.expect(200);
        titles.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["title_en"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/capabilities?{query}&cursor={cursor}"),
            None => return titles,
        }
    }
}

fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

api_test!(
    async fn an_sme_publishes_and_buyers_find_it_after_approval(backend) {
        let app = TestApp::new(backend).await;
        let session = app
            .post("/api/v1/auth/register")
            .json(&json!({
                "email": "info@sagami-seimitsu.example", "password": "sagamihara-2026",
                "display_name": "相模 太郎", "account_type": "sme",
                "company": {"name_ja": "相模精密", "name_en": "Sagami Seimitsu", "industry": "metal processing"}
            }))
            .send()
            .await
            .expect(201);
        let token = session["access_token"].as_str().unwrap().to_owned();
        let company_id = session["user"]["company_id"].as_str().unwrap().to_owned();
        let profile = app
            .patch(&format!("/api/v1/companies/{company_id}"))
            .token(&token)
            .json(&json!({
                "description_ja": "相模原市緑区の精密板金メーカー", "description_en": "Precision sheet metal from Midori ward",
                "employees": 42, "founded_year": 1978, "website": "https://sagami-seimitsu.example",
                "ward": "midori", "certifications": ["ISO 9001"], "export_countries": ["TH", "VN"], "languages": ["ja", "en"]
            }))
            .send()
            .await
            .expect(200);
        assert_eq!(profile["ward"], "midori");
        assert_eq!(profile["status"], "pending");
        assert_eq!(profile["export_countries"], json!(["TH", "VN"]));

        let created = [
            ("精密板金加工", "Precision sheet metal work", "stamping", vec!["sheet metal", "aluminium"]),
            ("５軸ＣＮＣ加工", "5-axis CNC machining", "machining", vec!["cnc"]),
            ("ｾｲﾐﾂ溶接", "Precision welding", "welding", vec!["tig"]),
        ];
        for (ja, en, category, tags) in &created {
            let mut body = capability(ja, en, category, tags);
            body["status"] = json!("draft");
            let draft = app
                .post(&format!("/api/v1/companies/{company_id}/capabilities"))
                .token(&token)
                .json(&body)
                .send()
                .await
                .expect(201);
            assert_eq!(draft["status"], "draft");
            let published = app
                .patch(&format!("/api/v1/capabilities/{}", draft["id"].as_str().unwrap()))
                .token(&token)
                .json(&json!({"status": "published"}))
                .send()
                .await
                .expect(200);
            assert_eq!(published["status"], "published");
            assert!(published["published_at"].is_string());
        }
        // Published, but the company is not approved yet: nothing is public.
        assert!(search(&app, "q=%E7%B2%BE%E5%AF%86").await.is_empty());
        app.get(&format!("/api/v1/companies/{company_id}")).send().await.problem(404);

        let desk = app.user(Role::Desk);
        let approved = app
            .post(&format!("/api/v1/companies/{company_id}/approve"))
            .by(&desk)
            .send()
            .await
            .expect(200);
        assert_eq!(approved["status"], "approved");

        assert_eq!(
            search(&app, &format!("q={}", encode("精密"))).await,
            ["Precision sheet metal work", "5-axis CNC machining", "Precision welding"],
            "all three match 精密 through the company name 相模精密, so they keep creation order"
        );
        assert_eq!(search(&app, &format!("q={}", encode("板金"))).await, ["Precision sheet metal work"]);
        assert_eq!(search(&app, "q=cnc").await, ["5-axis CNC machining"]);
        assert_eq!(search(&app, &format!("q={}", encode("ＣＮＣ"))).await, ["5-axis CNC machining"]);
        assert_eq!(search(&app, &format!("q={}", encode("セイミツ"))).await, ["Precision welding"]);
        assert_eq!(search(&app, "q=WELDING").await, ["Precision welding"]);

        let buyer = app.user(Role::Buyer);
        app.patch(&format!("/api/v1/buyers/{}", buyer.buyer_id.unwrap()))
            .by(&buyer)
            .json(&json!({"interests": {"categories": ["machining"], "tags": ["CNC", "aluminium"]}}))
            .send()
            .await
            .expect(200);
        let recommended = app
            .get(&format!("/api/v1/buyers/{}/recommendations", buyer.buyer_id.unwrap()))
            .by(&buyer)
            .send()
            .await
            .expect(200);
        let items = recommended["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["capability"]["title_en"], "5-axis CNC machining");
        assert_eq!(items[0]["score"], 5);
        assert_eq!(items[0]["reasons"], json!(["category: machining", "tag: cnc"]));
        assert_eq!(items[1]["capability"]["title_en"], "Precision sheet metal work");
        assert_eq!(items[1]["reasons"], json!(["tag: aluminium"]));
    }
);

api_test!(
    async fn search_handles_short_mixed_and_full_width_queries(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        add_capability(&app, &sme, capability("TIG溶接", "TIG welding", "welding", &[])).await;
        add_capability(&app, &sme, capability("アルミダイカスト", "Aluminium die casting", "casting", &["ＡＤＣ１２"])).await;
        add_capability(&app, &sme, capability("基板実装", "PCB assembly", "electronics", &[])).await;
        // One character, shorter than a bigram: still found.
        assert_eq!(search(&app, &format!("q={}", encode("溶"))).await, ["TIG welding"]);
        assert_eq!(search(&app, &format!("q={}", encode("接"))).await, ["TIG welding"]);
        // Half-width katakana query against full-width text.
        assert_eq!(search(&app, &format!("q={}", encode("ｱﾙﾐ"))).await, ["Aluminium die casting"]);
        // A full-width tag is found by its plain form, and as a tag filter.
        assert_eq!(search(&app, "q=adc12").await, ["Aluminium die casting"]);
        assert_eq!(search(&app, "tag=adc12").await, ["Aluminium die casting"]);
        // Prefixes of English words; every term must match.
        assert_eq!(search(&app, "q=alumin").await, ["Aluminium die casting"]);
        assert_eq!(search(&app, "q=pcb+assembly").await, ["PCB assembly"]);
        assert!(search(&app, "q=pcb+welding").await.is_empty());
        // Nothing to search for is no condition at all.
        assert_eq!(search(&app, "q=%21%3F").await.len(), 3);
        // Characters that mean something to FTS or tsquery are just text.
        for hostile in ["%22", "%27", "*", "AND+OR+NOT", "a%26b%7Cc", "%3A*", "NEAR%28x%29"] {
            app.get(&format!("/api/v1/capabilities?q={hostile}")).send().await.expect(200);
        }
    }
);

api_test!(
    async fn filters_combine_with_the_text_and_title_matches_rank_first(backend) {
        let app = TestApp::new(backend).await;
        let first = approved_sme(&app).await;
        let second = approved_sme(&app).await;
        let desk = app.user(Role::Desk);
        app.patch(&format!("/api/v1/companies/{}", second.company_id.unwrap()))
            .by(&desk)
            .json(&json!({"ward": "chuo", "industry": "electronics"}))
            .send()
            .await
            .expect(200);
        let mut described = capability("表面処理", "Anodising", "surface_treatment", &[]);
        described["description_en"] = json!("Anodising for aluminium housings");
        add_capability(&app, &first, described).await;
        add_capability(&app, &first, capability("アルミ切削", "Aluminium milling", "machining", &["aluminium"])).await;
        add_capability(&app, &second, capability("アルミ筐体", "Aluminium housings", "machining", &[])).await;

        // Title matches first (in creation order), then the description-only match.
        assert_eq!(
            search(&app, "q=aluminium").await,
            ["Aluminium milling", "Aluminium housings", "Anodising"]
        );
        assert_eq!(search(&app, "q=aluminium&category=surface_treatment").await, ["Anodising"]);
        assert_eq!(search(&app, "q=aluminium&ward=chuo").await, ["Aluminium housings"]);
        assert_eq!(search(&app, "q=aluminium&industry=electronics").await, ["Aluminium housings"]);
        assert_eq!(search(&app, "q=aluminium&tag=aluminium").await, ["Aluminium milling"]);
        assert_eq!(
            search(&app, &format!("category=machining&company_id={}", second.company_id.unwrap())).await,
            ["Aluminium housings"]
        );

        // Keyset pages walk the same order without repeats, across the rank boundary.
        assert_eq!(
            search_page_by_page(&app, "q=aluminium&limit=1").await,
            ["Aluminium milling", "Aluminium housings", "Anodising"]
        );
        // A word no title, tag or company name holds: every match is of the second rank.
        let mut described = capability("精密研削", "Precision grinding", "machining", &[]);
        described["description_en"] = json!("Grinding of hardened housings");
        add_capability(&app, &second, described).await;
        assert_eq!(search(&app, "q=hardened").await, ["Precision grinding"]);
        assert_eq!(search(&app, "q=housings").await, ["Aluminium housings", "Anodising", "Precision grinding"]);
        assert_eq!(search(&app, "q=housings&category=machining").await, ["Aluminium housings", "Precision grinding"]);
        assert!(search(&app, "q=hardened&category=casting").await.is_empty());
        for bad in ["limit=0", "category=lasers", "ward=shibuya", "cursor=bm9wZQ", "company_id=42"] {
            app.get(&format!("/api/v1/capabilities?{bad}")).send().await.problem(422);
        }
    }
);

api_test!(
    /// On PostgreSQL the public catalogue asks for a common word in a form no index serves
    /// (its plan walks the catalogue in id order) and for a rare one through the GIN index,
    /// as `ANALYZE`'s statistics say (`db::search::PgMatch`). Whichever form a word gets, its
    /// pages must be the same, across the rank boundary.
    async fn common_and_rare_words_page_alike_whatever_plan_they_get(backend) {
        use std::sync::{Arc, Mutex};

        use diesel::connection::{Connection, InstrumentationEvent};
        use diesel::RunQueryDsl;
        use sagamihara_match::capabilities::store::{
            search_capabilities, CatalogueCursor, CatalogueQuery, Visibility,
        };
        use sagamihara_match::db::search::{Fields, PgMatch, TermFrequencies};
        use sagamihara_match::search_terms::query_terms;

        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        // "press" in eight titles, and in three descriptions only (rank 1), interleaved.
        let (mut in_titles, mut described_only) = (Vec::new(), Vec::new());
        for i in 0..11 {
            if i % 4 == 3 {
                let title = format!("Deep drawing {i}");
                let mut described = capability(&format!("深絞り{i}"), &title, "machining", &[]);
                described["description_en"] = json!("On our servo press line");
                add_capability(&app, &sme, described).await;
                described_only.push(title);
            } else {
                let title = format!("Press forming {i}");
                add_capability(&app, &sme, capability(&format!("プレス{i}"), &title, "machining", &[])).await;
                in_titles.push(title);
            }
        }
        let expected: Vec<String> = in_titles.into_iter().chain(described_only).collect();

        let mut conn = app.state.pool.get().expect("connection");
        let press = query_terms("press");
        let rare = TermFrequencies::read(&mut conn).expect("statistics before ANALYZE");
        assert_eq!(rare.kept_match(&press, Fields::Primary), PgMatch::KeptIndexed);
        diesel::sql_query("ANALYZE capabilities").execute(&mut conn).expect("analyze");
        let common = TermFrequencies::read(&mut conn).expect("statistics after ANALYZE");
        if backend == Backend::Postgres {
            assert_eq!(common.kept_match(&press, Fields::Primary), PgMatch::KeptWalk);
            assert_eq!(common.kept_match(&press, Fields::SecondaryOnly), PgMatch::KeptWalk);
        }

        let statements = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&statements);
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| match event {
            InstrumentationEvent::StartQuery { query, .. } => {
                seen.lock().unwrap().push(("run", query.to_string()))
            }
            InstrumentationEvent::CacheQuery { sql, .. } => {
                seen.lock().unwrap().push(("prepare", sql.to_owned()))
            }
            _ => {}
        });
        for category in [None, Some("machining".to_owned())] {
            let query = CatalogueQuery { terms: press.clone(), category, ..CatalogueQuery::default() };
            for (frequencies, form) in [(&rare, "@@ (SELECT to_tsquery"), (&common, "ts_match_vq(")] {
                statements.lock().unwrap().clear();
                let mut titles = Vec::new();
                let mut after = None;
                loop {
                    let page = search_capabilities(&mut conn, frequencies, &query, &Visibility::Public, after.as_ref(), 3)
                        .expect("search");
                    titles.extend(page.iter().map(|((row, _), _)| row.title_en.clone()));
                    match page.last() {
                        Some(((row, _), rank)) if page.len() == 3 => {
                            after = Some(CatalogueCursor { rank: *rank, id: row.id.clone() })
                        }
                        _ => break,
                    }
                }
                assert_eq!(titles, expected, "{query:?} as {form}");
                if backend == Backend::Postgres {
                    // Asked in that form, in statements prepared once and then reused.
                    let statements = statements.lock().unwrap();
                    let count = |what| {
                        statements.iter().filter(|(event, sql)| *event == what && sql.contains(form)).count()
                    };
                    assert!(count("prepare") >= 1, "{form} expected in {statements:?}");
                    assert!(count("run") > count("prepare"), "nothing reused: {statements:?}");
                }
            }
        }
        drop(conn);

        // The service reads the statistics itself (now: "press" is common).
        assert_eq!(search_page_by_page(&app, "q=press&limit=3").await, expected);
    }
);

api_test!(
    async fn the_index_follows_every_write(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let created = add_capability(&app, &sme, capability("旋盤加工", "Lathe turning", "machining", &[])).await;
        let id = created["id"].as_str().unwrap();
        assert_eq!(search(&app, &format!("q={}", encode("旋盤"))).await, ["Lathe turning"]);
        app.patch(&format!("/api/v1/capabilities/{id}"))
            .by(&sme)
            .json(&json!({"title_ja": "研削加工", "title_en": "Grinding"}))
            .send()
            .await
            .expect(200);
        assert!(search(&app, &format!("q={}", encode("旋盤"))).await.is_empty());
        assert_eq!(search(&app, &format!("q={}", encode("研削"))).await, ["Grinding"]);
        // The company's name is searchable with its capabilities, and follows a rename.
        app.patch(&format!("/api/v1/companies/{}", sme.company_id.unwrap()))
            .by(&sme)
            .json(&json!({"name_en": "Hashimoto Grinders"}))
            .send()
            .await
            .expect(200);
        assert_eq!(search(&app, "q=hashimoto").await, ["Grinding"]);
        app.delete(&format!("/api/v1/capabilities/{id}")).by(&sme).send().await.expect(204);
        assert!(search(&app, "q=hashimoto").await.is_empty());
    }
);

api_test!(
    async fn the_capability_lifecycle_only_moves_forward(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let mut body = capability("プレス加工", "Press work", "stamping", &[]);
        body["status"] = json!("draft");
        let draft = add_capability(&app, &sme, body).await;
        let id = draft["id"].as_str().unwrap();
        app.get(&format!("/api/v1/capabilities/{id}")).send().await.problem(404);
        app.get(&format!("/api/v1/capabilities/{id}")).by(&sme).send().await.expect(200);
        let own_drafts = app
            .get(&format!("/api/v1/capabilities?status=draft&company_id={}", sme.company_id.unwrap()))
            .by(&sme)
            .send()
            .await
            .expect(200);
        assert_eq!(own_drafts["items"].as_array().unwrap().len(), 1);
        app.get("/api/v1/capabilities?status=draft").send().await.problem(403);
        // The desk finds drafts by their text as well; the public catalogue does not.
        let desk = app.user(Role::Desk);
        let desk_titles = |query: &'static str| {
            let (app, desk) = (&app, &desk);
            async move {
                let page = app.get(&format!("/api/v1/capabilities?{query}")).by(desk).send().await.expect(200);
                page["items"].as_array().unwrap().iter().map(|c| c["title_en"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
            }
        };
        assert_eq!(desk_titles("status=draft&q=press").await, ["Press work"]);
        assert!(desk_titles("status=published&q=press").await.is_empty());
        assert!(search(&app, "q=press").await.is_empty());

        app.patch(&format!("/api/v1/capabilities/{id}")).by(&sme).json(&json!({"status": "published"})).send().await.expect(200);
        app.get(&format!("/api/v1/capabilities/{id}")).send().await.expect(200);
        assert!(desk_titles("status=draft&q=press").await.is_empty());
        assert_eq!(desk_titles("status=published&q=press").await, ["Press work"]);
        assert_eq!(search(&app, "q=press").await, ["Press work"]);
        let problem = app
            .patch(&format!("/api/v1/capabilities/{id}"))
            .by(&sme)
            .json(&json!({"status": "draft"}))
            .send()
            .await
            .problem(409);
        assert!(problem["detail"].as_str().unwrap().contains("published"));
        app.delete(&format!("/api/v1/capabilities/{id}")).by(&sme).send().await.expect(204);
        // Archived: kept (the desk and the company still read it) but out of the catalogue.
        app.get(&format!("/api/v1/capabilities/{id}")).send().await.problem(404);
        let archived = app.get(&format!("/api/v1/capabilities/{id}")).by(&sme).send().await.expect(200);
        assert_eq!(archived["status"], "archived");
        assert!(search(&app, "q=press").await.is_empty());
        app.patch(&format!("/api/v1/capabilities/{id}")).by(&sme).json(&json!({"title_en": "Again"})).send().await.problem(409);
        app.delete(&format!("/api/v1/capabilities/{id}")).by(&sme).send().await.expect(204);
    }
);

api_test!(
    async fn suspension_needs_a_reason_and_hides_the_company(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let company = sme.company_id.unwrap();
        add_capability(&app, &sme, capability("鋳造", "Sand casting", "casting", &[])).await;
        let desk = app.user(Role::Desk);
        let problem = app.post(&format!("/api/v1/companies/{company}/suspend")).by(&desk).json(&json!({})).send().await.problem(422);
        assert_eq!(error_fields(&problem), ["reason"]);
        let suspended = app
            .post(&format!("/api/v1/companies/{company}/suspend"))
            .by(&desk)
            .json(&json!({"reason": "export control review"}))
            .send()
            .await
            .expect(200);
        assert_eq!(suspended["status"], "suspended");
        assert_eq!(suspended["status_reason"], "export control review");
        assert!(search(&app, "q=casting").await.is_empty());
        app.get(&format!("/api/v1/companies/{company}")).send().await.problem(404);
        let own = app.get(&format!("/api/v1/companies/{company}")).by(&sme).send().await.expect(200);
        assert_eq!(own["status_reason"], "export control review");
        app.post(&format!("/api/v1/companies/{company}/suspend"))
            .by(&desk)
            .json(&json!({"reason": "again"}))
            .send()
            .await
            .problem(409);
        let listed = app.get("/api/v1/companies?status=suspended").by(&desk).send().await.expect(200);
        assert_eq!(listed["items"].as_array().unwrap().len(), 1);
        app.get("/api/v1/companies?status=suspended").send().await.problem(403);
        let public = app.get("/api/v1/companies").send().await.expect(200);
        assert!(public["items"].as_array().unwrap().is_empty());
    }
);

api_test!(
    async fn profile_writes_are_validated_and_status_is_not_writable(backend) {
        let app = TestApp::new(backend).await;
        let sme = app.user(Role::Sme);
        let company = sme.company_id.unwrap();
        let problem = app
            .patch(&format!("/api/v1/companies/{company}"))
            .by(&sme)
            .json(&json!({
                "website": "javascript:alert(1)", "employees": -1, "founded_year": 3000,
                "export_countries": ["XX"], "languages": ["japanese"]
            }))
            .send()
            .await
            .problem(422);
        assert_eq!(
            error_fields(&problem),
            ["employees", "founded_year", "website", "export_countries[0]", "languages[0]"]
        );
        let problem = app
            .patch(&format!("/api/v1/companies/{company}"))
            .by(&sme)
            .json(&json!({"name_ja": "", "industry": ""}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["industry", "name_ja"]);
        for field in ["status", "id", "status_reason"] {
            let problem = app
                .patch(&format!("/api/v1/companies/{company}"))
                .by(&sme)
                .json(&json!({ field: "approved" }))
                .send()
                .await
                .problem(422);
            assert_eq!(error_fields(&problem), [field]);
        }
        let problem = app
            .post(&format!("/api/v1/companies/{company}/capabilities"))
            .by(&sme)
            .json(&json!({"title_ja": "x", "title_en": "x", "category": "lasers", "company_id": company}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem).len(), 1);
        let problem = app
            .post(&format!("/api/v1/companies/{company}/capabilities"))
            .by(&sme)
            .json(&json!({"title_ja": "x", "title_en": "x", "category": "other", "min_lot": 0, "lead_time_days": -3}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["lead_time_days", "min_lot"]);
        let problem = app
            .post(&format!("/api/v1/companies/{company}/capabilities"))
            .by(&sme)
            .json(&json!({"title_ja": "x", "title_en": "x", "category": "other", "tags": ["", "x".repeat(51)]}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["tags[0]", "tags[1]"]);
        let still = app.get(&format!("/api/v1/companies/{company}")).by(&sme).send().await.expect(200);
        assert_eq!(still["status"], "pending");
        assert_eq!(still["website"], Value::Null);
    }
);

api_test!(
    async fn buyers_are_verified_by_the_desk_and_see_only_themselves(backend) {
        let app = TestApp::new(backend).await;
        let buyer = app.user(Role::Buyer);
        let other = app.new_user(Role::Buyer);
        let own = app.get(&format!("/api/v1/buyers/{}", buyer.buyer_id.unwrap())).by(&buyer).send().await.expect(200);
        assert_eq!(own["verified"], false);
        app.get(&format!("/api/v1/buyers/{}", other.buyer_id.unwrap())).by(&buyer).send().await.problem(404);
        app.patch(&format!("/api/v1/buyers/{}", other.buyer_id.unwrap()))
            .by(&buyer)
            .json(&json!({"name": "Taken over"}))
            .send()
            .await
            .problem(404);
        let problem = app
            .patch(&format!("/api/v1/buyers/{}", buyer.buyer_id.unwrap()))
            .by(&buyer)
            .json(&json!({"country": "Thailand", "website": "ftp://example.com", "languages": ["xx"]}))
            .send()
            .await
            .problem(422);
        assert_eq!(error_fields(&problem), ["country", "website", "languages[0]"]);
        app.patch(&format!("/api/v1/buyers/{}", buyer.buyer_id.unwrap()))
            .by(&buyer)
            .json(&json!({"verified": true}))
            .send()
            .await
            .problem(422);
        app.post(&format!("/api/v1/buyers/{}/verify", buyer.buyer_id.unwrap())).by(&buyer).send().await.problem(403);
        let desk = app.user(Role::Desk);
        let verified = app.post(&format!("/api/v1/buyers/{}/verify", buyer.buyer_id.unwrap())).by(&desk).send().await.expect(200);
        assert_eq!(verified["verified"], true);
        app.post(&format!("/api/v1/buyers/{}/verify", buyer.buyer_id.unwrap())).by(&desk).send().await.problem(409);
        let listed = app.get("/api/v1/buyers?verified=true").by(&desk).send().await.expect(200);
        assert_eq!(listed["items"].as_array().unwrap().len(), 1);
        app.get("/api/v1/buyers").by(&buyer).send().await.problem(403);
    }
);

api_test!(
    async fn recommendations_are_deterministic_and_explain_themselves(backend) {
        let app = TestApp::new(backend).await;
        let sme = approved_sme(&app).await;
        let mut described = capability("樹脂成形", "Injection moulding", "plastics", &[]);
        described["description_en"] = json!("Medical-grade resin parts");
        add_capability(&app, &sme, described).await;
        add_capability(&app, &sme, capability("医療機器組立", "Medical device assembly", "assembly", &["medical"])).await;
        add_capability(&app, &sme, capability("板金", "Sheet metal", "stamping", &[])).await;
        let buyer = app.user(Role::Buyer);
        app.patch(&format!("/api/v1/buyers/{}", buyer.buyer_id.unwrap()))
            .by(&buyer)
            .json(&json!({"interests": {"categories": ["assembly"], "tags": ["medical"]}}))
            .send()
            .await
            .expect(200);
        let path = format!("/api/v1/buyers/{}/recommendations", buyer.buyer_id.unwrap());
        let first = app.get(&path).by(&buyer).send().await.expect(200);
        let again = app.get(&path).by(&buyer).send().await.expect(200);
        assert_eq!(first, again);
        let items = first["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["capability"]["title_en"], "Medical device assembly");
        assert_eq!(items[0]["reasons"], json!(["category: assembly", "tag: medical"]));
        assert_eq!(items[1]["capability"]["title_en"], "Injection moulding");
        assert_eq!(items[1]["reasons"], json!(["text: medical"]));
        let other = app.new_user(Role::Buyer);
        app.get(&path).by(&other).send().await.problem(404);
        app.get(&path).send().await.problem(401);
    }
);
